// Golden images: fixed designs rendered on a fixed synthetic frame, compared
// with tests/golden/*.png by a max and a mean per-pixel threshold. On a
// failure the actual image and a diff are written next to the test binary.
// Goldens change only through scripts/update_goldens, after looking at them.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include <glm/geometric.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/gl/egl_context.h"
#include "engine/render/renderer.h"
#include "engine/preview/preview_scene.h"
#include "engine/track/face_fit.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// Skin with smooth shading (no noise, so the goldens stay small PNGs).
cv::Mat golden_frame() {
    cv::Mat frame(300, 400, CV_8UC3);
    for (int y = 0; y < frame.rows; ++y)
        for (int x = 0; x < frame.cols; ++x) {
            const double shade = 0.8 + 0.2 * std::cos((x - 200) / 200.0) * std::cos((y - 150) / 260.0);
            frame.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(150 * shade),
                                                  cv::saturate_cast<uchar>(172 * shade),
                                                  cv::saturate_cast<uchar>(214 * shade));
        }
    return frame;
}

FaceFit golden_fit(PoseAngles angles = {}) {
    FaceProjection p;
    p.camera = CameraIntrinsics{4000.0, {200.0, 230.0}};
    p.pose = pose_from_angles(angles, {0.0, 20.0, 4000.0 * 0.5});  // 0.5 mm per pixel
    const Landmarks lm = test::synthetic_landmarks(p);
    auto fit = fit_face(lm, p.camera, 63.0);
    REQUIRE(fit.ok());
    return *fit;
}

std::shared_ptr<const DotField> golden_field(const FaceFit& fit) {
    static const auto field = std::make_shared<const DotField>(generate_dot_field(ScalpChart(fit.head), 1));
    return field;
}

cv::Mat render_design(const Design& design, const FaceFit& fit, const cv::Mat& frame) {
    hairline::test::shared_gl_context();
    auto renderer = Renderer::create();
    REQUIRE(renderer.ok());
    SkinTone tone;
    tone.lightness = 72;
    tone.fitzpatrick = 2;
    REQUIRE(renderer->render(frame, make_dot_scene(design, fit, tone, golden_field(fit))).ok());
    return renderer->read_bgr();
}

void compare_with_golden(const cv::Mat& actual, const std::string& name) {
    const std::string path = test::source_path("tests/golden/" + name + ".png");
    if (std::getenv("HAIRLINE_UPDATE_GOLDENS") != nullptr) {
        REQUIRE(cv::imwrite(path, actual));
        WARN("updated " << path);
        return;
    }
    const cv::Mat golden = cv::imread(path, cv::IMREAD_COLOR);
    REQUIRE_FALSE(golden.empty());
    REQUIRE(golden.size() == actual.size());
    cv::Mat diff;
    cv::absdiff(golden, actual, diff);
    double max_diff = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &max_diff);
    const double mean_diff = cv::mean(diff.reshape(1))[0];
    INFO(name << ": max " << max_diff << ", mean " << mean_diff);
    // Tolerances allow other drivers' rounding, not a different picture.
    const bool same = max_diff <= 48 && mean_diff <= 0.6;
    if (!same) {
        cv::imwrite(name + ".actual.png", actual);
        cv::imwrite(name + ".diff.png", diff * 4);
    }
    CHECK(same);
}

}  // namespace

TEST_CASE("golden: default design", "[gl][golden]") {
    compare_with_golden(render_design(Design{}, golden_fit(), golden_frame()), "default");
}

TEST_CASE("golden: mature preset, first session, fair-skin pigment", "[gl][golden]") {
    Design d;
    d.preset = Preset::Mature;
    d.sessions = 1;
    d.hairline_height_mm = 72;
    compare_with_golden(render_design(d, golden_fit(), golden_frame()), "mature_session1");
}

TEST_CASE("golden: widow's peak, five years faded, large dots", "[gl][golden]") {
    Design d;
    d.preset = Preset::WidowsPeak;
    d.fade_years = 5;
    d.dot_size_mm = 1.2;
    d.density_per_cm2 = 40;
    compare_with_golden(render_design(d, golden_fit(), golden_frame()), "widows_peak_faded");
}

TEST_CASE("golden: the day after a session (healing redness)", "[gl][golden]") {
    Design d;
    d.days_since_session = 1;
    d.density_per_cm2 = 60;
    compare_with_golden(render_design(d, golden_fit({0, 0, 8}), golden_frame()), "healing_rolled");
}

TEST_CASE("dots stay on the skin when the head turns", "[gl]") {
    // The same design at two head poses: a dot drawn in both lands where its
    // surface point projects, so dots move with the scalp rather than slide.
    Design design;
    design.density_per_cm2 = 8;
    design.dot_size_mm = 1.5;
    design.dot_size_variation = 0;
    design.irregularity = 0;
    const cv::Mat frame(300, 400, CV_8UC3, cv::Scalar(150, 172, 214));
    for (const PoseAngles pose : {PoseAngles{0, 0, 0}, PoseAngles{18, -6, 5}}) {
        INFO("yaw " << pose.yaw_deg);
        const FaceFit fit = golden_fit(pose);
        const cv::Mat out = render_design(design, fit, frame);
        const DotScene scene = make_dot_scene(design, fit, std::nullopt);
        int checked = 0, inked = 0;
        for (const Dot& dot : golden_field(fit)->dots) {
            if (!dot_is_drawn(dot, scene.style, scene.boundary) || !dot_faces_camera(dot, fit.projection)) continue;
            const glm::dvec3 n = fit.projection.pose.rotation * glm::dvec3(dot.normal);
            const glm::dvec3 c = to_camera(fit.projection.pose, glm::dvec3(dot.position_mm));
            if (glm::dot(n, glm::normalize(-c)) < 0.6) continue;  // clearly facing the camera
            const glm::dvec2 px = project_point(fit.projection, glm::dvec3(dot.position_mm));
            const int x = static_cast<int>(std::lround(px.x)), y = static_cast<int>(std::lround(px.y));
            if (x < 2 || y < 2 || x >= out.cols - 2 || y >= out.rows - 2) continue;
            ++checked;
            const cv::Vec3b p = out.at<cv::Vec3b>(y, x);
            inked += p[1] < 135;  // the skin's green channel is 172; a dot's centre takes it down by a fifth or more
        }
        REQUIRE(checked > 40);
        CHECK(inked >= 0.97 * checked);
    }
}
