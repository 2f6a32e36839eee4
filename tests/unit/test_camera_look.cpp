#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/camera_look.h"

using namespace hairline;

namespace {

// Shapes with sharp edges at every angle and sub-pixel position (rendered at
// 8x and area-averaged down, as a sensor integrates), then a known Gaussian
// blur and noise.
cv::Mat test_chart(double blur_px, double noise, unsigned seed = 1) {
    cv::Mat big(320 * 8, 320 * 8, CV_8UC1, cv::Scalar(70));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pos(100, 2460), radius(60, 320), level(130, 220);
    for (int i = 0; i < 40; ++i) cv::circle(big, {pos(rng), pos(rng)}, radius(rng), cv::Scalar(level(rng)), cv::FILLED);
    for (int i = 0; i < 20; ++i) {
        const cv::Point a(pos(rng), pos(rng)), b(pos(rng), pos(rng));
        cv::rectangle(big, a, b, cv::Scalar(level(rng) - 60), cv::FILLED);
    }
    cv::Mat small;
    cv::resize(big, small, cv::Size(320, 320), 0, 0, cv::INTER_AREA);
    cv::Mat f;
    small.convertTo(f, CV_32F);
    if (blur_px > 0) cv::GaussianBlur(f, f, cv::Size(0, 0), blur_px);
    cv::Mat n(f.size(), CV_32F);
    cv::randn(n, 0.0, noise);
    f += n;
    cv::Mat out;
    f.convertTo(out, CV_8U);
    return out;
}

}  // namespace

TEST_CASE("the frame's blur is measured from its edges", "[unit][look]") {
    for (const double sigma : {0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.5, 4.0}) {
        const auto estimate = estimate_blur_px(test_chart(sigma, 0.5), cv::Mat());
        REQUIRE(estimate.has_value());
        INFO("true blur " << sigma << " px, estimated " << *estimate);
        std::printf("blur %.2f -> %.3f\n", sigma, *estimate);
        CHECK(*estimate == Approx(sigma).epsilon(0.2));
    }
    // An unblurred chart (only the pixel's own area) reads as sharp.
    const auto sharp = estimate_blur_px(test_chart(0.0, 0.5), cv::Mat());
    REQUIRE(sharp.has_value());
    CHECK(*sharp < 0.6);
    // A flat image has no edges to measure.
    CHECK_FALSE(estimate_blur_px(cv::Mat(100, 100, CV_8UC1, cv::Scalar(128)), cv::Mat()).has_value());
}

TEST_CASE("the frame's noise is measured on flat areas, ignoring smooth shading", "[unit][look]") {
    for (const double sigma : {1.0, 3.0, 6.0}) {
        cv::Mat shaded(200, 200, CV_32F);
        for (int y = 0; y < shaded.rows; ++y)
            for (int x = 0; x < shaded.cols; ++x) shaded.at<float>(y, x) = 90.0f + 0.4f * x + 0.0015f * y * y;
        cv::Mat n(shaded.size(), CV_32F);
        cv::randn(n, 0.0, sigma);
        cv::Mat image;
        cv::Mat(shaded + n).convertTo(image, CV_8U);
        const auto estimate = estimate_noise_level(image, cv::Mat());
        REQUIRE(estimate.has_value());
        INFO("true noise " << sigma << ", estimated " << *estimate);
        CHECK(*estimate == Approx(sigma).epsilon(0.15).margin(0.3));
    }
}
