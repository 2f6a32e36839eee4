#pragma once
// From a Design to the hairline on the scalp chart: the preset or freeform
// control points, the smooth curve through them, the natural zigzag, and the
// boundary table that decides which dots are inked (dot_style.h).
// Pure functions of plain structs; no GL, no images.

#include <vector>

#include "engine/design/design.h"
#include "engine/geom/head_model.h"

namespace hairline {

// The frontal hairline's control points from the subject's right
// fronto-temporal corner (x < 0) to the left one (x > 0), sorted by x.
// ensures: at least 7 points; symmetric designs are mirror images.
std::vector<HairlinePoint> hairline_control_points(const Design& design, const FaceAnchors& anchors);

// A smooth curve h(x) through sorted control points (monotone cubic Hermite,
// so it never overshoots between points: no bumps a practitioner did not place).
class HairlineCurve {
public:
    explicit HairlineCurve(std::vector<HairlinePoint> points);
    double height_at(double x_mm) const;  // clamped to the end values outside
    double x_min() const { return points_.front().x_mm; }
    double x_max() const { return points_.back().x_mm; }
    const std::vector<HairlinePoint>& points() const { return points_; }

private:
    std::vector<HairlinePoint> points_;
    std::vector<double> slopes_;
};

// Deterministic natural micro-zigzag of the front edge, in mm, |value| <=
// 3 mm * irregularity; wavelengths of a few mm like real hairline edges.
double hairline_zigzag_mm(double x_mm, double irregularity, std::uint32_t seed);

// Where painting starts, as the minimum chart height h per lateral angle
// beta, sampled uniformly over [-kChartBetaMax, kChartBetaMax]. Beyond
// the fronto-temporal corners the line runs back and down the sides of the
// head to kSideFloorMm above the glabella level, staying above the ears.
inline constexpr int kBoundarySamples = 512;
inline constexpr double kSideFloorMm = 18.0;
inline constexpr double kSideBeta = 1.36;  // 78 degrees: where the side floor is reached

struct HairlineBoundary {
    std::vector<float> min_h_mm;  // kBoundarySamples values
    double corner_beta_right = 0; // beta of the subject's right corner (< 0)
    double corner_beta_left = 0;  // beta of the left corner (> 0)

    // Linear interpolation of min_h_mm at beta (clamped to the table).
    double min_h_at(double beta) const;
};

// requires: curve made from hairline_control_points(design, ...)
HairlineBoundary make_hairline_boundary(const Design& design, const HairlineCurve& curve, const ScalpChart& chart);

}  // namespace hairline
