#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "engine/design/hairline_shape.h"

using namespace hairline;

TEST_CASE("every preset is a symmetric curve anchored at the midpoint and temple line", "[unit][design]") {
    const FaceAnchors anchors{44.0};
    for (Preset preset : kAllPresets) {
        INFO(preset_name(preset));
        Design d;
        d.preset = preset;
        d.hairline_height_mm = 75;
        const auto points = hairline_control_points(d, anchors);
        REQUIRE(points.size() >= 7);
        CHECK(points.front().x_mm == Approx(-44.0));
        CHECK(points.back().x_mm == Approx(44.0));
        const HairlineCurve curve(points);
        CHECK(curve.height_at(0.0) == Approx(75.0));
        for (double x : {5.0, 17.0, 30.0, 43.0}) CHECK(curve.height_at(x) == Approx(curve.height_at(-x)));
        // Corners are set back from the mid-frontal point, never in front of it.
        CHECK(curve.height_at(44.0) >= curve.height_at(0.0));
    }
}

TEST_CASE("presets differ the way practitioners describe them", "[unit][design]") {
    const FaceAnchors anchors{44.0};
    auto curve_for = [&](Preset p) {
        Design d;
        d.preset = p;
        return HairlineCurve(hairline_control_points(d, anchors));
    };
    const HairlineCurve straight = curve_for(Preset::Straight), mature = curve_for(Preset::Mature),
                        peak = curve_for(Preset::WidowsPeak), rounded = curve_for(Preset::Rounded);
    CHECK(straight.height_at(44) - straight.height_at(0) <= 5.0);     // boxed: flat to the corners
    CHECK(mature.height_at(44) - mature.height_at(0) >= 20.0);        // receded temples
    CHECK(peak.height_at(9) - peak.height_at(0) >= 4.0);              // the peak dips at the midline
    CHECK(rounded.height_at(44) - rounded.height_at(0) == Approx(13.0).margin(0.01));
}

TEST_CASE("temple recession sets the corners back by that much", "[unit][design]") {
    const FaceAnchors anchors{44.0};
    Design d;
    const HairlineCurve base(hairline_control_points(d, anchors));
    d.temple_recession_mm = 12;
    const HairlineCurve receded(hairline_control_points(d, anchors));
    CHECK(receded.height_at(44) - base.height_at(44) == Approx(12.0));
    CHECK(receded.height_at(0) == Approx(base.height_at(0)));
}

TEST_CASE("the curve passes through its points without overshoot", "[unit][design]") {
    const std::vector<HairlinePoint> points{{-40, 90}, {-25, 80}, {-10, 82}, {0, 76}, {12, 79}, {30, 85}, {42, 96}};
    const HairlineCurve curve(points);
    for (const auto& p : points) CHECK(curve.height_at(p.x_mm) == Approx(p.h_mm));
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const double lo = std::min(points[i].h_mm, points[i + 1].h_mm) - 1e-9;
        const double hi = std::max(points[i].h_mm, points[i + 1].h_mm) + 1e-9;
        for (double t = 0; t <= 1.0; t += 0.05) {
            const double h = curve.height_at(points[i].x_mm + t * (points[i + 1].x_mm - points[i].x_mm));
            CHECK(h >= lo);
            CHECK(h <= hi);
        }
    }
}

TEST_CASE("freeform points mirror by default and stay as given when asymmetric", "[unit][design]") {
    Design d;
    d.control_points = {{0, 78}, {10, 79}, {25, 84}, {40, 92}};
    const auto mirrored = hairline_control_points(d, {});
    REQUIRE(mirrored.size() == 7);
    CHECK(mirrored.front().x_mm == Approx(-40));
    CHECK(mirrored.front().h_mm == Approx(92));
    d.symmetric = false;
    d.control_points = {{-40, 95}, {-25, 84}, {-10, 79}, {0, 78}, {10, 80}, {25, 86}, {42, 90}};
    CHECK(hairline_control_points(d, {}).size() == 7);
    CHECK(hairline_control_points(d, {}).back().h_mm == Approx(90));
}

TEST_CASE("zigzag is bounded by irregularity and deterministic per seed", "[unit][design]") {
    double max_abs = 0, differs = 0;
    for (double x = -60; x <= 60; x += 0.25) {
        max_abs = std::max(max_abs, std::abs(hairline_zigzag_mm(x, 1.0, 7)));
        CHECK(hairline_zigzag_mm(x, 0.0, 7) == 0.0);
        CHECK(hairline_zigzag_mm(x, 0.5, 7) == hairline_zigzag_mm(x, 0.5, 7));
        differs += std::abs(hairline_zigzag_mm(x, 1.0, 7) - hairline_zigzag_mm(x, 1.0, 8));
    }
    CHECK(max_abs <= 3.0);
    CHECK(max_abs >= 1.0);  // it does something
    CHECK(differs > 10.0);
}

TEST_CASE("the boundary follows the curve between the temples and drops above the ears", "[unit][design]") {
    Design d;
    d.irregularity = 0;
    const ScalpChart chart{HeadShape{}};
    const FaceAnchors anchors{44.0};
    const HairlineBoundary boundary = make_hairline_boundary(d, HairlineCurve(hairline_control_points(d, anchors)), chart);
    REQUIRE(boundary.min_h_mm.size() == static_cast<std::size_t>(kBoundarySamples));
    CHECK(boundary.min_h_at(0.0) == Approx(d.hairline_height_mm).margin(0.1));
    CHECK(boundary.corner_beta_left == Approx(-boundary.corner_beta_right));
    CHECK(boundary.min_h_at(kChartBetaMax) == Approx(kSideFloorMm).margin(0.5));
    const HairlineCurve curve(hairline_control_points(d, anchors));
    CHECK(boundary.min_h_at(chart.beta_of_x(30.0)) == Approx(curve.height_at(30.0)).margin(0.3));
    for (float h : boundary.min_h_mm) CHECK(std::isfinite(h));
}
