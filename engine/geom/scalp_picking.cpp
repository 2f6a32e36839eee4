#include "engine/geom/scalp_picking.h"

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/matrix.hpp>

namespace hairline {
namespace {

// Inside (< 0) or outside (> 0) the superquadric, from its implicit form.
double implicit(const HeadShape& s, glm::dvec3 p) {
    const double ring = std::pow(std::abs(p.y / s.half_height_mm), s.profile_exponent) +
                        std::pow(std::abs((p.z + s.half_depth_mm) / s.half_depth_mm), s.profile_exponent);
    return std::pow(ring, s.outline_exponent / s.profile_exponent) +
           std::pow(std::abs(p.x / s.half_width_mm), s.outline_exponent) - 1.0;
}

}  // namespace

std::optional<glm::dvec2> chart_point_px(const FaceProjection& projection, const ScalpChart& chart, ChartPoint point) {
    const auto at = chart.point_at(point);
    if (!at) return std::nullopt;
    return project_point(projection, *at);
}

ChartPoint chart_of_point(const ScalpChart& chart, glm::dvec3 p) {
    const HeadShape& s = chart.shape();
    const double e_outline = 2.0 / s.outline_exponent, e = 2.0 / s.profile_exponent;
    const double beta = chart.beta_of_x(p.x);
    const double scale = std::pow(std::abs(std::cos(beta)), e_outline);
    if (scale < 1e-9) return {p.x, 0.0};
    const double sy = spow(p.y / (s.half_height_mm * scale), 1.0 / e);
    const double sz = spow((p.z + s.half_depth_mm) / (s.half_depth_mm * scale), 1.0 / e);
    const double alpha = std::atan2(sy, sz);
    return chart.to_chart(alpha, beta);
}

std::optional<ChartPoint> pick_scalp(const FaceProjection& projection, const ScalpChart& chart, glm::dvec2 pixel) {
    // Undo the image correction, then cast the camera ray into the head frame.
    const glm::dvec3 raw = glm::inverse(projection.image_correction) * glm::dvec3(pixel, 1.0);
    const glm::dvec3 dir_camera{(raw.x - projection.camera.principal_px.x) / projection.camera.focal_px,
                                (raw.y - projection.camera.principal_px.y) / projection.camera.focal_px, 1.0};
    const glm::dmat3 to_head = glm::transpose(projection.pose.rotation);
    const glm::dvec3 origin = to_head * (-projection.pose.translation_mm);
    const glm::dvec3 dir = glm::normalize(to_head * dir_camera);
    // March to the first sign change, then bisect.
    const double near = glm::length(projection.pose.translation_mm) - 400.0;
    double t0 = std::max(near, 0.0), step = 2.0;
    double f0 = implicit(chart.shape(), origin + t0 * dir);
    for (double t = t0 + step; t < t0 + 800.0; t += step) {
        const double f = implicit(chart.shape(), origin + t * dir);
        if (f0 > 0 && f <= 0) {
            double lo = t - step, hi = t;
            for (int i = 0; i < 40; ++i) {
                const double mid = 0.5 * (lo + hi);
                (implicit(chart.shape(), origin + mid * dir) > 0 ? lo : hi) = mid;
            }
            const glm::dvec3 hit = origin + hi * dir;
            if (hit.y < -5.0) return std::nullopt;  // below the glabella level: not scalp
            return chart_of_point(chart, hit);
        }
        f0 = f;
    }
    return std::nullopt;
}

}  // namespace hairline
