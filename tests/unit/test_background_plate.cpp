// The background plate of a still camera (background_plate.h): learnt where
// the client is not and the picture holds still, started again on a new
// scene, and laid where a carried shave layer's hair became background.

#include <catch2/catch.hpp>

#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/background_plate.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

const cv::Size kSize(320, 240);

// A textured wall: what the camera sees behind the client.
cv::Mat wall(int seed) {
    cv::Mat out(kSize, CV_8UC3);
    cv::randu(out, 40, 200);
    cv::GaussianBlur(out, out, cv::Size(0, 0), 1.5);
    if (seed) cv::add(out, cv::Scalar::all(seed), out);
    return out;
}

// The wall with a "head" (a disc of one colour) at x.
cv::Mat frame_with_head(const cv::Mat& background, int x, cv::Mat* client = nullptr) {
    cv::Mat out = background.clone();
    cv::circle(out, {x, 120}, 50, cv::Scalar(60, 90, 140), cv::FILLED);
    if (client) {
        *client = cv::Mat(kSize, CV_8UC1, cv::Scalar(0));
        cv::circle(*client, {x, 120}, 55, cv::Scalar(255), cv::FILLED);
    }
    return out;
}

// A plate that has seen `background` whole, with nobody before it.
BackgroundPlate plate_of(const cv::Mat& background) {
    BackgroundPlate plate;
    const cv::Mat nobody(kSize, CV_8UC1, cv::Scalar(0));
    for (int i = 0; i < 4; ++i) learn_seen_background(plate, background, nobody, cv::Rect(cv::Point(), kSize));
    return plate;
}

// A layer of grey at (100, 50), 80x60: its left half rebuilt background, its right half new skin.
ShaveLayer grey_layer() {
    ShaveLayer layer;
    layer.rect = cv::Rect(100, 50, 80, 60);
    layer.bgra = cv::Mat(layer.rect.size(), CV_8UC4, cv::Scalar(128, 128, 128, 255));
    layer.background = cv::Mat(layer.rect.size(), CV_8UC1, cv::Scalar(0));
    layer.background(cv::Rect(0, 0, 40, 60)).setTo(255);
    return layer;
}

double mean_error(const cv::Mat& a, const cv::Mat& b, const cv::Mat& where) {
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    return cv::mean(diff, where)[1];
}

}  // namespace

TEST_CASE("background plate: what the client showed by moving is learnt as it is; the client never", "[unit][shave]") {
    const cv::Mat background = wall(0);
    const cv::Rect all(cv::Point(), kSize);
    BackgroundPlate plate;
    cv::Mat client;
    // The head stands at the left for a while, then moves to the right and stays.
    for (int i = 0; i < 5; ++i) learn_seen_background(plate, frame_with_head(background, 90, &client), client, all);
    cv::Mat left_head = client.clone();
    for (int i = 0; i < 5; ++i) learn_seen_background(plate, frame_with_head(background, 230, &client), client, all);
    cv::Mat right_head = client.clone();
    // Where the head was at first and is no longer: the wall, as it is.
    const cv::Mat shown = left_head & ~right_head;
    CHECK(cv::countNonZero(shown & (plate.known == kSeenReal)) == cv::countNonZero(shown));
    CHECK(mean_error(plate.bgr, background, shown) < 1.0);
    // Where the head is now, the wall learnt before it came, not the head.
    CHECK(mean_error(plate.bgr, background, right_head & (plate.known == kSeenReal)) < 1.0);
    // A head that never moved: nothing is known behind it.
    BackgroundPlate still;
    for (int i = 0; i < 5; ++i) learn_seen_background(still, frame_with_head(background, 160, &client), client, all);
    CHECK(cv::countNonZero(client & still.known) == 0);
    CHECK(cv::countNonZero(~client & (still.known == kSeenReal)) == cv::countNonZero(~client));
}

TEST_CASE("background plate: a hand passing is not learnt; a new scene starts the plate again", "[unit][shave]") {
    const cv::Mat background = wall(0);
    const cv::Rect all(cv::Point(), kSize);
    const cv::Mat nobody(kSize, CV_8UC1, cv::Scalar(0));
    BackgroundPlate plate;
    for (int i = 0; i < 4; ++i) learn_seen_background(plate, background, nobody, all);
    REQUIRE(cv::countNonZero(plate.known == kSeenReal) > kSize.area() * 9 / 10);
    // A hand sweeping across: never still two frames running.
    for (int i = 0; i < 6; ++i) {
        cv::Mat f = background.clone();
        cv::rectangle(f, cv::Rect(20 + 40 * i, 60, 40, 120), cv::Scalar(80, 120, 180), cv::FILLED);
        learn_seen_background(plate, f, nobody, all);
    }
    CHECK(mean_error(plate.bgr, background, plate.known == kSeenReal) < 1.0);
    // The camera turned to another wall: what was learnt goes.
    const cv::Mat other = wall(60);
    learn_seen_background(plate, other, nobody, all);
    CHECK(cv::countNonZero(plate.known) == 0);
    for (int i = 0; i < 4; ++i) learn_seen_background(plate, other, nobody, all);
    CHECK(mean_error(plate.bgr, other, plate.known == kSeenReal) < 1.0);
}

TEST_CASE("background plate: a carried layer's hair becomes the plate's background, its skull stays", "[unit][shave]") {
    const cv::Mat background = wall(0);
    const BackgroundPlate plate = plate_of(background);
    // A layer whose left half rebuilt background (grey guess), right half is new skin.
    const ShaveLayer layer = grey_layer();
    const ShaveLayer out = with_plate_background(layer, plate, background);
    cv::Mat shown;
    cv::cvtColor(out.bgra, shown, cv::COLOR_BGRA2BGR);
    const cv::Mat truth = background(layer.rect);
    const cv::Mat left = layer.background.clone(), right = ~layer.background;
    CHECK(mean_error(shown, truth, left) < 1.0);               // the wall itself
    CHECK(cv::mean(out.bgra, right)[0] == Approx(128.0));       // the skin as it was
    CHECK(cv::mean(out.bgra)[3] == Approx(255.0));              // the layer's cover unchanged
    CHECK(cv::mean(layer.bgra, left)[0] == Approx(128.0));      // the caller's layer untouched
    // Where the plate has not seen the wall, the layer's own rebuilt
    // background is learnt, and laid there again when carried.
    BackgroundPlate fresh;
    cv::Mat behind_layer(kSize, CV_8UC1, cv::Scalar(0));
    behind_layer(layer.rect).setTo(255);
    for (int i = 0; i < 4; ++i) learn_seen_background(fresh, background, behind_layer, cv::Rect(cv::Point(), kSize));
    learn_rebuilt_background(fresh, layer);
    CHECK(cv::countNonZero(fresh.known == kRebuilt) == 40 * 60);
    ShaveLayer moved = layer;
    moved.rect.x += 20;
    moved.bgra.setTo(cv::Scalar(0, 0, 0, 255));
    const ShaveLayer laid = with_plate_background(moved, fresh, background);
    cv::Mat laid_left = laid.bgra(cv::Rect(0, 0, 20, 60));  // still over the first layer's rebuilt place
    CHECK(cv::mean(laid_left)[0] == Approx(128.0));
}

TEST_CASE("background plate: not laid where it disagrees with the background seen beside the layer", "[unit][shave]") {
    const cv::Mat background = wall(0);
    const BackgroundPlate plate = plate_of(background);
    ShaveLayer layer = grey_layer();
    layer.bgra(cv::Rect(0, 0, 10, 60)).setTo(cv::Scalar::all(0));  // uncovered: the real background shows there
    // The picture moved (a camera panning, the demo's moving photo): the
    // plate no longer lies under what is seen, and is not used.
    cv::Mat moved;
    cv::warpAffine(background, moved, cv::Matx23d(1, 0, 6, 0, 1, 0), kSize, cv::INTER_LINEAR, cv::BORDER_REFLECT);
    const ShaveLayer kept = with_plate_background(layer, plate, moved);
    CHECK(cv::mean(kept.bgra(cv::Rect(10, 0, 30, 60)))[0] == Approx(128.0));
    // Where it agrees it is.
    const ShaveLayer laid = with_plate_background(layer, plate, background);
    cv::Mat shown;
    cv::cvtColor(laid.bgra(cv::Rect(10, 0, 30, 60)), shown, cv::COLOR_BGRA2BGR);
    const cv::Mat truth = background(cv::Rect(110, 50, 30, 60)).clone();
    CHECK(mean_error(shown, truth, cv::Mat(shown.size(), CV_8UC1, cv::Scalar(255))) < 1.0);
}

TEST_CASE("background plate: the client is the head with its hair, the face and the body below", "[unit][shave]") {
    const FaceOnFrame face = test::frontal_face(CameraIntrinsics{800.0, {160.0, 110.0}});
    cv::Mat head(kSize, CV_8UC1, cv::Scalar(0));
    cv::circle(head, {160, 80}, 40, cv::Scalar(255), cv::FILLED);
    const cv::Mat client = client_region(head, cv::Mat(), face.landmarks, kSize, cv::Rect(cv::Point(), kSize));
    CHECK(client.at<std::uint8_t>(80, 160) == 255);                   // the head
    CHECK(client.at<std::uint8_t>(kSize.height - 1, 160) == 255);     // the body below the chin
    CHECK(client.at<std::uint8_t>(5, 5) == 0);                        // the wall in the corner
    const double iod = iod_px(face.landmarks);
    const int margin = static_cast<int>(0.8 * kClientMarginIod * iod);
    CHECK(client.at<std::uint8_t>(80, 160 + 40 + margin) == 255);     // grown by the margin
}
