#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <thread>

#include <glm/geometric.hpp>


#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "embedded_shaders.h"
#include "engine/gl/egl_context.h"
#include "engine/gl/gl_program.h"
#include "engine/gl/texture_upload.h"
#include "engine/preview/preview_scene.h"
#include "engine/render/frame_programs.h"
#include "engine/render/ink_programs.h"
#include "engine/render/renderer.h"
#include "engine/track/face_fit.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// A close, nearly orthographic frontal face: 0.15 mm per pixel, so a 0.8 mm
// dot spans about 5 px and single dots can be counted.
struct SyntheticShot {
    cv::Mat frame;
    FaceFit fit;
};

SyntheticShot frontal_shot(cv::Scalar skin_bgr = {150, 170, 215}) {
    SyntheticShot shot;
    shot.frame = cv::Mat(1200, 1600, CV_8UC3, skin_bgr);
    FaceProjection projection;
    projection.camera = CameraIntrinsics{8000.0, {800.0, 700.0}};
    projection.pose = pose_from_angles({}, {0.0, 0.0, 8000.0 * 0.15});
    const Landmarks lm = test::synthetic_landmarks(projection);
    auto fit = fit_face(lm, projection.camera, 63.0);
    REQUIRE(fit.ok());
    shot.fit = *fit;
    return shot;
}

cv::Mat painted_mask(const cv::Mat& before, const cv::Mat& after, int threshold = 12) {
    cv::Mat diff;
    cv::absdiff(before, after, diff);
    cv::Mat gray;
    cv::cvtColor(diff, gray, cv::COLOR_BGR2GRAY);
    return gray > threshold;
}

cv::Mat render(const cv::Mat& frame, const std::optional<DotScene>& scene) {
    hairline::test::shared_gl_context();
    auto renderer = Renderer::create();
    REQUIRE(renderer.ok());
    REQUIRE(renderer->render(frame, scene).ok());
    return renderer->read_bgr();
}

std::shared_ptr<const DotField> field_for(const FaceFit& fit) {
    static const auto field = std::make_shared<const DotField>(generate_dot_field(ScalpChart(fit.head), 3));
    return field;
}

// Dots whose cores stand apart: pixels darkened by at least half of the
// dots' own contrast (the 99th percentile of the darkening), as
// scripts/eval_density.py counts them.
int count_dot_cores(const cv::Mat& before, const cv::Mat& after, cv::Rect area) {
    cv::Mat diff;
    cv::absdiff(before(area), after(area), diff);
    std::vector<cv::Mat> channels;
    cv::split(diff, channels);
    cv::Mat darkening = cv::max(channels[0], cv::max(channels[1], channels[2]));
    std::vector<std::uint8_t> values(darkening.begin<std::uint8_t>(), darkening.end<std::uint8_t>());
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() * 99 / 100), values.end());
    const double threshold = std::max(0.5 * values[values.size() * 99 / 100], 4.0);
    cv::Mat labels;
    return cv::connectedComponents(darkening >= threshold, labels, 8) - 1;
}

// The rectangle covering `size_mm` square, centred `above_mm` above the
// hairline's mid-frontal point (frontal view, so mm map to px directly).
cv::Rect patch_above_hairline(const Design& design, const FaceFit& fit, double above_mm, double size_mm) {
    const glm::dvec2 mid = hairline_polyline_px(design, fit)[kHairlinePolylinePoints / 2];
    const double px_per_mm = 1.0 / fit.mm_per_px;
    const double half = 0.5 * size_mm * px_per_mm;
    const double cy = mid.y - above_mm * px_per_mm;
    return cv::Rect(cv::Point(static_cast<int>(mid.x - half), static_cast<int>(cy - half)),
                    cv::Size(static_cast<int>(2 * half), static_cast<int>(2 * half)));
}

}  // namespace

TEST_CASE("every shader program links, and every embedded shader belongs to one", "[gl]") {
    hairline::test::shared_gl_context();
    auto report = [](const auto& program) {
        if (!program.ok()) WARN(program.error().message());
        return program.ok();
    };
    CHECK(report(FrameCopyProgram::create()));
    CHECK(report(FrameViewProgram::create()));
    CHECK(report(InkProgram::create()));
    CHECK(report(CompositeProgram::create()));
    CHECK(report(ClientViewProgram::create()));
    const std::vector<std::string_view> used{FrameCopyProgram::kVertex,  FrameCopyProgram::kFragment,
                                             FrameViewProgram::kVertex,  FrameViewProgram::kFragment,
                                             InkProgram::kVertex,        InkProgram::kFragment,
                                             CompositeProgram::kVertex,  CompositeProgram::kFragment,
                                             ClientViewProgram::kVertex, ClientViewProgram::kFragment};
    for (auto name : embedded_shader_names()) {
        INFO(name);
        CHECK(std::find(used.begin(), used.end(), name) != used.end());  // no stray or duplicate shader file
    }
    auto missing = gl::build_program("nope.vert", "ink.frag");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().where == "shaders/nope.vert");
}

TEST_CASE("the client view: before left of the divider, the preview right of it, mirrored like a mirror", "[gl]") {
    hairline::test::shared_gl_context();
    auto program = ClientViewProgram::create();
    REQUIRE(program.ok());
    // Before: dark left half, light right half; after: red. 200 x 100 target.
    cv::Mat before(10, 20, CV_8UC3, cv::Scalar(20, 20, 20));
    before(cv::Rect(10, 0, 10, 10)).setTo(cv::Scalar(230, 230, 230));
    const cv::Mat after(10, 20, CV_8UC3, cv::Scalar(0, 0, 255));
    const gl::Texture before_tex = gl::make_texture(GL_NEAREST), after_tex = gl::make_texture(GL_NEAREST);
    gl::upload_texture(before_tex, before);
    gl::upload_texture(after_tex, after);
    const gl::Texture target = gl::make_texture(GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, target.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 200, 100, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    const gl::Framebuffer fbo = gl::Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.id(), 0);
    const gl::VertexArray vao = gl::VertexArray::create();
    auto draw = [&](float split, bool mirror) {
        glViewport(0, 0, 200, 100);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, before_tex.id());
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, after_tex.id());
        program->use(0, 1, glm::vec4(0, 0, 1, 1), split, mirror, 200.0f);
        glBindVertexArray(vao.id());
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glActiveTexture(GL_TEXTURE0);
        cv::Mat rgba(100, 200, CV_8UC4);
        glReadPixels(0, 0, 200, 100, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
        return rgba;
    };
    auto red = [](const cv::Mat& m, int x) { return static_cast<int>(m.at<cv::Vec4b>(50, x)[0]); };
    auto blue = [](const cv::Mat& m, int x) { return static_cast<int>(m.at<cv::Vec4b>(50, x)[2]); };
    const cv::Mat plain = draw(0.5f, false);
    CHECK(red(plain, 20) == 20);            // before, its dark left half
    CHECK(red(plain, 180) == 255);          // the preview
    CHECK(blue(plain, 180) == 0);
    CHECK(red(plain, 100) > 240);           // the white divider at 50%
    CHECK(blue(plain, 100) > 240);
    const cv::Mat mirrored = draw(0.5f, true);
    CHECK(red(mirrored, 20) == 230);        // the frame's right half now shows on the left
    const cv::Mat all_before = draw(0.8f, false);
    CHECK(red(all_before, 150) == 230);     // left of the divider at 80%: before, its light half
    CHECK(blue(all_before, 190) == 0);      // right of it: the preview
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

TEST_CASE("without a face the frame passes through unchanged", "[gl]") {
    cv::Mat noise(333, 517, CV_8UC3);  // odd sizes exercise row alignment
    cv::randu(noise, 0, 255);
    const cv::Mat out = render(noise, std::nullopt);
    CHECK(cv::norm(noise, out, cv::NORM_INF) == 0);
}

TEST_CASE("a context keeps working when another thread's context ends", "[gl]") {
    // Batch rendering runs a context per worker thread on the one EGL display;
    // the first worker to finish must not terminate the display for the rest.
    hairline::test::shared_gl_context();
    bool other_created = false;
    std::thread other([&] { other_created = gl::HeadlessContext::create().ok(); });  // created, then destroyed
    other.join();
    CHECK(other_created);
    cv::Mat noise(64, 48, CV_8UC3);
    cv::randu(noise, 0, 255);
    CHECK(cv::norm(noise, render(noise, std::nullopt), cv::NORM_INF) == 0);
}

TEST_CASE("dots land above the hairline only, at the requested density", "[gl]") {
    const SyntheticShot shot = frontal_shot();
    const auto field = field_for(shot.fit);
    Design design;
    design.hairline_height_mm = 65;
    design.irregularity = 0;
    design.dot_size_mm = 0.8;
    design.dot_size_variation = 0;
    design.feather_mm = 4;
    design.density_per_cm2 = 20;
    const DotScene scene = make_dot_scene(design, shot.fit, std::nullopt, field);
    const cv::Mat after = render(shot.frame, scene);
    const cv::Mat paint = painted_mask(shot.frame, after);

    // Nothing below the hairline: for each column, the lowest painted pixel
    // is above the curve (plus a dot radius for dots sitting on it).
    const auto line = hairline_polyline_px(design, shot.fit);
    const double radius_px = 0.5 * design.dot_size_mm / shot.fit.mm_per_px + 2.0;
    int below = 0, painted = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        for (int x = static_cast<int>(std::ceil(line[i].x)); x < static_cast<int>(line[i + 1].x); ++x) {
            const double t = (x - line[i].x) / (line[i + 1].x - line[i].x);
            const double y_line = line[i].y + t * (line[i + 1].y - line[i].y);
            for (int y = 0; y < paint.rows; ++y) {
                if (!paint.at<std::uint8_t>(y, x)) continue;
                ++painted;
                if (y > y_line + radius_px) ++below;
            }
        }
    }
    CHECK(painted > 1000);
    CHECK(below == 0);
    // The face below the brows is untouched.
    const int brow_row = static_cast<int>(shot.fit.glabella_px.y);
    CHECK(cv::countNonZero(paint.rowRange(brow_row, paint.rows)) == 0);

    // Density: distinct dots per cm² of the image (scaled by the IPD) in a
    // 2x2 cm patch 15 mm above the hairline, where the forehead is still
    // fairly upright (the model's foreshortening there is about 1.1).
    const cv::Rect patch = patch_above_hairline(design, shot.fit, 15.0, 20.0);
    const int dots20 = count_dot_cores(shot.frame, after, patch);
    // 20 per cm² on a 4 cm² patch, within 30%.
    CHECK(dots20 >= 56);
    CHECK(dots20 <= 104);

    design.density_per_cm2 = 40;
    const cv::Mat after40 = render(shot.frame, make_dot_scene(design, shot.fit, std::nullopt, field));
    const int dots40 = count_dot_cores(shot.frame, after40, patch);
    const double ratio = static_cast<double>(dots40) / dots20;
    CHECK(ratio > 1.6);
    CHECK(ratio < 2.4);
}

TEST_CASE("pigment is multiplied into the skin, keeping its texture", "[gl]") {
    SyntheticShot shot = frontal_shot();
    cv::Mat textured = shot.frame.clone();
    cv::Mat grain(textured.size(), CV_8UC3);
    cv::randu(grain, 0, 40);
    textured -= grain;  // skin with pores and shading
    Design design;
    design.hairline_height_mm = 60;
    design.density_per_cm2 = 150;
    design.dot_size_mm = 1.5;
    design.opacity = 1.0;
    const cv::Mat after = render(textured, make_dot_scene(design, shot.fit, std::nullopt, field_for(shot.fit)));
    const cv::Rect patch = patch_above_hairline(design, shot.fit, 20.0, 15.0);
    const cv::Mat before_patch = textured(patch), after_patch = after(patch);
    // Darker on average, and never lighter anywhere (multiply can only darken).
    CHECK(cv::mean(after_patch)[2] < 0.8 * cv::mean(before_patch)[2]);
    cv::Mat lighter;
    cv::compare(after_patch, before_patch, lighter, cv::CMP_GT);
    CHECK(cv::countNonZero(lighter.reshape(1)) == 0);
    // Texture survives: neighbouring-pixel differences remain.
    cv::Mat dx;
    cv::Sobel(after_patch, dx, CV_32F, 1, 0);
    CHECK(cv::mean(cv::abs(dx))[1] > 1.0);
}

TEST_CASE("the CPU dot selection is what the GPU draws, dot by dot", "[gl]") {
    // select_dot()/dot_faces_camera() decide the counts in reports; the
    // renderer draws its splats from the same rules. Checked on the pixels
    // the GPU produced: ink at every selected dot's centre, none at the
    // centre of any unselected dot that no selected dot reaches.
    const SyntheticShot shot = frontal_shot();
    Design design;
    design.hairline_height_mm = 60;
    design.dot_size_mm = 0.5;
    design.density_per_cm2 = 10;
    design.dot_size_variation = 0;
    design.feather_mm = 0;
    const auto field = field_for(shot.fit);
    const DotScene scene = make_dot_scene(design, shot.fit, std::nullopt, field);
    const cv::Mat after = render(shot.frame, scene);
    cv::Mat diff;
    cv::absdiff(shot.frame, after, diff);
    cv::Mat darkening;
    cv::cvtColor(diff, darkening, cv::COLOR_BGR2GRAY);
    // The forehead, where dots face the camera squarely (grazing dots at the
    // crown are faded on purpose).
    const cv::Rect area = patch_above_hairline(design, shot.fit, 12.0, 40.0);
    const double radius_px = 0.5 * design.dot_size_mm / shot.fit.mm_per_px;
    std::vector<glm::dvec2> selected, unselected, all_selected;
    for (const Dot& dot : field->dots) {
        if (!dot_faces_camera(dot, scene.projection)) continue;
        const glm::dvec2 px = project_point(scene.projection, glm::dvec3(dot.position_mm));
        const bool drawn = dot_is_drawn(dot, scene.style, scene.boundary);
        if (drawn) all_selected.push_back(px);
        if (!area.contains(cv::Point(static_cast<int>(px.x), static_cast<int>(px.y)))) continue;
        (drawn ? selected : unselected).push_back(px);
    }
    REQUIRE(selected.size() > 100);
    REQUIRE(unselected.size() > 1000);
    auto at = [&](glm::dvec2 p) {
        return darkening.at<std::uint8_t>(static_cast<int>(std::lround(p.y)), static_cast<int>(std::lround(p.x)));
    };
    int inked = 0;
    for (const glm::dvec2 p : selected) inked += at(p) > 20;
    CHECK(inked == static_cast<int>(selected.size()));
    int clear = 0, checked = 0;
    for (const glm::dvec2 p : unselected) {
        const bool near_selected = std::any_of(all_selected.begin(), all_selected.end(), [&](glm::dvec2 q) {
            return glm::length(p - q) < 3.0 * radius_px + 2.0;
        });
        if (near_selected) continue;
        ++checked;
        clear += at(p) <= 2;  // the camera grain is added where there is ink; far from every inked dot there is none
    }
    REQUIRE(checked > 1000);
    CHECK(clear == checked);
}
