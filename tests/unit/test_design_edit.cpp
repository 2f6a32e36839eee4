#include <catch2/catch.hpp>

#include <random>

#include "engine/design/design_edit.h"
#include "engine/design/hairline_shape.h"

using namespace hairline;

namespace {

const FaceAnchors kAnchors{44.0};

}  // namespace

TEST_CASE("dragging a preset point makes the design freeform with the same line", "[unit][design]") {
    Design design;
    const auto before = hairline_control_points(design, kAnchors);
    make_freeform(design, kAnchors, true);
    CHECK(design.symmetric);
    CHECK_FALSE(design.control_points.empty());
    const auto after = hairline_control_points(design, kAnchors);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        CHECK(after[i].x_mm == Approx(before[i].x_mm));
        CHECK(after[i].h_mm == Approx(before[i].h_mm));
    }
}

TEST_CASE("a symmetric drag moves the point and its mirror; Alt moves one alone", "[unit][design]") {
    Design design;
    const auto points = hairline_control_points(design, kAnchors);
    const int last = static_cast<int>(points.size()) - 1;
    // The subject's left corner (last point) dragged higher and wider.
    move_control_point(design, kAnchors, last, {points.back().x_mm + 3.0, points.back().h_mm + 5.0}, false);
    auto moved = hairline_control_points(design, kAnchors);
    CHECK(moved.back().h_mm == Approx(points.back().h_mm + 5.0));
    CHECK(moved.front().h_mm == Approx(moved.back().h_mm));       // mirrored
    CHECK(moved.front().x_mm == Approx(-moved.back().x_mm));
    // The middle point of a symmetric line stays on the midline.
    move_control_point(design, kAnchors, last / 2, {12.0, 84.0}, false);
    CHECK(hairline_control_points(design, kAnchors)[static_cast<std::size_t>(last / 2)].x_mm == 0.0);
    // Alone: only that side moves, and the design is no longer symmetric.
    move_control_point(design, kAnchors, 0, {moved.front().x_mm, 60.0}, true);
    CHECK_FALSE(design.symmetric);
    const auto alone = hairline_control_points(design, kAnchors);
    CHECK(alone.front().h_mm == Approx(60.0));
    CHECK(alone.back().h_mm == Approx(moved.back().h_mm));
}

TEST_CASE("drags are held inside the limits design validation applies", "[unit][design]") {
    Design design;
    const int n = static_cast<int>(hairline_control_points(design, kAnchors).size());
    // Far outside in every direction: clamped, never invalid.
    move_control_point(design, kAnchors, n - 1, {500.0, 500.0}, false);
    auto pts = hairline_control_points(design, kAnchors);
    CHECK(pts.back().x_mm == Approx(kControlPointMaxXMm));
    CHECK(pts.back().h_mm == Approx(kControlPointMaxHMm));
    move_control_point(design, kAnchors, n - 1, {-500.0, -500.0}, false);
    pts = hairline_control_points(design, kAnchors);
    CHECK(pts.back().h_mm == Approx(kControlPointMinHMm));
    CHECK(pts.back().x_mm >= pts[pts.size() - 2].x_mm + kControlPointGapMm - 1e-9);  // stays right of its neighbour
    CHECK(validate_design(design, "edit").ok());

    // Any sequence of drags, symmetric or not, leaves a valid design.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> x(-120.0, 120.0), h(0.0, 200.0);
    std::uniform_int_distribution<int> which(0, n - 1), coin(0, 4);
    for (int i = 0; i < 2000; ++i) {
        const int count = static_cast<int>(hairline_control_points(design, kAnchors).size());
        move_control_point(design, kAnchors, std::min(which(rng), count - 1), {x(rng), h(rng)}, coin(rng) == 0);
        const auto valid = validate_design(design, "edit");
        INFO("drag " << i << ": " << (valid.ok() ? "" : valid.error().message()));
        REQUIRE(valid.ok());
    }
}
