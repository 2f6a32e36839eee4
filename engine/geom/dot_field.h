#pragma once
// Where SMP dots can go: a blue-noise point set on the scalp surface (no grid,
// no clumps), generated once per head shape and seed at the maximum density
// and ordered progressively, so that any prefix is itself evenly spread. A
// design then draws the first density/max fraction of dots (less in the
// feather zone and in early sessions) without regenerating anything: dots
// stay put on the skin when the design or the head pose changes.
//
// Method: weighted sample elimination (Yuksel 2015, "Sample Elimination for
// Generating Poisson Disk Sample Sets") on area-uniform candidates, with the
// progressive ordering obtained by eliminating in halving stages.

#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "engine/geom/head_model.h"

namespace hairline {

inline constexpr double kMaxDensityPerCm2 = 150.0;  // the design's upper bound
inline constexpr double kDotFieldMinHeightMm = 12.0;  // below every possible hairline
inline constexpr double kDotFieldMaxAlpha = 2.6;      // about 150°: past the crown

struct Dot {
    glm::vec3 position_mm;  // head frame
    glm::vec3 normal;       // unit, outward
    float beta;             // lateral angle (chart)
    float h_mm;             // chart height above the glabella level
    float rank;             // 0..1 progressive order: drawn when rank < fraction
    float jitter;           // 0..1 per-dot random value (size and ink variation)
};

struct DotField {
    HeadShape shape;
    std::uint32_t seed = 0;
    double max_density_per_cm2 = kMaxDensityPerCm2;  // all dots together
    double area_cm2 = 0;        // of the whole generation domain
    std::vector<Dot> dots;      // sorted by rank
};

struct DotFieldOptions {
    double max_density_per_cm2 = kMaxDensityPerCm2;
    double min_height_mm = kDotFieldMinHeightMm;
    double max_alpha = kDotFieldMaxAlpha;
    double candidates_per_dot = 4.0;
};

// Deterministic for (shape, seed, options).
// cost: about 0.2-0.4 s for the default options (~50k dots).
DotField generate_dot_field(const ScalpChart& chart, std::uint32_t seed, const DotFieldOptions& options = {});

}  // namespace hairline
