#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "engine/geom/dot_field.h"
#include "engine/render/dot_style.h"
#include "engine/analysis/skin_tone.h"

using namespace hairline;

namespace {

// A smaller field keeps this tier fast; the algorithm is the same.
const DotField& test_field() {
    static const DotField field = [] {
        DotFieldOptions options;
        options.max_density_per_cm2 = 30;
        return generate_dot_field(ScalpChart{HeadShape{}}, 5, options);
    }();
    return field;
}

double nearest_distance(const std::vector<Dot>& dots, std::size_t count, std::size_t i) {
    double best = 1e9;
    for (std::size_t j = 0; j < count; ++j)
        if (j != i) best = std::min<double>(best, glm::distance(dots[i].position_mm, dots[j].position_mm));
    return best;
}

}  // namespace

TEST_CASE("the dot field has the requested maximum density over its area", "[unit][dots]") {
    const DotField& field = test_field();
    CHECK(field.area_cm2 > 300);
    CHECK(field.area_cm2 < 600);
    CHECK(static_cast<double>(field.dots.size()) == Approx(30 * field.area_cm2).margin(1));
    for (std::size_t i = 1; i < field.dots.size(); ++i) REQUIRE(field.dots[i].rank > field.dots[i - 1].rank);
}

TEST_CASE("dots are blue noise: no clumps, and every prefix is evenly spread", "[unit][dots]") {
    const DotField& field = test_field();
    // Poisson-disk spacing for N points on area A: r = sqrt(A / (2 sqrt(3) N)).
    for (double fraction : {1.0, 0.25}) {
        INFO("prefix " << fraction);
        const auto n = static_cast<std::size_t>(fraction * field.dots.size());
        const double area_mm2 = field.area_cm2 * 100.0;
        const double r = std::sqrt(area_mm2 / (2.0 * std::sqrt(3.0) * n));
        double min_d = 1e9, sum_d = 0;
        const std::size_t samples = std::min<std::size_t>(n, 400);
        for (std::size_t k = 0; k < samples; ++k) {
            const double d = nearest_distance(field.dots, n, k * n / samples);
            min_d = std::min(min_d, d);
            sum_d += d;
        }
        CHECK(min_d > 0.6 * r);                 // white noise would give near-zero pairs
        CHECK(sum_d / samples > 1.2 * r);       // typical spacing of a Poisson-disk set
        // Left and right halves get equal shares.
        std::size_t left = 0;
        for (std::size_t i = 0; i < n; ++i) left += field.dots[i].position_mm.x < 0;
        CHECK(static_cast<double>(left) / n == Approx(0.5).margin(0.03));
    }
}

TEST_CASE("dot fields are deterministic per seed", "[unit][dots]") {
    DotFieldOptions options;
    options.max_density_per_cm2 = 5;
    const DotField a = generate_dot_field(ScalpChart{HeadShape{}}, 11, options);
    const DotField b = generate_dot_field(ScalpChart{HeadShape{}}, 11, options);
    const DotField c = generate_dot_field(ScalpChart{HeadShape{}}, 12, options);
    REQUIRE(a.dots.size() == b.dots.size());
    for (std::size_t i = 0; i < a.dots.size(); ++i) REQUIRE(a.dots[i].position_mm == b.dots[i].position_mm);
    CHECK(a.dots[0].position_mm != c.dots[0].position_mm);
}

TEST_CASE("density, sessions and feather select the right number of dots", "[unit][dots]") {
    const DotField& field = test_field();
    HairlineBoundary boundary;
    boundary.min_h_mm.assign(kBoundarySamples, 60.0f);
    Design design;
    design.density_per_cm2 = 15;  // half of the test field's 30/cm²
    design.feather_mm = 0;
    design.sessions = 3;
    DotStyle style = make_dot_style(design, resolve_pigment(design.pigment, std::nullopt), 0.65, field.max_density_per_cm2);
    // Compare with the area above h = 60 mm, estimated from the field itself.
    std::size_t above = 0, drawn = 0;
    for (const Dot& dot : field.dots) {
        above += dot.h_mm >= 60.0f;
        drawn += dot_is_drawn(dot, style, boundary);
    }
    CHECK(static_cast<double>(drawn) == Approx(0.5 * above).epsilon(0.05));
    design.sessions = 1;
    style = make_dot_style(design, resolve_pigment(design.pigment, std::nullopt), 0.65, field.max_density_per_cm2);
    std::size_t first_session = 0;
    for (const Dot& dot : field.dots) first_session += dot_is_drawn(dot, style, boundary);
    CHECK(static_cast<double>(first_session) == Approx(drawn / 3.0).epsilon(0.08));
    // With feathering, the band just above the line is sparser than full density.
    design.sessions = 3;
    design.feather_mm = 10;
    style = make_dot_style(design, resolve_pigment(design.pigment, std::nullopt), 0.65, field.max_density_per_cm2);
    std::size_t band = 0, band_drawn = 0;
    for (const Dot& dot : field.dots)
        if (dot.h_mm >= 60.0f && dot.h_mm < 63.0f) {
            ++band;
            band_drawn += dot_is_drawn(dot, style, boundary);
        }
    CHECK(band_drawn < 0.15 * band);
    CHECK(feather_ramp(-1, 10) == 0.0);
    CHECK(feather_ramp(10, 10) == 1.0);
    CHECK(feather_ramp(5, 10) == Approx(0.5));
}

TEST_CASE("fading lightens, softens and spreads dots, bluer on light skin", "[unit][dots]") {
    const Pigment carbon{false, {0.17, 0.17, 0.19}};
    // Every year lighter, wider and bluer than the one before, never the other way.
    DotStyle last = make_dot_style(Design{}, carbon, 0.8);
    for (int years = 1; years <= 5; ++years) {
        Design d;
        d.fade_years = years;
        const DotStyle now = make_dot_style(d, carbon, 0.8);
        INFO(years << " years");
        CHECK(now.opacity < last.opacity);
        CHECK(now.spread_variance_mm2.g > last.spread_variance_mm2.g);  // spread variance grows with time
        CHECK(now.radius_mm > last.radius_mm);
        CHECK(visible_dot_diameter_mm(now) > visible_dot_diameter_mm(last));
        // Blue escapes the ink more (shallow light, deeper ink): the blue-to-red strength ratio falls.
        CHECK(now.depth_reach.b / now.depth_reach.r < last.depth_reach.b / last.depth_reach.r);
        CHECK(now.pigment_linear.b - now.pigment_linear.r > last.pigment_linear.b - last.pigment_linear.r);
        last = now;
    }
    // On dark skin the same years drift less towards blue.
    Design old;
    old.fade_years = 5;
    const DotStyle light = make_dot_style(old, carbon, 0.8), dark = make_dot_style(old, carbon, 0.3);
    CHECK(dark.depth_reach.b / dark.depth_reach.r > light.depth_reach.b / light.depth_reach.r);
    CHECK(srgb_to_linear(linear_to_srgb(0.3)) == Approx(0.3));
}

TEST_CASE("healed dots are smaller and lighter than fresh ones", "[unit][dots]") {
    const Pigment carbon{false, {0.17, 0.17, 0.19}};
    Design fresh;
    fresh.days_since_session = 0;
    const DotStyle a = make_dot_style(fresh, carbon), b = make_dot_style(Design{}, carbon);  // default: 30 days
    CHECK(b.radius_mm == Approx(a.radius_mm * ink::kHealedDepositScale));
    CHECK(a.radius_mm == Approx(0.5 * fresh.dot_size_mm));  // fresh: the needle group's whole impression
    CHECK(b.opacity < a.opacity);
    CHECK(a.redness > 0.5f);
    CHECK(b.redness == 0.0f);
}

TEST_CASE("Ein, its table and its inverse agree", "[unit][dots]") {
    // Known values: Ein(1) = 0.796599599..., Ein(10) = ln 10 + gamma + E1(10).
    CHECK(ein(1.0) == Approx(0.7965995992970531).epsilon(1e-9));
    CHECK(ein(10.0) == Approx(std::log(10.0) + 0.5772156649015329 + 4.156968929685324e-06).epsilon(1e-9));
    for (const double x : {1e-5, 0.01, 0.3, 1.0, 2.9, 3.1, 7.0, 50.0, 3e4}) {
        INFO(x);
        CHECK(ein_fast(x) == Approx(ein(x)).epsilon(1e-5));
        CHECK(ein_inverse(ein(x)) == Approx(x).epsilon(1e-4));
    }
}
