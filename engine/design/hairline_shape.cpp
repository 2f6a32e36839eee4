#include "engine/design/hairline_shape.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/core/hash.h"
#include "engine/core/smooth.h"

namespace hairline {
namespace {

struct PresetProfile {
    // Height above the mid-frontal point (mm) at x = u * canthus_x, for kU.
    std::array<double, 7> rise_mm;
};
constexpr std::array<double, 7> kU{0.0, 0.2, 0.4, 0.6, 0.8, 0.92, 1.0};

// Shapes practitioners name, defined relative to the mid-frontal point and
// the temple line (lateral canthus). docs/design.md lists where each lands.
PresetProfile preset_profile(Preset preset) {
    switch (preset) {
        case Preset::Rounded: return {{0.0, 0.6, 2.2, 4.8, 8.2, 11.0, 13.0}};      // soft, youthful curve
        case Preset::Straight: return {{0.0, 0.0, 0.0, 0.2, 0.8, 2.0, 4.0}};       // boxed: flat, sharp corners
        case Preset::WidowsPeak: return {{0.0, 4.5, 6.5, 7.5, 9.5, 12.0, 14.0}};   // central V dips to the midpoint
        case Preset::Mature: return {{0.0, 1.0, 4.0, 9.0, 15.0, 20.0, 24.0}};      // receded temples
        case Preset::Broken: return {{0.0, 2.0, 0.8, 5.0, 6.5, 11.5, 13.0}};       // uneven, undesigned look
    }
    return preset_profile(Preset::Rounded);
}

double lattice_value(std::int64_t i, std::uint32_t seed) {
    const std::uint32_t h = hash32(static_cast<std::uint32_t>(i) ^ hash32(seed + 0x9e3779b9U));
    return h / 4294967295.0 * 2.0 - 1.0;
}

// Smooth 1D value noise in [-1, 1].
double value_noise(double t, std::uint32_t seed) {
    const double cell = std::floor(t);
    const double f = t - cell;
    const auto i = static_cast<std::int64_t>(cell);
    const double w = f * f * (3.0 - 2.0 * f);
    return lattice_value(i, seed) * (1 - w) + lattice_value(i + 1, seed) * w;
}

}  // namespace

std::vector<HairlinePoint> hairline_control_points(const Design& design, const FaceAnchors& anchors) {
    std::vector<HairlinePoint> half;
    if (!design.control_points.empty()) {
        if (!design.symmetric) return design.control_points;
        half = design.control_points;
    } else {
        const PresetProfile profile = preset_profile(design.preset);
        for (std::size_t i = 0; i < kU.size(); ++i) {
            // Recession sets the corners back; it fades in over the outer half.
            const double recession = design.temple_recession_mm * smoothstep(0.45, 1.0, kU[i]);
            half.push_back({kU[i] * anchors.canthus_x_mm,
                            design.hairline_height_mm + profile.rise_mm[i] + recession});
        }
    }
    std::vector<HairlinePoint> full;
    for (auto it = half.rbegin(); it != half.rend(); ++it)
        if (it->x_mm > 0) full.push_back({-it->x_mm, it->h_mm});
    full.insert(full.end(), half.begin(), half.end());
    return full;
}

HairlineCurve::HairlineCurve(std::vector<HairlinePoint> points) : points_(std::move(points)) {
    // Fritsch-Carlson monotone tangents.
    const std::size_t n = points_.size();
    slopes_.assign(n, 0.0);
    if (n < 2) return;
    std::vector<double> secant(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i)
        secant[i] = (points_[i + 1].h_mm - points_[i].h_mm) / (points_[i + 1].x_mm - points_[i].x_mm);
    slopes_[0] = secant[0];
    slopes_[n - 1] = secant[n - 2];
    for (std::size_t i = 1; i + 1 < n; ++i)
        slopes_[i] = secant[i - 1] * secant[i] <= 0 ? 0.0 : 0.5 * (secant[i - 1] + secant[i]);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (secant[i] == 0.0) {
            slopes_[i] = slopes_[i + 1] = 0.0;
            continue;
        }
        const double a = slopes_[i] / secant[i], b = slopes_[i + 1] / secant[i];
        const double r = a * a + b * b;
        if (r > 9.0) {
            const double t = 3.0 / std::sqrt(r);
            slopes_[i] = t * a * secant[i];
            slopes_[i + 1] = t * b * secant[i];
        }
    }
}

double HairlineCurve::height_at(double x_mm) const {
    if (points_.empty()) return 0.0;
    if (x_mm <= points_.front().x_mm) return points_.front().h_mm;
    if (x_mm >= points_.back().x_mm) return points_.back().h_mm;
    const auto upper = std::upper_bound(points_.begin(), points_.end(), x_mm,
                                        [](double x, const HairlinePoint& p) { return x < p.x_mm; });
    const auto i = static_cast<std::size_t>(upper - points_.begin()) - 1;
    const HairlinePoint& p0 = points_[i];
    const HairlinePoint& p1 = points_[i + 1];
    const double dx = p1.x_mm - p0.x_mm, t = (x_mm - p0.x_mm) / dx;
    const double t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * p0.h_mm + (t3 - 2 * t2 + t) * dx * slopes_[i] + (-2 * t3 + 3 * t2) * p1.h_mm +
           (t3 - t2) * dx * slopes_[i + 1];
}

double hairline_zigzag_mm(double x_mm, double irregularity, std::uint32_t seed) {
    // Two octaves: a ~9 mm wander and ~3 mm teeth.
    const double wander = value_noise(x_mm / 9.0, seed * 2 + 1);
    const double teeth = value_noise(x_mm / 3.0, seed * 2 + 2);
    return 3.0 * irregularity * (0.6 * wander + 0.4 * teeth);
}

double HairlineBoundary::min_h_at(double beta) const {
    const double t = std::clamp((beta + kChartBetaMax) / (2 * kChartBetaMax), 0.0, 1.0) * (kBoundarySamples - 1);
    const auto i = std::min(static_cast<std::size_t>(t), static_cast<std::size_t>(kBoundarySamples - 2));
    const double f = t - static_cast<double>(i);
    return static_cast<double>(min_h_mm[i]) * (1 - f) + static_cast<double>(min_h_mm[i + 1]) * f;
}

HairlineBoundary make_hairline_boundary(const Design& design, const HairlineCurve& curve, const ScalpChart& chart) {
    HairlineBoundary boundary;
    boundary.corner_beta_right = chart.beta_of_x(curve.x_min());
    boundary.corner_beta_left = chart.beta_of_x(curve.x_max());
    boundary.min_h_mm.resize(kBoundarySamples);
    for (int i = 0; i < kBoundarySamples; ++i) {
        const double beta = -kChartBetaMax + 2 * kChartBetaMax * i / (kBoundarySamples - 1);
        const double x = chart.x_of_beta(beta);
        double h;
        if (beta < boundary.corner_beta_right || beta > boundary.corner_beta_left) {
            // Temporal hairline: from the corner back and down towards the ear.
            const bool left = beta > 0;
            const double corner_beta = left ? boundary.corner_beta_left : boundary.corner_beta_right;
            const double corner_h = left ? curve.points().back().h_mm : curve.points().front().h_mm;
            const double w = smoothstep(std::abs(corner_beta), std::max(kSideBeta, std::abs(corner_beta) + 0.05),
                                        std::abs(beta));
            h = corner_h + (kSideFloorMm - corner_h) * w;
        } else {
            h = curve.height_at(x);
        }
        boundary.min_h_mm[static_cast<std::size_t>(i)] =
            static_cast<float>(h + hairline_zigzag_mm(x, design.irregularity, design.seed));
    }
    return boundary;
}

}  // namespace hairline
