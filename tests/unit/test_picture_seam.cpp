// picture_top(): where the face's own picture begins in a collage, and that
// a real edge behind a head is not taken for a seam.

#include <catch2/catch.hpp>

#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/picture_seam.h"

using namespace hairline;

namespace {

// A noisy picture of one colour (a photo's grain), rows [y0, y1).
void paint(cv::Mat& img, int y0, int y1, cv::Scalar colour, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> grain(0.0, 4.0);
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < img.cols; ++x)
            for (int c = 0; c < 3; ++c)
                img.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(colour[c] + grain(rng));
}

}  // namespace

TEST_CASE("picture seam: a collage's straight seam above the head starts the face's picture", "[unit][seam]") {
    const double iod = 60.0;
    const glm::dvec2 glabella(300.0, 400.0);
    cv::Mat img(600, 600, CV_8UC3);
    paint(img, 0, 250, cv::Scalar(170, 150, 140), 1);   // another photo above (skin-like)
    paint(img, 250, 600, cv::Scalar(60, 40, 30), 2);    // the client's photo: a dark background
    cv::ellipse(img, cv::Point(300, 380), cv::Size(80, 110), 0, 0, 360, cv::Scalar(120, 140, 190), cv::FILLED);  // the head, cut by the seam
    const int top = picture_top(img, glabella, iod);
    CHECK(top >= 249);
    CHECK(top <= 252);

    SECTION("JPEG-like softening of the seam still finds it") {
        cv::GaussianBlur(img, img, cv::Size(0, 0), 0.8);
        const int soft = picture_top(img, glabella, iod);
        CHECK(soft >= 249);
        CHECK(soft <= 253);
    }
}

TEST_CASE("picture seam: an edge behind the head, hidden where the head is, is not a seam", "[unit][seam]") {
    const double iod = 60.0;
    const glm::dvec2 glabella(300.0, 400.0);
    cv::Mat img(600, 600, CV_8UC3);
    paint(img, 0, 300, cv::Scalar(200, 200, 200), 3);  // a wall
    paint(img, 300, 600, cv::Scalar(60, 60, 60), 4);   // a dark shelf below the wall's edge
    // The head stands before the edge, over the middle third of the span.
    cv::ellipse(img, cv::Point(300, 360), cv::Size(80, 110), 0, 0, 360, cv::Scalar(120, 140, 190), cv::FILLED);
    CHECK(picture_top(img, glabella, iod) == 0);
    // No seam at all: a plain photo.
    cv::Mat plain(600, 600, CV_8UC3);
    paint(plain, 0, 600, cv::Scalar(90, 100, 110), 5);
    CHECK(picture_top(plain, glabella, iod) == 0);
    // Bad input: nothing to say.
    CHECK(picture_top(cv::Mat(), glabella, iod) == 0);
    CHECK(picture_top(img, glabella, 0.0) == 0);
}
