// A photo's JPEG coding read from its headers (io/jpeg_coding.h) and given
// to the pixels a preview changes (analysis/compression_look.h): the
// quality and coding unit of files OpenCV's encoder writes, the EXIF
// orientation turning the unit grid, and an edited patch that comes out
// with the photo's own block edges while every other pixel stays.

#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/compression_look.h"
#include "engine/io/jpeg_coding.h"

using namespace hairline;

namespace {

// A photo-like picture: smooth shading and fine grain (JPEG quantises the grain).
cv::Mat textured(cv::Size size, std::uint32_t seed) {
    cv::Mat grain(size, CV_8UC3);
    cv::RNG rng(seed);
    rng.fill(grain, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(18));
    cv::Mat image(size, CV_8UC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(60 + x / 4), static_cast<uchar>(90 + y / 5), 150);
    cv::GaussianBlur(grain, grain, cv::Size(0, 0), 0.8);
    return image + grain - cv::Scalar::all(8);
}

std::vector<std::uint8_t> encoded(const cv::Mat& image, int quality) {
    std::vector<std::uint8_t> bytes;
    REQUIRE(cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}));
    return bytes;
}

// How much stronger the steps across column boundaries x = k * 8 + phase
// are than across the others, in `mask` (1: no block edges).
double block_edges(const cv::Mat& bgr, const cv::Mat& mask, int phase) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    double on = 0, off = 0;
    int n_on = 0, n_off = 0;
    for (int y = 0; y < gray.rows; ++y)
        for (int x = 1; x < gray.cols; ++x) {
            if (!mask.at<uchar>(y, x) || !mask.at<uchar>(y, x - 1)) continue;
            const double step = std::abs(gray.at<uchar>(y, x) - gray.at<uchar>(y, x - 1));
            if ((x - phase) % 8 == 0) on += step, ++n_on;
            else off += step, ++n_off;
        }
    REQUIRE(n_on > 100);
    return (on / n_on) / (off / n_off);
}

}  // namespace

TEST_CASE("jpeg coding: quality and coding unit are read from the headers", "[unit][io]") {
    const cv::Mat image = textured(cv::Size(96, 64), 1);
    for (const int quality : {40, 75, 80, 92}) {
        INFO("quality " << quality);
        const auto coding = read_jpeg_coding(encoded(image, quality));
        REQUIRE(coding);
        CHECK(std::abs(coding->quality - quality) <= 1);
        CHECK(coding->mcu_width == 16);  // OpenCV's encoder subsamples the chroma 2x2
        CHECK(coding->mcu_height == 16);
        CHECK(coding->orientation == 1);
    }
    cv::Mat gray;
    cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    const auto grey = read_jpeg_coding(encoded(gray, 85));
    REQUIRE(grey);
    CHECK(grey->mcu_width == 8);
}

TEST_CASE("jpeg coding: the EXIF orientation is read; broken headers give nothing", "[unit][io]") {
    std::vector<std::uint8_t> bytes = encoded(textured(cv::Size(64, 48), 2), 80);
    // An APP1 Exif segment after SOI: big-endian TIFF, IFD0 with one entry, orientation 6.
    const std::vector<std::uint8_t> app1 = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
                                            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
    REQUIRE(app1.size() == 2 + 0x22);
    std::vector<std::uint8_t> turned(bytes.begin(), bytes.begin() + 2);
    turned.insert(turned.end(), app1.begin(), app1.end());
    turned.insert(turned.end(), bytes.begin() + 2, bytes.end());
    const auto coding = read_jpeg_coding(turned);
    REQUIRE(coding);
    CHECK(coding->orientation == 6);
    // Cut anywhere in the headers, or with a segment longer than the file: nothing, no crash.
    std::size_t scan = 2;
    while (scan + 1 < turned.size() && !(turned[scan] == 0xFF && turned[scan + 1] == 0xDA)) ++scan;
    REQUIRE(scan > 200);
    for (std::size_t cut = 0; cut <= scan; ++cut) {
        const auto part = read_jpeg_coding(std::span<const std::uint8_t>(turned.data(), cut));
        CHECK_FALSE(part);
    }
    std::vector<std::uint8_t> lying = turned;
    lying[4] = 0xFF;  // the Exif segment's length far past the end
    CHECK_FALSE(read_jpeg_coding(lying));
    CHECK_FALSE(read_jpeg_coding(std::vector<std::uint8_t>{0x89, 'P', 'N', 'G'}));
}

TEST_CASE("compression look: the unit grid turns with the picture", "[unit][preview]") {
    const JpegCoding coding{80, 16, 16, 1};
    const cv::Size stored(100, 60);  // 100 = 6 * 16 + 4, 60 = 3 * 16 + 12
    CHECK(compression_look_of(coding, stored).phase == cv::Point(0, 0));
    JpegCoding turned = coding;
    turned.orientation = 3;
    CHECK(compression_look_of(turned, stored).phase == cv::Point(4, 12));
    turned.orientation = 6;  // shown 60 wide: the stored rows' rest is now on the left
    CHECK(compression_look_of(turned, stored).phase == cv::Point(12, 0));
    turned.orientation = 8;
    CHECK(compression_look_of(turned, stored).phase == cv::Point(0, 4));
    CHECK(compression_look_of(JpegCoding{80, 16, 8, 6}, stored).block == cv::Size(8, 16));
}

TEST_CASE("compression look: an edited patch takes the photo's block edges, the rest stays byte for byte", "[unit][preview]") {
    const int quality = 60;
    const cv::Mat photo = cv::imdecode(encoded(textured(cv::Size(160, 128), 3), quality), cv::IMREAD_COLOR);
    const auto coding = read_jpeg_coding(encoded(textured(cv::Size(160, 128), 3), quality));
    REQUIRE(coding);
    // A preview's change: a clean patch of new texture, not through JPEG.
    cv::Mat edited = photo.clone();
    const cv::Rect patch(37, 29, 70, 60);
    textured(patch.size(), 9).copyTo(edited(patch));
    cv::Mat inside(photo.size(), CV_8UC1, cv::Scalar(0));
    inside(patch).setTo(255);
    const cv::Mat looked = with_compression_look(photo, edited, compression_look_of(*coding, photo.size()));
    // Outside the patch: the photo's own pixels.
    cv::Mat difference;
    cv::absdiff(looked, photo, difference);
    cv::Mat outside_changed;
    cv::transform(difference, outside_changed, cv::Matx13f(1, 1, 1));
    CHECK(cv::countNonZero((outside_changed > 0) & ~inside) == 0);
    // Inside: block edges where the photo has them, as strong as the photo's.
    const cv::Mat whole(photo.size(), CV_8UC1, cv::Scalar(255));
    const double photo_edges = block_edges(photo, whole, 0);
    REQUIRE(photo_edges > 1.15);
    CHECK(block_edges(edited, inside, 0) < 1.05);
    CHECK(block_edges(looked, inside, 0) > 0.8 * photo_edges);
    // Not on another grid.
    CHECK(block_edges(looked, inside, 4) < 1.05);
    // Nothing changed: nothing to do.
    CHECK(cv::countNonZero(cv::Mat(with_compression_look(photo, photo, compression_look_of(*coding, photo.size())) != photo).reshape(1)) == 0);
}
