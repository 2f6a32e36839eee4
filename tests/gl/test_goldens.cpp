// Golden images: fixed designs rendered on a fixed synthetic frame, compared
// with tests/golden/*.png by a max and a mean per-pixel threshold. On a
// failure the actual image and a diff are written next to the test binary.
// Goldens change only through scripts/update_goldens, after looking at them.

#include <catch2/catch.hpp>

#include <cmath>
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

// How far `actual` is from `golden`, judged where the golden's ink is (the
// pixels it changed from `frame`): a mean over the whole frame would hide a
// moved hairline in the unchanged skin around it.
struct GoldenMatch {
    double max_diff = 0;        // over the whole image
    double inked_mean = 0;      // mean difference over the golden's inked pixels
    double moved_share = 0;     // share of inked pixels off by more than kMovedLevels
    bool same() const { return max_diff <= 48 && inked_mean <= 1.5 && moved_share <= 0.01; }
};
// Other drivers round differently by a few levels; a dot that moved is off by tens.
constexpr int kMovedLevels = 12;
constexpr int kInkedLevels = 3;

GoldenMatch match_golden(const cv::Mat& actual, const cv::Mat& golden, const cv::Mat& frame) {
    GoldenMatch m;
    cv::Mat diff, inked;
    cv::absdiff(golden, actual, diff);
    cv::minMaxLoc(diff.reshape(1), nullptr, &m.max_diff);
    cv::absdiff(golden, frame, inked);
    cv::Mat inked_mask, diff_grey;
    cv::transform(inked, inked_mask, cv::Matx13f(1, 1, 1));
    inked_mask = inked_mask > kInkedLevels;
    cv::transform(diff, diff_grey, cv::Matx13f(1.0f / 3, 1.0f / 3, 1.0f / 3));
    const double n = std::max(1, cv::countNonZero(inked_mask));
    m.inked_mean = cv::mean(diff_grey, inked_mask)[0];
    m.moved_share = cv::countNonZero((diff_grey > kMovedLevels) & inked_mask) / n;
    return m;
}

cv::Mat read_golden(const std::string& name) {
    const cv::Mat golden = cv::imread(test::source_path("tests/golden/" + name + ".png"), cv::IMREAD_COLOR);
    REQUIRE_FALSE(golden.empty());
    return golden;
}

void compare_with_golden(const cv::Mat& actual, const std::string& name, const cv::Mat& frame = golden_frame()) {
    const std::string path = test::source_path("tests/golden/" + name + ".png");
    if (std::getenv("HAIRLINE_UPDATE_GOLDENS") != nullptr) {
        REQUIRE(cv::imwrite(path, actual));
        WARN("updated " << path);
        return;
    }
    const cv::Mat golden = read_golden(name);
    REQUIRE(golden.size() == actual.size());
    const GoldenMatch m = match_golden(actual, golden, frame);
    INFO(name << ": max " << m.max_diff << ", mean over the ink " << m.inked_mean << ", moved " << m.moved_share);
    if (!m.same()) {
        cv::Mat diff;
        cv::absdiff(golden, actual, diff);
        cv::imwrite(name + ".actual.png", actual);
        cv::imwrite(name + ".diff.png", diff * 4);
    }
    CHECK(m.same());
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

TEST_CASE("golden: a hairline 3 mm higher, or a denser design, is not the golden", "[gl][golden]") {
    // The comparison must catch a few millimetres: what a client would see.
    const cv::Mat golden = read_golden("default");
    Design higher;
    higher.hairline_height_mm += 3.0;
    const GoldenMatch moved = match_golden(render_design(higher, golden_fit(), golden_frame()), golden, golden_frame());
    INFO("3 mm: mean over the ink " << moved.inked_mean << ", moved " << moved.moved_share);
    CHECK_FALSE(moved.same());
    Design denser;
    denser.density_per_cm2 += 10.0;
    const GoldenMatch dense = match_golden(render_design(denser, golden_fit(), golden_frame()), golden, golden_frame());
    INFO("+10/cm2: mean over the ink " << dense.inked_mean << ", moved " << dense.moved_share);
    CHECK_FALSE(dense.same());
}

TEST_CASE("ink: colour at a camera's resolution, no dot tints a single pixel", "[gl]") {
    // A camera keeps colour at half the resolution of brightness, and JPEG
    // smooths it further: in photos of bald crowns the fine (pixel-scale)
    // detail of chroma is about a tenth of luma's. Each dot darkens its own
    // pixels, but its colour is spread over its neighbours' (composite.frag).
    const cv::Mat frame = golden_frame();
    const cv::Mat out = render_design(Design{}, golden_fit(), frame);
    cv::Mat changed;
    cv::absdiff(out, frame, changed);
    cv::cvtColor(changed, changed, cv::COLOR_BGR2GRAY);
    const cv::Mat inked = changed > 2;
    REQUIRE(cv::countNonZero(inked) > 2000);
    cv::Mat ycc;
    cv::cvtColor(out, ycc, cv::COLOR_BGR2YCrCb);
    ycc.convertTo(ycc, CV_32FC3);
    cv::Mat smooth, fine;
    cv::GaussianBlur(ycc, smooth, cv::Size(0, 0), 1.0);
    fine = ycc - smooth;
    cv::Scalar mean, sd;
    cv::meanStdDev(fine, mean, sd, inked);
    const double chroma = std::hypot(sd[1], sd[2]);
    INFO("fine detail over the ink: luma " << sd[0] << ", chroma " << chroma);
    REQUIRE(sd[0] > 1.0);  // the dots are there, one by one, in brightness
    CHECK(chroma < 0.25 * sd[0]);  // per-pixel colour: 0.44 of luma's
}

TEST_CASE("the live view's draw path: the whole frame as the CLI renders it, a zoom the same ink", "[gl]") {
    // The live app draws with render_view (a crop of the frame at the
    // window's size); the CLI with render. The same frame and design must
    // give the same picture, and a 2x zoom the same darkening.
    test::shared_gl_context();
    auto renderer = Renderer::create();
    REQUIRE(renderer.ok());
    SkinTone tone;
    tone.lightness = 72;
    tone.fitzpatrick = 2;
    const cv::Mat frame = golden_frame();
    const FaceFit fit = golden_fit();
    const auto scene = make_dot_scene(Design{}, fit, tone, golden_field(fit));
    REQUIRE(renderer->render(frame, scene).ok());
    const cv::Mat cli = renderer->read_bgr();
    REQUIRE(renderer->render_view(frame, scene, cv::Rect2d(0, 0, frame.cols, frame.rows), frame.size()).ok());
    const cv::Mat live = renderer->read_bgr();
    const GoldenMatch whole = match_golden(live, cli, frame);
    INFO("whole frame: max " << whole.max_diff << ", mean over the ink " << whole.inked_mean);
    CHECK(whole.max_diff <= 2);

    // The top half (the scalp) at 2x: each output pixel is a quarter of a frame pixel.
    const cv::Rect crop(0, 0, frame.cols, frame.rows / 2);
    REQUIRE(renderer->render_view(frame, scene, cv::Rect2d(crop), cv::Size(2 * crop.width, 2 * crop.height)).ok());
    cv::Mat zoomed, zoomed_back;
    cv::resize(renderer->read_bgr(), zoomed_back, crop.size(), 0, 0, cv::INTER_AREA);
    auto mean_grey = [](const cv::Mat& bgr) {
        const cv::Scalar m = cv::mean(bgr);
        return (m[0] + m[1] + m[2]) / 3.0;
    };
    const double base = mean_grey(frame(crop)), at_1x = mean_grey(cli(crop)), at_2x = mean_grey(zoomed_back);
    INFO("darkening of the top half: 1x " << base - at_1x << " levels, 2x " << base - at_2x);
    REQUIRE(base - at_1x > 1.0);
    CHECK((base - at_2x) == Approx(base - at_1x).epsilon(0.1));
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
