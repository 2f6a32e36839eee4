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

// Degrees as x * pi / 180, not glm::radians (x times a rounded pi/180): the
// fitted angles, and the reports that print them, stay bit for bit what they were.
double rad_of(double deg) { return deg * glm::pi<double>() / 180.0; }
double deg_of(double rad) { return rad * 180.0 / glm::pi<double>(); }

glm::dmat3 rotation_about_y(double a) {
    const double c = std::cos(a), s = std::sin(a);
    // Column-major: Z turns towards X for a > 0.
    return glm::dmat3{c, 0, -s, 0, 1, 0, s, 0, c};
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
    if (scalp.yaw_rad != 0.0) fit.projection.pose.rotation = fit.projection.pose.rotation * rotation_about_y(scalp.yaw_rad);
    fit.head.half_height_mm *= scalp.scale;
    fit.head.half_depth_mm *= scalp.scale;
    fit.head.half_width_mm *= scalp.width_scale;
    return fit;
}

namespace {

// The outline seen along rays fanned around the face's "up" from the glabella.
struct OutlineRays {
    glm::dvec2 origin{0.0};
    std::vector<glm::dvec2> dirs;
    std::vector<double> reach;  // px from the origin to the outline
    // Rays where the outline is the skull's own (bare): a skull inside it is
    // as wrong as one outside. Elsewhere hair may lie over the skull.
    std::vector<bool> pinned;
};

OutlineRays outline_rays(const cv::Mat& alpha, const FaceFit& fit) {
    OutlineRays rays;
    const double iod = fit.iod_px;
    const glm::dvec2 eye_axis = head_across_px(fit.projection);
    const glm::dvec2 up = face_up(eye_axis);
    rays.origin = fit.glabella_px;
    for (int i = 0; i < kRays; ++i) {
        const double theta = rad_of(-kRaySpanDeg + 2.0 * kRaySpanDeg * i / (kRays - 1));
        const glm::dvec2 dir = std::cos(theta) * up + std::sin(theta) * eye_axis;
        if (auto reach = mask_reach(alpha, rays.origin, dir, 0.3 * iod, 5.0 * iod, std::max(2.0, 0.06 * iod))) {
            rays.dirs.push_back(dir);
            rays.reach.push_back(*reach);
            rays.pinned.push_back(false);
        }
    }
    return rays;
}

// Along ray k from `from` to `to` px (from the origin), one sample a pixel:
// how many fall where `within` is set, and how many of those are hair that
// hides the skin.
struct HairOnRay {
    int within = 0, hair = 0;
};
HairOnRay hair_on_ray(const OutlineRays& rays, std::size_t k, double from, double to, const cv::Mat& covering_alpha,
                      const cv::Mat& within) {
    HairOnRay out;
    for (double t = from; t <= to; t += 1.0) {
        const glm::dvec2 p = rays.origin + t * rays.dirs[k];
        const int u = static_cast<int>(std::lround(p.x)), v = static_cast<int>(std::lround(p.y));
        if (u < 0 || v < 0 || u >= covering_alpha.cols || v >= covering_alpha.rows) continue;
        if (within.at<std::uint8_t>(v, u) < 128) continue;
        ++out.within;
        if (covering_alpha.at<std::uint8_t>(v, u) >= 128) ++out.hair;
    }
    return out;
}

// Rays where the outline is bare: going in from it, hair that hides the
// skin ends within a stubble rim's width `rim_px` (seen edge-on, a rim of a
// few millimetres of stubble covers a band of the picture; a head of hair,
// the skull down to its hairline): the band beyond the rim is mostly not
// hair. Nor is there hair just outside it (an outline that left out the
// hair on top of a head is the skin's, not the head's).
std::vector<bool> bare_rays(const OutlineRays& rays, const cv::Mat& covering_alpha, const cv::Mat& head_alpha,
                            const cv::Mat& hair_colour, double rim_px) {
    std::vector<bool> bare(rays.dirs.size(), false);
    for (std::size_t k = 0; k < rays.dirs.size(); ++k) {
        const HairOnRay in = hair_on_ray(rays, k, rays.reach[k] - 2.0 * rim_px, rays.reach[k] - rim_px, covering_alpha,
                                         head_alpha);
        const HairOnRay out = hair_on_ray(rays, k, rays.reach[k], rays.reach[k] + rim_px, covering_alpha, hair_colour);
        bare[k] = in.within > 0 && in.hair < kMaxHairBeyondRim * in.within && out.hair < kMaxHairBeyondRim * rim_px;
    }
    return bare;
}

// A grid of skulls to try, and how a skull inside the outline is judged.
struct OutlineSearch {
    double tilt_min_deg, tilt_max_deg, tilt_step_deg;
    double scale_min, scale_max, scale_step;
    double width_min, width_max, width_step;
    double free_inside_iod;  // how far inside the outline the skull may lie for free (hair)
    double inside_weight;    // the cost of lying deeper inside, against lying outside
    // The same on rays where the outline is pinned as the skull's own.
    double pinned_free_inside_iod, pinned_inside_weight;
    double yaw_max_deg;      // 0: the landmarks' yaw is kept
    double prior_weight;     // of the typical skull the landmarks place, against the outline
};

// Grid search: the outline is a few hundred points, the grid a few
// hundred candidates; a local optimiser would add nothing but risk.
// Then finely around the best, so the answer moves smoothly with the image
// (a grid step would make dots jump between frames).
ScalpFit search_outline_fit(const FaceFit& fit, const OutlineRays& rays, const OutlineSearch& search) {
    ScalpFit out;
    const double iod = fit.iod_px;
    double best_cost = 1e300;
    auto evaluate = [&](double tilt_deg, double scale, double width, double yaw_deg = 0.0) {
        ScalpFit candidate{rad_of(tilt_deg), scale, 0, 0.0, true, width};
        candidate.yaw_rad = rad_of(yaw_deg);
        const auto hull = scalp_silhouette(apply_scalp_fit(fit, candidate));
        if (hull.size() < 3) return;
        double cost = 0.0, squared = 0.0;
        int used = 0, pinned_used = 0;
        for (std::size_t k = 0; k < rays.dirs.size(); ++k) {
            const auto reach = polygon_reach(hull, rays.origin, rays.dirs[k]);
            if (!reach) continue;
            const double diff = *reach - rays.reach[k];
            // Outside the head is wrong for sure; inside may be hair (not where the outline is bare).
            const bool pinned = rays.pinned[k];
            const double free_inside = pinned ? search.pinned_free_inside_iod : search.free_inside_iod;
            const double deep = std::max(0.0, -diff - free_inside * iod);
            cost += diff > 0 ? diff * diff : (pinned ? search.pinned_inside_weight : search.inside_weight) * deep * deep;
            squared += diff * diff;
            ++used;
            if (pinned) ++pinned_used;
        }
        if (used < 9) return;
        // Prior: a typical skull, as placed by the landmarks.
        const double prior = (tilt_deg / 8.0) * (tilt_deg / 8.0) + ((scale - 1.0) / 0.06) * ((scale - 1.0) / 0.06) +
                             ((width - 1.0) / 0.08) * ((width - 1.0) / 0.08) + (yaw_deg / 4.0) * (yaw_deg / 4.0);
        // Per ray of the skull's own outline where there are such: rays over
        // hair, which cost nothing while the skull lies under it, must not
        // dilute what the bare ones say against the typical skull.
        cost = cost / (pinned_used > 0 ? pinned_used : used) + 0.004 * search.prior_weight * iod * iod * prior;
        if (cost < best_cost) {
            best_cost = cost;
            candidate.rays = used;
            candidate.mismatch_px = std::sqrt(squared / used);
            out = candidate;
        }
    };
    const double eps = 1e-9;
    for (double tilt = search.tilt_min_deg; tilt <= search.tilt_max_deg + eps; tilt += search.tilt_step_deg)
        for (double scale = search.scale_min; scale <= search.scale_max + eps; scale += search.scale_step)
            for (double width = search.width_min; width <= search.width_max + eps; width += search.width_step)
                evaluate(tilt, scale, width);
    if (!out.fitted) return out;
    const double tilt0 = deg_of(out.tilt_rad), scale0 = out.scale, width0 = out.width_scale;
    const int width_steps = search.width_max > search.width_min ? 3 : 0;
    for (int i = -5; i <= 5; ++i)
        for (int j = -5; j <= 5; ++j)
            for (int k = -width_steps; k <= width_steps; ++k)
                evaluate(std::clamp(tilt0 + 0.1 * search.tilt_step_deg * i, -kMaxScalpTiltDeg, kMaxScalpTiltDeg),
                         std::clamp(scale0 + 0.1 * search.scale_step * j, kMinScalpScale, kMaxScalpScale),
                         std::clamp(width0 + search.width_step / (width_steps + 1) * k, search.width_min, search.width_max));
    if (search.yaw_max_deg > 0.0) {
        // The yaw, then it and the breadth together (a skull beside the
        // head was made broader to cover it): a few dozen more skulls.
        const double tilt1 = deg_of(out.tilt_rad), scale1 = out.scale;
        for (double yaw = -search.yaw_max_deg; yaw <= search.yaw_max_deg + eps; yaw += 1.0)
            evaluate(tilt1, scale1, out.width_scale, yaw);
        const double width1 = out.width_scale, yaw1 = deg_of(out.yaw_rad);
        for (int i = -4; i <= 4; ++i)
            for (int k = -4; k <= 4; ++k)
                evaluate(tilt1, scale1, std::clamp(width1 + 0.01 * k, search.width_min, search.width_max),
                         std::clamp(yaw1 + 0.25 * i, -search.yaw_max_deg, search.yaw_max_deg));
    }
    // An outline the skull cannot follow (dark hair lost against a dark
    // background, a hand, a hat) is not the head's: keep the model as it was.
    if (out.mismatch_px > kMaxOutlineMismatchIod * iod) out = ScalpFit{};
    return out;
}

}  // namespace

ScalpFit fit_scalp_to_outline(const cv::Mat& alpha, const FaceFit& fit) {
    if (alpha.empty() || alpha.type() != CV_8UC1 || fit.iod_px <= 1.0) return {};
    const OutlineRays rays = outline_rays(alpha, fit);
    if (rays.dirs.size() < 9) return {};
    // Hair may stand up to about 8 mm off the skull for free (a buzz cut is
    // 1-3 mm, a short cut up to 15 mm): only a model outside the head, or
    // far inside it, is wrong. The breadth stays the face's: hair at the
    // sides would widen it.
    const OutlineSearch search{.tilt_min_deg = -kMaxScalpTiltDeg, .tilt_max_deg = kMaxScalpTiltDeg, .tilt_step_deg = 2.5,
                               .scale_min = kMinScalpScale, .scale_max = kMaxScalpScale, .scale_step = 0.025,
                               .width_min = 1.0, .width_max = 1.0, .width_step = 1.0,
                               .free_inside_iod = 0.12, .inside_weight = 0.3,
                               .pinned_free_inside_iod = 0.12, .pinned_inside_weight = 0.3,
                               .yaw_max_deg = 0.0, .prior_weight = 1.0};
    return search_outline_fit(fit, rays, search);
}

ScalpFit fit_skull_to_bare_outline(const ScalpFit& outline_fit, const FaceFit& fit, const cv::Mat& covering_alpha,
                                   const cv::Mat& head_alpha, const cv::Mat& hair_colour, const cv::Mat& outline_alpha) {
    if (covering_alpha.empty() || head_alpha.empty() || hair_colour.empty() || outline_alpha.empty() || fit.iod_px <= 1.0)
        return outline_fit;
    OutlineRays rays = outline_rays(outline_alpha, fit);
    if (rays.dirs.size() < 9) return outline_fit;
    const std::vector<bool> bare = bare_rays(rays, covering_alpha, head_alpha, hair_colour, kBareRimIod * fit.iod_px);
    const auto bare_count = static_cast<int>(std::count(bare.begin(), bare.end(), true));
    // A bare head: the whole outline is the skull's. A bald crown over hair at
    // the sides: the crown's rays are, and they alone set the breadth against
    // the hair's outline, which the skull may only lie inside.
    const bool whole = bare_count >= kMinBareOutlineShare * static_cast<double>(rays.dirs.size());
    if (!whole && bare_count < kMinBareRays) return outline_fit;
    rays.pinned = whole ? std::vector<bool>(bare.size(), true) : bare;
    // Around the outline's fit, now with the breadth. The outline is the
    // skull's own here, so it outweighs the typical skull more.
    const double tilt0 = outline_fit.fitted ? deg_of(outline_fit.tilt_rad) : 0.0;
    const double scale0 = outline_fit.fitted ? outline_fit.scale : 1.0;
    const OutlineSearch search{.tilt_min_deg = std::max(-kMaxScalpTiltDeg, tilt0 - 7.5),
                               .tilt_max_deg = std::min(kMaxScalpTiltDeg, tilt0 + 7.5), .tilt_step_deg = 2.5,
                               .scale_min = std::max(kMinScalpScale, scale0 - 0.05),
                               .scale_max = std::min(kMaxScalpScale, scale0 + 0.05), .scale_step = 0.025,
                               .width_min = kMinBareWidthScale, .width_max = kMaxBareWidthScale, .width_step = 0.04,
                               .free_inside_iod = 0.12, .inside_weight = 0.3,
                               .pinned_free_inside_iod = 0.02, .pinned_inside_weight = 1.0,
                               .yaw_max_deg = kMaxBareYawDeg, .prior_weight = 0.1};
    ScalpFit bare_fit = search_outline_fit(fit, rays, search);
    if (!bare_fit.fitted) return outline_fit;
    bare_fit.bare = whole;
    return bare_fit;
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
