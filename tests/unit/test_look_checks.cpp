#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/preview/look_checks.h"
#include "engine/render/dot_style.h"

using namespace hairline;

namespace {

bool has(const std::vector<DesignWarning>& warnings, const std::string& key) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const DesignWarning& w) { return w.key == key; });
}

const FaceAnchors kAnchors{44.0};

}  // namespace

TEST_CASE("the helmet warning follows dot size, density and the years of spreading", "[unit][look]") {
    Design usual;  // 0.6 mm at 90/cm²: apart now and in 5 years
    CHECK_FALSE(helmet_after_years(usual).has_value());
    CHECK_FALSE(has(design_warnings(usual, measure_hairline(usual, kAnchors), std::nullopt), "dot_size"));
    Design crowded;
    crowded.dot_size_mm = 1.0;
    crowded.density_per_cm2 = 150;
    REQUIRE(helmet_after_years(crowded).has_value());
    CHECK(*helmet_after_years(crowded) == 0);
    CHECK(has(design_warnings(crowded, measure_hairline(crowded, kAnchors), std::nullopt), "dot_size"));
    // In between: apart today, merged after some years of spreading.
    Design dense = usual;
    dense.density_per_cm2 = 130;
    const auto years = helmet_after_years(dense);
    REQUIRE(years.has_value());
    CHECK(*years >= 1);
    CHECK(*years <= 5);
    // Larger dots never merge later than smaller ones at the same density.
    Design larger = dense;
    larger.dot_size_mm = 0.65;
    REQUIRE(helmet_after_years(larger).has_value());
    CHECK(*helmet_after_years(larger) <= *years);
}

TEST_CASE("pigment too dark for light skin is warned about; the suggested one is not", "[unit][look]") {
    SkinTone light;
    light.lightness = 75;
    light.fitzpatrick = 2;
    Design automatic;  // pigment: auto, matched to the skin
    CHECK_FALSE(has(design_warnings(automatic, measure_hairline(automatic, kAnchors), light), "pigment"));
    Design black = automatic;
    black.pigment = Pigment{false, {0.06, 0.06, 0.06}};
    CHECK(has(design_warnings(black, measure_hairline(black, kAnchors), light), "pigment"));
    SkinTone dark;
    dark.lightness = 30;
    dark.fitzpatrick = 6;
    CHECK_FALSE(has(design_warnings(black, measure_hairline(black, kAnchors), dark), "pigment"));  // near black is right on dark skin
}
