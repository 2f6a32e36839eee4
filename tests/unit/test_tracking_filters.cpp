#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include <glm/geometric.hpp>

#include "engine/track/detector_worker.h"
#include "engine/track/landmark_smoother.h"
#include "engine/track/one_euro.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

constexpr double kDt = 1.0 / 30.0;

Landmarks frontal_landmarks() {
    FaceProjection p;
    p.camera = CameraIntrinsics{3200.0, {640.0, 360.0}};
    p.pose = pose_from_angles({}, {0.0, 0.0, 2000.0});
    return test::synthetic_landmarks(p);
}

}  // namespace

TEST_CASE("One Euro filter: a still input gives a still output", "[unit][tracking]") {
    OneEuroFilter f({0.4, 60.0, 1.0});
    for (int i = 0; i < 100; ++i) CHECK(f.filter(3.25, kDt) == 3.25);
}

TEST_CASE("One Euro filter: a step settles within the documented time", "[unit][tracking]") {
    // docs/tracking.md: a sudden 0.1 face-size jump settles to within 1% in
    // about 10 frames at 30 fps with the translation parameters.
    OneEuroFilter f({0.4, 60.0, 1.0});
    f.filter(0.0, kDt);
    int frames_to_settle = -1;
    for (int i = 1; i <= 60; ++i) {
        const double y = f.filter(0.1, kDt);
        if (frames_to_settle < 0 && std::abs(y - 0.1) < 0.001) frames_to_settle = i;
    }
    CHECK(frames_to_settle > 0);
    CHECK(frames_to_settle <= 12);
}

TEST_CASE("One Euro filter: noise on a still signal is reduced", "[unit][tracking]") {
    std::mt19937 rng(1);
    std::normal_distribution<double> noise(0.0, 1.0);
    OneEuroFilter f({0.4, 60.0, 1.0});
    double raw_step2 = 0, out_step2 = 0, prev_raw = 0, prev_out = 0;
    for (int i = 0; i < 600; ++i) {
        const double x = 0.002 * noise(rng);  // 0.2% of a face size per frame, as measured
        const double y = f.filter(x, kDt);
        if (i > 30) {
            raw_step2 += (x - prev_raw) * (x - prev_raw);
            out_step2 += (y - prev_out) * (y - prev_out);
        }
        prev_raw = x;
        prev_out = y;
    }
    CHECK(std::sqrt(out_step2 / raw_step2) < 0.25);  // frame-to-frame jitter cut at least 4x
}

TEST_CASE("rigid 2D fit recovers a known similarity", "[unit][tracking]") {
    const Landmarks base = frontal_landmarks();
    const RigidPose2D b = fit_rigid_2d(base);
    Landmarks moved{};
    const double angle = 0.2, scale = 1.3;
    const glm::dvec2 shift{40, -25};
    for (std::size_t i = 0; i < base.size(); ++i) {
        const glm::dvec2 d = base[i] - b.center;
        moved[i] = b.center + shift + scale * glm::dvec2(std::cos(angle) * d.x - std::sin(angle) * d.y,
                                                         std::sin(angle) * d.x + std::cos(angle) * d.y);
    }
    const RigidPose2D m = fit_rigid_2d(moved);
    CHECK(m.scale / b.scale == Approx(scale));
    CHECK(m.roll_rad - b.roll_rad == Approx(angle));
    CHECK(glm::distance(m.center, b.center + shift) < 1e-9);

    // Moved, turned in the image plane and scaled: nothing a carried mask
    // cannot follow; nor is talking. The nose turned aside by a fifth of
    // the eyes' distance (a turn of the head) is.
    CHECK(nonrigid_drift(base, b, moved, m) < 1e-9);
    const double iod = iod_px(moved);
    Landmarks talking = moved, turned = moved;
    for (std::size_t i = 54; i <= 59; ++i) talking[i].y += 0.2 * iod;  // the lower lip
    CHECK(nonrigid_drift(base, b, talking, fit_rigid_2d(talking)) < 0.02);  // the pose fit moves a little with the lip
    for (std::size_t i = 27; i <= 35; ++i) turned[i].x += 0.2 * iod;  // the nose
    const double drift = nonrigid_drift(base, b, turned, fit_rigid_2d(turned));
    CHECK(drift > 0.05);
    CHECK(drift < 0.2);
}

TEST_CASE("landmark smoother: still in, still out; moving in, followed closely", "[unit][tracking]") {
    const Landmarks base = frontal_landmarks();
    const double iod = iod_px(base);
    LandmarkSmoother still;
    for (int i = 0; i < 30; ++i) {
        const Landmarks out = still.filter(base, kDt);
        for (std::size_t k = 0; k < base.size(); ++k) CHECK(glm::distance(out[k], base[k]) < 1e-6);
    }
    // A head panning at half a face size per second (15 px/frame here).
    LandmarkSmoother moving;
    double worst_lag = 0.0;
    for (int i = 0; i < 90; ++i) {
        Landmarks now = base;
        for (auto& p : now) p.x += 0.5 * iod * i * kDt;
        const Landmarks out = moving.filter(now, kDt);
        if (i > 20) worst_lag = std::max(worst_lag, glm::distance(out[30], now[30]) / iod);
    }
    CHECK(worst_lag < 0.01);  // under 1% of the IOD once moving steadily
}

TEST_CASE("landmark smoother: extrapolation carries the motion one frame ahead", "[unit][tracking]") {
    const Landmarks base = frontal_landmarks();
    LandmarkSmoother s;
    Landmarks now = base;
    for (int i = 0; i < 60; ++i) {
        now = base;
        for (auto& p : now) p.y += 3.0 * i;
        s.filter(now, kDt);
    }
    const Landmarks ahead = s.extrapolate(kDt);
    CHECK(ahead[30].y - now[30].y == Approx(3.0).margin(0.5));
}

TEST_CASE("mirror index pairs left and right landmarks", "[unit][tracking]") {
    const auto& m = mirror_landmark_index();
    for (int i = 0; i < kLandmarkCount; ++i) CHECK(m[static_cast<std::size_t>(m[static_cast<std::size_t>(i)])] == i);
    CHECK(m[36] == 45);
    CHECK(m[0] == 16);
    CHECK(m[30] == 30);
    // The mirrored generic face, relabelled, is the face itself.
    const Landmarks base = frontal_landmarks();
    const double cx = glabella(base).x;
    for (int i = 0; i < kLandmarkCount; ++i) {
        const glm::dvec2 p = base[static_cast<std::size_t>(i)];
        const glm::dvec2 q = base[static_cast<std::size_t>(m[static_cast<std::size_t>(i)])];
        CHECK(2 * cx - q.x == Approx(p.x).margin(0.05));
        CHECK(q.y == Approx(p.y).margin(0.05));
    }
}

TEST_CASE("detector boxes map back from crops to the frame", "[unit][tracking]") {
    // A crop scaled by 0.5 and shifted: to_frame undoes it.
    const cv::Matx23d to_frame(2.0, 0.0, 100.0, 0.0, 2.0, 50.0);
    const FaceBox in_crop{10, 20, 40, 40};
    const FaceBox in_frame = box_to_frame(in_crop, to_frame);
    CHECK(in_frame.width == Approx(80));
    CHECK(in_frame.center().x == Approx(100 + 2 * 30));
    CHECK(in_frame.center().y == Approx(50 + 2 * 40));
}

TEST_CASE("checks and searches look at the reference search's own scales", "[unit][tracking]") {
    // dlib's search of the frame enlarged 2x sees it at 2 (5/6)^k.
    CHECK(reference_scale(0) == Approx(2.0));
    CHECK(reference_scale(4) == Approx(2.0 * 625.0 / 1296.0));
    // A 300 px face is first at most 100 px at 2 (5/6)^k: the level where that begins.
    const int k = reference_level_at_most(300.0, 100.0);
    CHECK(300.0 * reference_scale(k) <= 100.0);
    CHECK(300.0 * reference_scale(k - 1) > 100.0);
    // A small face is looked at enlarged, never beyond the reference's 2x.
    CHECK(reference_level_at_most(30.0, 100.0) == 0);
    // Searches: the faces of the smallest size looked for still fill the 80 px window.
    const int s = reference_level_to_find(85.0);
    CHECK(85.0 * reference_scale(s) >= kDetectorWindowPx);
    CHECK(85.0 * reference_scale(s + 1) < kDetectorWindowPx);
    CHECK(s == 4);  // 0.965 of the frame
}
