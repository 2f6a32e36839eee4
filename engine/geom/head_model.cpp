#include "engine/geom/head_model.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>

namespace hairline {
namespace {

constexpr int kArcSamples = 2049;

}  // namespace

double spow(double v, double p) { return std::copysign(std::pow(std::abs(v), p), v); }

ScalpChart::ScalpChart(const HeadShape& shape)
    : shape_(shape), e_(2.0 / shape.profile_exponent), e_outline_(2.0 / shape.outline_exponent) {
    // The midline profile: y = b spow(sin a, e), z = c spow(cos a, e) - c.
    arc_table_.resize(kArcSamples);
    arc_table_[0] = 0.0;
    glm::dvec3 previous = point(0.0, 0.0);
    for (int i = 1; i < kArcSamples; ++i) {
        const glm::dvec3 p = point(glm::pi<double>() * i / (kArcSamples - 1), 0.0);
        arc_table_[static_cast<std::size_t>(i)] = arc_table_[static_cast<std::size_t>(i - 1)] + glm::distance(p, previous);
        previous = p;
    }
}

glm::dvec3 ScalpChart::point(double alpha, double beta) const {
    const double lateral = spow(std::sin(beta), e_outline_);
    const double scale = std::pow(std::abs(std::cos(beta)), e_outline_);
    return {shape_.half_width_mm * lateral, shape_.half_height_mm * scale * spow(std::sin(alpha), e_),
            shape_.half_depth_mm * scale * spow(std::cos(alpha), e_) - shape_.half_depth_mm};
}

glm::dvec3 ScalpChart::normal(double alpha, double beta) const {
    // Gradient of the implicit form (see the header), up to a common factor.
    const glm::dvec3 p = point(alpha, beta);
    const double pp = shape_.profile_exponent, po = shape_.outline_exponent;
    const double qx = p.x / shape_.half_width_mm, qy = p.y / shape_.half_height_mm;
    const double qz = (p.z + shape_.half_depth_mm) / shape_.half_depth_mm;
    const double ring = std::pow(std::abs(qy), pp) + std::pow(std::abs(qz), pp);
    if (ring < 1e-12) return {qx < 0 ? -1.0 : 1.0, 0.0, 0.0};  // at an ear pole
    const double ring_factor = std::pow(ring, po / pp - 1.0);
    const glm::dvec3 gradient{spow(qx, po - 1) / shape_.half_width_mm,
                              ring_factor * spow(qy, pp - 1) / shape_.half_height_mm,
                              ring_factor * spow(qz, pp - 1) / shape_.half_depth_mm};
    const double length = glm::length(gradient);
    return length > 0 ? gradient / length : glm::dvec3{0, 0, 1};
}

double ScalpChart::x_of_beta(double beta) const {
    return shape_.half_width_mm * spow(std::sin(beta), e_outline_);
}

double ScalpChart::beta_of_x(double x_mm) const {
    const double s = std::clamp(x_mm / shape_.half_width_mm, -1.0, 1.0);
    return std::asin(spow(s, 1.0 / e_outline_));
}

double ScalpChart::midline_arc_mm(double alpha) const {
    const double t = std::clamp(alpha / glm::pi<double>(), 0.0, 1.0) * (kArcSamples - 1);
    const auto i = std::min(static_cast<std::size_t>(t), static_cast<std::size_t>(kArcSamples - 2));
    const double f = t - static_cast<double>(i);
    return arc_table_[i] * (1 - f) + arc_table_[i + 1] * f;
}

double ScalpChart::h_of(double alpha, double beta) const {
    return std::pow(std::abs(std::cos(beta)), e_outline_) * midline_arc_mm(alpha);
}

std::optional<double> ScalpChart::alpha_of(double h_mm, double beta) const {
    const double scale = std::pow(std::abs(std::cos(beta)), e_outline_);
    if (scale <= 1e-9) return std::nullopt;
    const double arc = h_mm / scale;
    if (arc < 0 || arc > arc_table_.back()) return std::nullopt;
    const auto it = std::lower_bound(arc_table_.begin(), arc_table_.end(), arc);
    const auto i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - arc_table_.begin(), 1));
    const double a0 = arc_table_[i - 1], a1 = arc_table_[i];
    const double f = a1 > a0 ? (arc - a0) / (a1 - a0) : 0.0;
    return glm::pi<double>() * (static_cast<double>(i - 1) + f) / (kArcSamples - 1);
}

std::optional<glm::dvec3> ScalpChart::point_at(ChartPoint chart) const {
    if (std::abs(chart.x_mm) >= shape_.half_width_mm) return std::nullopt;
    const double beta = beta_of_x(chart.x_mm);
    const auto alpha = alpha_of(chart.h_mm, beta);
    if (!alpha) return std::nullopt;
    return point(*alpha, beta);
}

}  // namespace hairline
