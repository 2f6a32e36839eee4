#include "engine/analysis/scalp_fit.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/geom/head_model.h"

namespace hairline {
namespace {

constexpr int kRays = 29;              // -70..70 degrees around the face's "up"
constexpr double kRaySpanDeg = 70.0;

glm::dmat3 rotation_about_x(double a) {
    const double c = std::cos(a), s = std::sin(a);
    // Column-major: Y turns towards Z for a > 0.
    return glm::dmat3{1, 0, 0, 0, c, s, 0, -s, c};
}

}  // namespace

std::vector<cv::Point2f> scalp_silhouette(const FaceFit& fit) {
    const ScalpChart chart(fit.head);
    std::vector<cv::Point2f> points;
    for (int i = 0; i <= 36; ++i)
        for (int j = 0; j <= 20; ++j) {
            const double alpha = glm::pi<double>() * i / 36.0;
            const double beta = -kChartBetaMax + 2.0 * kChartBetaMax * j / 20.0;
            const glm::dvec3 c = to_camera(fit.projection.pose, chart.point(alpha, beta));
            if (c.z <= 1.0) continue;
            const glm::dvec2 px = project_point(fit.projection, chart.point(alpha, beta));
            points.emplace_back(static_cast<float>(px.x), static_cast<float>(px.y));
        }
    std::vector<cv::Point2f> hull;
    if (points.size() >= 3) cv::convexHull(points, hull);
    return hull;
}

namespace {

// How far from `origin` along `dir` a convex polygon reaches (nullopt: not at all).
std::optional<double> polygon_reach(const std::vector<cv::Point2f>& polygon, glm::dvec2 origin, glm::dvec2 dir) {
    std::optional<double> best;
    for (std::size_t i = 0; i < polygon.size(); ++i) {
        const cv::Point2f a = polygon[i], b = polygon[(i + 1) % polygon.size()];
        const glm::dvec2 p(a.x, a.y), e(b.x - a.x, b.y - a.y);
        const double den = dir.x * e.y - dir.y * e.x;
        if (std::abs(den) < 1e-12) continue;
        const glm::dvec2 w = p - origin;
        const double t = (w.x * e.y - w.y * e.x) / den;  // along dir
        const double u = (w.x * dir.y - w.y * dir.x) / den;  // along the edge
        if (u < 0.0 || u > 1.0 || t <= 0.0) continue;
        best = std::max(best.value_or(0.0), t);
    }
    return best;
}

// How far from `origin` along `dir` the mask's head reaches: the start of
// the first gap of `gap` px outside it; nullopt when the ray leaves the
// image while still on the head (the outline is not seen there).
std::optional<double> mask_reach(const cv::Mat& alpha, glm::dvec2 origin, glm::dvec2 dir, double start, double stop,
                                 double gap) {
    double outside_since = -1.0;
    for (double t = start; t < stop; t += 1.0) {
        const glm::dvec2 p = origin + t * dir;
        const int x = static_cast<int>(std::lround(p.x)), y = static_cast<int>(std::lround(p.y));
        if (x < 0 || y < 0 || x >= alpha.cols || y >= alpha.rows) return outside_since >= 0 ? std::optional(outside_since) : std::nullopt;
        const bool inside = alpha.at<std::uint8_t>(y, x) >= 128;
        if (inside) {
            outside_since = -1.0;
        } else {
            if (outside_since < 0) outside_since = t;
            if (t - outside_since >= gap) return outside_since;
        }
    }
    return std::nullopt;
}

}  // namespace

FaceFit apply_scalp_fit(FaceFit fit, const ScalpFit& scalp) {
    if (!scalp.fitted) return fit;
    fit.projection.pose.rotation = fit.projection.pose.rotation * rotation_about_x(scalp.tilt_rad);
    fit.head.half_height_mm *= scalp.scale;
    fit.head.half_depth_mm *= scalp.scale;
    return fit;
}

ScalpFit fit_scalp_to_outline(const cv::Mat& alpha, const FaceFit& fit) {
    ScalpFit out;
    if (alpha.empty() || alpha.type() != CV_8UC1 || fit.iod_px <= 1.0) return out;
    const double iod = fit.iod_px;
    // The face's "up" in the image (perpendicular to the eye line).
    const glm::dvec2 eye_axis = head_across_px(fit.projection);
    const glm::dvec2 up = face_up(eye_axis);
    const glm::dvec2 origin = fit.glabella_px;

    std::vector<glm::dvec2> dirs;
    std::vector<double> target;
    for (int i = 0; i < kRays; ++i) {
        // Degrees as x * pi / 180, not glm::radians (x times a rounded pi/180): the
        // fitted tilt, and the reports that print it, stay bit for bit what they were.
        const double theta = (-kRaySpanDeg + 2.0 * kRaySpanDeg * i / (kRays - 1)) * glm::pi<double>() / 180.0;
        const glm::dvec2 dir = std::cos(theta) * up + std::sin(theta) * eye_axis;
        if (auto reach = mask_reach(alpha, origin, dir, 0.3 * iod, 5.0 * iod, std::max(2.0, 0.06 * iod))) {
            dirs.push_back(dir);
            target.push_back(*reach);
        }
    }
    if (dirs.size() < 9) return out;

    // Grid search: the outline is a few hundred points, the grid a few
    // hundred candidates; a local optimiser would add nothing but risk.
    // Hair may stand up to about 8 mm off the skull for free (a buzz cut is
    // 1-3 mm, a short cut up to 15 mm): only a model outside the head, or
    // far inside it, is wrong.
    const double hair_allowance = 0.12 * iod;
    double best_cost = 1e300;
    auto evaluate = [&](double tilt_deg, double scale) {
        ScalpFit candidate{tilt_deg * glm::pi<double>() / 180.0, scale, 0, 0.0, true};
        const auto hull = scalp_silhouette(apply_scalp_fit(fit, candidate));
        if (hull.size() < 3) return;
        double cost = 0.0, squared = 0.0;
        int used = 0;
        for (std::size_t k = 0; k < dirs.size(); ++k) {
            const auto reach = polygon_reach(hull, origin, dirs[k]);
            if (!reach) continue;
            const double diff = *reach - target[k];
            // Outside the head is wrong for sure; inside may be hair.
            const double deep = std::max(0.0, -diff - hair_allowance);
            cost += diff > 0 ? diff * diff : 0.3 * deep * deep;
            squared += diff * diff;
            ++used;
        }
        if (used < 9) return;
        // Prior: a typical skull, as placed by the landmarks.
        const double prior = (tilt_deg / 8.0) * (tilt_deg / 8.0) + ((scale - 1.0) / 0.06) * ((scale - 1.0) / 0.06);
        cost = cost / used + 0.004 * iod * iod * prior;
        if (cost < best_cost) {
            best_cost = cost;
            candidate.rays = used;
            candidate.mismatch_px = std::sqrt(squared / used);
            out = candidate;
        }
    };
    for (double tilt_deg = -kMaxScalpTiltDeg; tilt_deg <= kMaxScalpTiltDeg + 1e-9; tilt_deg += 2.5)
        for (double scale = kMinScalpScale; scale <= kMaxScalpScale + 1e-9; scale += 0.025) evaluate(tilt_deg, scale);
    // Then finely around the best, so the answer moves smoothly with the
    // image (a grid step would make dots jump between frames).
    if (out.fitted) {
        const double tilt0 = out.tilt_rad * 180.0 / glm::pi<double>(), scale0 = out.scale;
        for (int i = -5; i <= 5; ++i)
            for (int j = -5; j <= 5; ++j)
                evaluate(std::clamp(tilt0 + 0.25 * i, -kMaxScalpTiltDeg, kMaxScalpTiltDeg),
                         std::clamp(scale0 + 0.0025 * j, kMinScalpScale, kMaxScalpScale));
    }
    // An outline the skull cannot follow (dark hair lost against a dark
    // background, a hand, a hat) is not the head's: keep the model as it was.
    if (out.fitted && out.mismatch_px > kMaxOutlineMismatchIod * iod) out = ScalpFit{};
    return out;
}

ScalpFit fit_skull_under_hair(const ScalpFit& outline_fit, const FaceFit& fit, const cv::Mat& hair_alpha,
                              const cv::Mat& head_alpha) {
    if (hair_alpha.empty() || head_alpha.empty() || fit.iod_px <= 1.0) return outline_fit;
    const double iod = fit.iod_px;
    const glm::dvec2 eye_axis = head_across_px(fit.projection);
    const glm::dvec2 up = face_up(eye_axis);
    const glm::dvec2 origin = fit.glabella_px;
    auto skull_top_of = [&](const ScalpFit& scalp) {
        double t = 0.0;
        for (const auto& p : scalp_silhouette(apply_scalp_fit(fit, scalp)))
            t = std::max(t, glm::dot(glm::dvec2(p.x, p.y) - origin, up));
        return t;
    };
    // Is the skull's top under hair? (Its upper part near the midline, where the picture shows it.)
    const double model_top = skull_top_of(outline_fit);
    double hair_sum = 0.0;
    int hair_count = 0;
    for (double side = -0.4; side <= 0.4; side += 0.1)
        for (double share = 0.6; share <= 0.95; share += 0.05) {
            const glm::dvec2 p = origin + share * model_top * up + side * iod * eye_axis;
            const int u = static_cast<int>(p.x), v = static_cast<int>(p.y);
            if (u < 0 || v < 0 || u >= hair_alpha.cols || v >= hair_alpha.rows) continue;
            hair_sum += hair_alpha.at<std::uint8_t>(v, u) / 255.0;
            ++hair_count;
        }
    if (hair_count < 8 || hair_sum / hair_count < 0.5) return outline_fit;
    // The outline's top near the midline (when the picture shows it), less the hair on it.
    double wanted = fit.mm_per_px > 0.0 ? kVertexOverGlabellaMm / fit.mm_per_px : 1e9;
    double outline_top = -1.0;
    for (double side = -0.5; side <= 0.5; side += 0.125) {
        const glm::dvec2 dir = glm::normalize(up + side * eye_axis);
        if (const auto reach = mask_reach(head_alpha, origin, dir, 0.3 * iod, 5.0 * iod, std::max(2.0, 0.06 * iod)))
            outline_top = std::max(outline_top, glm::dot(*reach * dir, up));
    }
    if (outline_top > 0.0) wanted = std::min(wanted, outline_top - kHairOnTopIod * iod);
    ScalpFit out = outline_fit;
    if (!out.fitted) out = ScalpFit{0.0, 1.0, 0, 0.0, true};
    for (int pass = 0; pass < 3; ++pass) {
        const double skull_top = skull_top_of(out);
        if (skull_top <= wanted || skull_top <= 0.0) break;
        out.scale = std::max(kMinScalpScale, out.scale * wanted / skull_top);
    }
    return out;
}

}  // namespace hairline
