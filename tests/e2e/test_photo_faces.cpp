// Faces in still photos: a group photo's small neighbours are found too (so
// their heads are never taken for the client's), without changing which face
// is the client or how it is boxed; a face barely the detector's window is
// boxed by the enlarged search.
#include <catch2/catch.hpp>

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/track/face_detector.h"
#include "engine/track/photo_face.h"
#include "tests/support/test_support.h"

namespace hairline {
namespace {

// The demo portrait's head and shoulders (below them, at some scales, the
// detector takes the suit's round mission patch for a faint face).
cv::Mat demo_bgr() {
    const cv::Mat bgr = cv::imread(test::source_path("assets/astronaut.png"));
    REQUIRE(bgr.rows >= 260);
    return bgr(cv::Rect(0, 0, bgr.cols, 260)).clone();
}

cv::Mat gray_of(const cv::Mat& bgr) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

// The demo portrait at `scale`, pasted on a plain canvas at `at`.
void paste(cv::Mat& canvas, const cv::Mat& bgr, double scale, cv::Point at) {
    cv::Mat small;
    cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
    small.copyTo(canvas(cv::Rect(at, small.size())));
}

double distance(const FaceBox& a, const FaceBox& b) {
    return std::max({std::abs(a.left - b.left), std::abs(a.top - b.top), std::abs(a.width - b.width),
                     std::abs(a.height - b.height)});
}

}  // namespace

TEST_CASE("photo faces: a small neighbour is found, the client and its box stay", "[e2e][photo]") {
    const cv::Mat demo = demo_bgr();
    const FaceDetector detector;
    // The portrait alone on a 900x600 canvas (the client), then with a copy
    // at half size beside it: a neighbour whose face (~45 px) the detector's
    // 80 px window finds only in the enlarged search.
    cv::Mat alone(600, 900, CV_8UC3, cv::Scalar(128, 128, 128));
    paste(alone, demo, 1.0, {0, 44});
    cv::Mat group = alone.clone();
    constexpr double kSmall = 0.5;
    paste(group, demo, kSmall, {600, 200});
    const auto predictor = test::landmark_predictor();
    const auto client = find_largest_face(alone, detector, *predictor, "alone");
    const auto both = find_largest_face(group, detector, *predictor, "group");
    REQUIRE(client.ok());
    REQUIRE(both.ok());
    CHECK(client.value().faces_found == 1);
    CHECK(both.value().faces_found == 2);
    CHECK(distance(both.value().detector_box, client.value().detector_box) == 0.0);
    REQUIRE(both.value().others.size() == 1);
    // The neighbour's face is the small copy's (at half the client's place,
    // shifted to where the copy was pasted).
    const glm::dvec2 expected = kSmall * (client.value().detector_box.center() - glm::dvec2(0, 44)) + glm::dvec2(600, 200);
    CHECK(glm::length(both.value().others.front().center() - expected) < 0.3 * kSmall * client.value().detector_box.width);
}

TEST_CASE("photo faces: a face barely the detector's window is boxed by the enlarged search", "[e2e][photo]") {
    const cv::Mat demo = demo_bgr();
    const FaceDetector detector;
    // The portrait's face is about 130 px wide; at 0.62 about 80 px: found at
    // the photo's own size only at the pyramid's first level.
    cv::Mat canvas(400, 400, CV_8UC3, cv::Scalar(128, 128, 128));
    paste(canvas, demo, 0.62, {40, 40});
    const cv::Mat gray = gray_of(canvas);
    const auto own = detector.detect(gray, 1.0);
    const auto enlarged = detector.detect(gray, 2.0);
    REQUIRE(own.size() == 1);
    REQUIRE(enlarged.size() == 1);
    REQUIRE(own.front().box.width < 100.0);  // within 1.25 windows
    const auto faces = detect_faces_in_photo(detector, gray);
    REQUIRE(faces.size() == 1);
    CHECK(distance(faces.front().box, enlarged.front().box) == 0.0);
    CHECK(distance(faces.front().box, own.front().box) > 0.0);
}

}  // namespace hairline
