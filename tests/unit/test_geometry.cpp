#include <catch2/catch.hpp>

#include <cmath>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/geom/face_model_3d.h"
#include "engine/geom/head_model.h"
#include "engine/geom/projection.h"
#include "engine/geom/scalp_picking.h"
#include "engine/analysis/head_mask.h"
#include "engine/preview/preview_scene.h"
#include "engine/track/face_box.h"
#include "engine/track/face_fit.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

FaceProjection frontal_camera(PoseAngles angles = {}, double distance_mm = 600.0) {
    FaceProjection p;
    p.camera = CameraIntrinsics{1280.0, {640.0, 360.0}};
    p.pose = pose_from_angles(angles, {0.0, 0.0, distance_mm});
    return p;
}

}  // namespace

TEST_CASE("scalp chart coordinates round-trip and lie on the surface", "[unit][geometry]") {
    const HeadShape shape;
    const ScalpChart chart(shape);
    for (double beta : {-1.2, -0.6, 0.0, 0.3, 1.0})
        for (double alpha : {0.05, 0.4, 1.0, 1.57, 2.3}) {
            INFO("alpha " << alpha << " beta " << beta);
            const glm::dvec3 p = chart.point(alpha, beta);
            const double pp = shape.profile_exponent, po = shape.outline_exponent;
            const double ring = std::pow(std::abs(p.y / shape.half_height_mm), pp) +
                                std::pow(std::abs((p.z + shape.half_depth_mm) / shape.half_depth_mm), pp);
            const double f = std::pow(ring, po / pp) + std::pow(std::abs(p.x / shape.half_width_mm), po);
            CHECK(f == Approx(1.0).epsilon(1e-9));
            const ChartPoint c = chart.to_chart(alpha, beta);
            CHECK(chart.beta_of_x(c.x_mm) == Approx(beta).margin(1e-9));
            const auto back = chart.alpha_of(c.h_mm, beta);
            REQUIRE(back.has_value());
            CHECK(*back == Approx(alpha).margin(1e-4));
            // The normal is unit length and perpendicular to the surface.
            const glm::dvec3 n = chart.normal(alpha, beta);
            CHECK(glm::length(n) == Approx(1.0));
            const glm::dvec3 along_alpha = chart.point(alpha + 1e-5, beta) - p;
            const glm::dvec3 along_beta = chart.point(alpha, beta + 1e-5) - p;
            CHECK(std::abs(glm::dot(glm::normalize(along_alpha), n)) < 1e-3);
            CHECK(std::abs(glm::dot(glm::normalize(along_beta), n)) < 1e-3);
        }
    CHECK(chart.point(0.0, 0.0) == glm::dvec3(0.0));  // the glabella is the front of the head
}

TEST_CASE("tape-measured heights project as a frontal photo shows them", "[unit][geometry]") {
    // The clinical checks measure heights on frontal photos, scaled by IPD:
    // 70 mm along the skin must read 63..74 mm, and 85 mm must read 12..17 mm higher.
    const ScalpChart chart{HeadShape{}};
    const double y70 = chart.point_at({0.0, 70.0})->y;
    const double y85 = chart.point_at({0.0, 85.0})->y;
    CHECK(y70 > 63.0);
    CHECK(y70 < 74.0);
    CHECK(y85 - y70 > 12.0);
    CHECK(y85 - y70 < 17.0);
    // Along the midline the chart height is the arc length.
    CHECK(chart.h_of(*chart.alpha_of(70.0, 0.0), 0.0) == Approx(70.0).margin(1e-6));
}

TEST_CASE("pose angles round-trip", "[unit][geometry]") {
    for (const PoseAngles a : {PoseAngles{0, 0, 0}, PoseAngles{20, -10, 5}, PoseAngles{-35, 15, -12}}) {
        const PoseAngles back = pose_angles(pose_from_angles(a, {0, 0, 500}));
        CHECK(back.yaw_deg == Approx(a.yaw_deg).margin(1e-9));
        CHECK(back.pitch_deg == Approx(a.pitch_deg).margin(1e-9));
        CHECK(back.roll_deg == Approx(a.roll_deg).margin(1e-9));
    }
    // Sign conventions: positive yaw turns the nose towards the image right.
    const FaceProjection turned = frontal_camera({20, 0, 0});
    const FaceProjection straight = frontal_camera();
    const glm::dvec3 nose = generic_face_points()[lm::kNoseTip];
    CHECK(project_point(turned, nose).x > project_point(straight, nose).x);
    // Positive roll tilts counter-clockwise in the image: the subject's left
    // eye (image right) rises.
    const FaceProjection rolled = frontal_camera({0, 0, 10});
    const glm::dvec3 left_eye = generic_face_points()[lm::kLeftEyeOuter];
    CHECK(project_point(rolled, left_eye).y < project_point(straight, left_eye).y);
}

TEST_CASE("head pose is recovered from synthetic landmarks", "[unit][geometry]") {
    for (const PoseAngles truth : {PoseAngles{0, 0, 0}, PoseAngles{15, 0, 0}, PoseAngles{0, -12, 0},
                                   PoseAngles{-20, 8, 10}, PoseAngles{5, 5, -15}}) {
        INFO("yaw " << truth.yaw_deg << " pitch " << truth.pitch_deg << " roll " << truth.roll_deg);
        const FaceProjection projection = frontal_camera(truth);
        const Landmarks lm = test::synthetic_landmarks(projection);
        auto fit = fit_face(lm, projection.camera, 63.0);
        REQUIRE(fit.ok());
        CHECK(fit->angles.yaw_deg == Approx(truth.yaw_deg).margin(0.5));
        CHECK(fit->angles.pitch_deg == Approx(truth.pitch_deg).margin(0.5));
        CHECK(fit->angles.roll_deg == Approx(truth.roll_deg).margin(0.5));
        CHECK(fit->projection.pose.translation_mm.z == Approx(600.0).epsilon(0.01));
        // A face exactly like the model needs no correction: points stay put.
        for (const glm::dvec2 p : {lm[lm::kNoseTip], glabella(lm), lm[lm::kChin]}) {
            const glm::dvec3 moved = fit->projection.image_correction * glm::dvec3(p, 1.0);
            CHECK(glm::distance(glm::dvec2(moved), p) < 0.05);
        }
        CHECK(fit->mm_per_px == Approx(63.0 / iod_px(lm)));
    }
}

TEST_CASE("the hairline is pinned to the measured glabella and eye line", "[unit][geometry]") {
    // Move the measured glabella 4 px up: a face with higher brows than the
    // model. The design is measured from the landmarks, so the hairline moves
    // too, keeping its projected height above the measured glabella.
    const FaceProjection projection = frontal_camera();
    Landmarks lm = test::synthetic_landmarks(projection);
    const Design design;
    auto before = fit_face(lm, projection.camera, 63.0);
    REQUIRE(before.ok());
    lm[lm::kRightBrowInner].y -= 4.0;
    lm[lm::kLeftBrowInner].y -= 4.0;
    auto after = fit_face(lm, projection.camera, 63.0);
    REQUIRE(after.ok());
    const auto line_before = hairline_polyline_px(design, *before);
    const auto line_after = hairline_polyline_px(design, *after);
    const std::size_t mid = line_before.size() / 2;
    // (the brows also take part in the pose fit, which tilts a little)
    CHECK(line_after[mid].y - line_before[mid].y == Approx(-4.0).margin(1.2));
    CHECK(projected_hairline_height_mm(design, *after) ==
          Approx(projected_hairline_height_mm(design, *before)).epsilon(0.01));
}

TEST_CASE("projected height of the design matches the frontal geometry", "[unit][geometry]") {
    const FaceProjection projection = frontal_camera();
    const Landmarks lm = test::synthetic_landmarks(projection);
    auto fit = fit_face(lm, projection.camera, 63.0);
    REQUIRE(fit.ok());
    Design design;
    design.hairline_height_mm = 70;
    const double h70 = projected_hairline_height_mm(design, *fit);
    design.hairline_height_mm = 85;
    const double h85 = projected_hairline_height_mm(design, *fit);
    CHECK(h70 == Approx(70.0).epsilon(0.1));
    CHECK(h85 - h70 == Approx(15.0).margin(3.0));
    // The polyline runs from the subject's right temple (image left) to the left one.
    const auto line = hairline_polyline_px(design, *fit);
    REQUIRE(line.size() == static_cast<std::size_t>(kHairlinePolylinePoints));
    CHECK(line.front().x < line.back().x);
}

TEST_CASE("face box from landmarks scales and moves with the face", "[unit][geometry]") {
    const Landmarks lm = test::synthetic_landmarks(frontal_camera());
    const FaceBox box = box_from_landmarks(lm);
    Landmarks moved = lm;
    for (auto& p : moved) p = p * 2.0 + glm::dvec2(10.0, -5.0);
    const FaceBox box2 = box_from_landmarks(moved);
    CHECK(box2.width == Approx(2 * box.width));
    CHECK(box2.left == Approx(2 * box.left + 10));
    CHECK(box2.top == Approx(2 * box.top - 5));
    // Like dlib's boxes: about 2.6 inter-ocular distances wide, below the eyes.
    CHECK(box.width / iod_px(lm) == Approx(2.62).epsilon(0.12));
    CHECK(box.center().y > right_eye_center(lm).y);
    CHECK(intersection_over_union(box, box) == Approx(1.0));
}

TEST_CASE("presets land where docs/design.md says on a frontal photo", "[unit][geometry][docs]") {
    // docs/design.md, "Presets": projected heights above the glabella (mm via
    // the IPD) of the mid-frontal point and the corners, at the default 80 mm.
    struct Landing {
        Preset preset;
        double corner_mm;
    };
    FaceProjection p;
    p.camera = CameraIntrinsics{3200.0, {640.0, 360.0}};
    p.pose = pose_from_angles({}, {0.0, 0.0, 1500.0});
    const Landmarks lm = test::synthetic_landmarks(p);
    auto fit = fit_face(lm, p.camera, 63.0);
    REQUIRE(fit.ok());
    for (const Landing l : {Landing{Preset::Rounded, 85.6}, Landing{Preset::Straight, 79.6},
                            Landing{Preset::WidowsPeak, 86.2}, Landing{Preset::Mature, 91.0},
                            Landing{Preset::Broken, 85.6}}) {
        INFO(preset_name(l.preset));
        Design d;
        d.preset = l.preset;
        d.irregularity = 0;
        const auto line = hairline_polyline_px(d, *fit);
        const glm::dvec2 g = fit->glabella_px;
        CHECK((g.y - line[16].y) * fit->mm_per_px == Approx(79.1).margin(0.5));
        CHECK((g.y - line.back().y) * fit->mm_per_px == Approx(l.corner_mm).margin(0.5));
        CHECK((line.back().x - g.x) * fit->mm_per_px == Approx(42.4).margin(0.6));
        CHECK((g.x - line.front().x) * fit->mm_per_px == Approx(42.4).margin(0.6));
    }
}

TEST_CASE("a head mask follows the face's 2D motion between the frames it is made on", "[unit][geometry]") {
    cv::Mat alpha = cv::Mat::zeros(100, 100, CV_8UC1);
    alpha(cv::Rect(40, 40, 10, 10)).setTo(255);  // made when the face was centred at (50, 50)
    const RigidPose2D made_at{{50.0, 50.0}, 10.0, 0.0};
    const auto bright = [](const cv::Mat& m) { return cv::boundingRect(m > 128); };

    // Moved by (10, 5): the mask moves with it; the frame size is the caller's.
    const cv::Mat moved = carry_head_mask(alpha, cv::boundingRect(alpha), made_at, {{60.0, 55.0}, 10.0, 0.0}, cv::Size(120, 90));
    CHECK(moved.size() == cv::Size(120, 90));
    CHECK(bright(moved) == cv::Rect(50, 45, 10, 10));

    // Twice as large and turned half a turn about the face centre: the square
    // (pixel centres 40..49, mean 44.5) lands doubled on the other side, mean 50 + 2 * 5.5.
    const cv::Mat grown = carry_head_mask(alpha, cv::boundingRect(alpha), made_at, {{50.0, 50.0}, 20.0, M_PI}, alpha.size());
    const cv::Rect g = bright(grown);
    CHECK(g.width == Approx(20).margin(1));
    CHECK(g.height == Approx(20).margin(1));
    CHECK(g.x + 0.5 * g.width == Approx(61.0).margin(1.0));
    CHECK(g.y + 0.5 * g.height == Approx(61.0).margin(1.0));

    // A support wider than the mask's own (one found for several masks at
    // once) carries the same pixels, its edge included; an empty one carries nothing.
    cv::Mat soft = cv::Mat::zeros(100, 100, CV_8UC1);
    cv::circle(soft, {45, 48}, 9, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
    const RigidPose2D now{{57.3, 52.6}, 11.5, 0.2};
    const cv::Mat own = carry_head_mask(soft, cv::boundingRect(soft), made_at, now, soft.size());
    const cv::Mat wide = carry_head_mask(soft, cv::Rect(10, 5, 80, 90), made_at, now, soft.size());
    CHECK(cv::countNonZero(own) > 200);
    cv::Mat diff;
    cv::absdiff(own, wide, diff);
    double most = 0.0;
    cv::minMaxLoc(diff, nullptr, &most);
    CHECK(most <= 6.0);  // warpAffine's 1/32-pixel steps round from each target's own origin
    CHECK(cv::countNonZero(diff) <= 8);
    CHECK(cv::countNonZero(carry_head_mask(soft, cv::Rect(), made_at, now, soft.size())) == 0);
}

TEST_CASE("a pixel on the scalp maps back to its design-chart point", "[unit][geometry]") {
    FaceProjection p;
    p.camera = CameraIntrinsics{3200.0, {640.0, 360.0}};
    p.pose = pose_from_angles({10, -5, 4}, {20.0, -10.0, 1200.0});
    const auto fit = fit_face(test::synthetic_landmarks(p), p.camera, 63.0);
    REQUIRE(fit.ok());
    const ScalpChart chart(fit->head);
    for (const ChartPoint target : {ChartPoint{0, 80}, ChartPoint{-25, 90}, ChartPoint{35, 100}}) {
        const glm::dvec2 px = project_point(fit->projection, *chart.point_at(target));
        const auto picked = pick_scalp(fit->projection, chart, px);
        REQUIRE(picked.has_value());
        CHECK(picked->x_mm == Approx(target.x_mm).margin(0.3));
        CHECK(picked->h_mm == Approx(target.h_mm).margin(0.3));
    }
    CHECK_FALSE(pick_scalp(fit->projection, chart, {5.0, 700.0}).has_value());  // far below the head
}


TEST_CASE("a fit translated to a crop projects every point moved by the crop's origin", "[unit][geometry]") {
    // A collage's picture is cropped out (picture_seam.h) and the head made
    // in it: the fit must put the skull where the crop has moved it.
    const FaceProjection p = frontal_camera();
    const auto fit = fit_face(test::synthetic_landmarks(p), p.camera, 63.0);
    REQUIRE(fit.ok());
    const glm::dvec2 by(-3.0, -120.0);
    const FaceFit moved = translated(*fit, by);
    for (const glm::dvec3 point : {glm::dvec3(0.0, 80.0, 20.0), glm::dvec3(50.0, 40.0, -30.0)}) {
        const glm::dvec2 a = project_point(fit->projection, point), b = project_point(moved.projection, point);
        CHECK(b.x - a.x == Approx(by.x).margin(1e-9));
        CHECK(b.y - a.y == Approx(by.y).margin(1e-9));
    }
    CHECK(moved.glabella_px.y == Approx(fit->glabella_px.y + by.y));
    CHECK(moved.iod_px == fit->iod_px);
}
