#include "engine/render/dot_splats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <glm/geometric.hpp>

#include "engine/core/smooth.h"

namespace hairline {
namespace {

constexpr double kTwoPi = 6.283185307179586;
// A Gaussian sampled at pixel centres keeps its integral (no shimmer as it
// moves across pixels) only from about half a pixel of width up: narrower
// splats (a sharp camera, tiny dots) are widened to that.
constexpr double kMinVariancePx2 = 0.55 * 0.55;
// The halo is never cut nearer than this many of its sigmas (keeps 58% or
// more of it inside the sprite, the rest made up by its peak).
constexpr double kMinHaloCutSigmas = 1.3;

// Share of an isotropic Gaussian of variance v inside radius r (for an
// elongated one, the widest variance: what is kept is then underestimated
// a little, and the halo slightly strong where the skin is seen edge-on).
double mass_within(double r, double v) { return 1.0 - std::exp(-0.5 * r * r / std::max(v, 1e-12)); }

struct Gaussian2 {
    double xx, xy, yy;  // covariance, px^2
};

// Inverse (a, b, c) and sqrt(det).
glm::vec3 inverse_of(const Gaussian2& c, double& sqrt_det) {
    const double det = std::max(c.xx * c.yy - c.xy * c.xy, 1e-12);
    sqrt_det = std::sqrt(det);
    return glm::vec3(static_cast<float>(c.yy / det), static_cast<float>(-c.xy / det), static_cast<float>(c.xx / det));
}

// Skin variance v (mm^2) through the local projection M, then the blur.
Gaussian2 in_image(double v, const glm::dvec3& m, double blur2) {
    Gaussian2 c{v * m.x + blur2, v * m.y, v * m.z + blur2};
    const double lack = std::max(0.0, kMinVariancePx2 - std::min(c.xx, c.yy));
    c.xx += lack;
    c.yy += lack;
    return c;
}

}  // namespace

void compute_dot_splats(const DotScene& scene, std::vector<DotSplat>& out) {
    out.clear();
    if (!scene.field) return;
    const DotStyle& s = scene.style;
    const FaceProjection& projection = scene.projection;
    const double blur = std::max(scene.camera.blur_px, kMinBlurPx);
    const double blur2 = blur * blur;
    const cv::Mat& mask = scene.head_mask;
    const bool centre_test = scene.centres_in_mask && !mask.empty() && mask.type() == CV_8UC1;
    for (const Dot& dot : scene.field->dots) {
        if (dot.rank >= s.density_fraction) break;  // sorted by rank: none after this is inked
        const DotSelection selected = select_dot(dot, s, scene.boundary);
        if (!selected.inked) continue;

        const glm::dvec3 position(dot.position_mm), normal(dot.normal);
        const double facing = facing_camera(projection.pose, position, normal);
        if (facing <= kMinFacing) continue;

        // Size: per-dot variation; the front edge of a natural hairline is finer.
        const double spread = std::fmod(static_cast<double>(dot.jitter) * 97.13, 1.0) - 0.5;
        const double radius = static_cast<double>(s.radius_mm) * (1.0 + static_cast<double>(s.size_variation) * spread) *
                              (0.75 + 0.25 * selected.ramp);

        // Tangent frame on the skin and the local projection Jacobian (px per mm).
        const glm::dvec3 up = std::abs(normal.y) < 0.95 ? glm::dvec3(0, 1, 0) : glm::dvec3(1, 0, 0);
        const glm::dvec3 t1 = glm::normalize(glm::cross(up, normal));
        const glm::dvec3 t2 = glm::cross(normal, t1);
        const glm::dvec2 c = project_point(projection, position);
        if (centre_test) {
            const glm::dvec3 f = scene.target_to_frame * glm::dvec3(c, 1.0);
            const int u = static_cast<int>(std::lround(f.x / f.z)), v = static_cast<int>(std::lround(f.y / f.z));
            if (u < 0 || v < 0 || u >= mask.cols || v >= mask.rows || mask.at<std::uint8_t>(v, u) < 128) continue;
        }
        const glm::dvec2 j1 = project_point(projection, position + t1) - c;
        const glm::dvec2 j2 = project_point(projection, position + t2) - c;
        const glm::dvec3 m{j1.x * j1.x + j2.x * j2.x, j1.x * j1.y + j2.x * j2.y, j1.y * j1.y + j2.y * j2.y};
        const double area_scale = std::sqrt(std::max(m.x * m.z - m.y * m.y, 0.0));  // px^2 per mm^2

        // Each impression takes a little more or less ink. Skin seen at a
        // grazing angle keeps its share of ink per pixel (dots and skin
        // foreshorten together); only the last degrees before the model's
        // silhouette fade, where the head mask takes over.
        const InkProfile ink = ink_profile(s, radius, 0.8 + 0.4 * static_cast<double>(dot.jitter));
        const double fade = smoothstep(kMinFacing, scene.silhouette_fade, facing);

        DotSplat splat;
        splat.center_px = glm::vec2(c);
        glm::vec3* inverses[3] = {&splat.inverse_r, &splat.inverse_g, &splat.inverse_b};
        const Gaussian2 halo = in_image(ink.halo_variance_mm2, m, blur2);
        double halo_sqrt_det = 0.0;
        splat.halo_inverse = inverse_of(halo, halo_sqrt_det);
        double widest = 0.0, reach_q = 0.0;
        for (int k = 0; k < 3; ++k) {
            const Gaussian2 g = in_image(ink.tau_variance_mm2[k], m, blur2);
            double sqrt_det = 0.0;
            *inverses[k] = inverse_of(g, sqrt_det);
            const double reach = static_cast<double>(s.depth_reach[k]);
            const double halo_px2 = ink.halo_integral_mm2[k] * area_scale * fade;
            const double core_px2 = (ink.integral_mm2[k] - ink.halo_integral_mm2[k]) * area_scale * fade;
            splat.ink_px2[k] = static_cast<float>(core_px2 + halo_px2);
            // The peak depth whose saturated profile integrates to that:
            // reach * 2 pi sqrt(det) * Ein(tau0) = integral.
            const double tau0 = reach > 0.0 ? ein_inverse(core_px2 / (reach * kTwoPi * sqrt_det)) : 0.0;
            splat.tau_peak[k] = static_cast<float>(tau0);
            widest = std::max({widest, g.xx, g.yy});
            // Faded below 1/1000 of a level where tau0 exp(-q/2) < 1e-3.
            reach_q = std::max(reach_q, 2.0 * std::log(std::max(tau0, 1e-3) / 1e-3));
            splat.halo_peak[k] = static_cast<float>(halo_px2 / (kTwoPi * halo_sqrt_det));
        }
        const Gaussian2 red = in_image(4.0 * ink.tau_variance_mm2.g, m, blur2);
        double unused = 0.0;
        splat.inverse_red = inverse_of(red, unused);
        splat.redness = static_cast<float>(static_cast<double>(s.redness) * fade);
        // The sprite stays about the core's size (one sized for the whole
        // halo cost a software rasteriser a fifth more per live frame): the
        // halo is cut at the circle the sprite holds (ink.frag), and its peak
        // raised so that its integral is kept. Where it is cut it is a few
        // per cent of a faint peak, summed with its neighbours': no edge shows.
        // A core that nowhere reaches a thousandth of a level (the last
        // degrees before the silhouette, where fade is near 0) has a fainter
        // halo still: such a dot is not drawn at all (a fifth of them on a
        // turned head: a software rasteriser pays per point).
        const double core_half = std::sqrt(reach_q * widest);
        if (core_half <= 0.0 && splat.redness <= 0.0f) continue;
        const double halo_var = std::max(halo.xx, halo.yy);
        double half = std::max(core_half, kMinHaloCutSigmas * std::sqrt(halo_var));
        if (splat.redness > 0.0f) half = std::max(half, 3.0 * std::sqrt(std::max(red.xx, red.yy)));
        splat.half_size_px = static_cast<float>(half + 0.5);
        splat.halo_peak /= static_cast<float>(mass_within(half + 0.5, halo_var));
        out.push_back(splat);
    }
}

cv::Rect splat_bounds(const std::vector<DotSplat>& splats, cv::Size target) {
    const cv::Rect whole(cv::Point(), target);
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const DotSplat& s : splats) {
        const float h = s.half_size_px;
        // A sprite of unknown place or size could be anywhere.
        if (!std::isfinite(s.center_px.x) || !std::isfinite(s.center_px.y) || !std::isfinite(h)) return whole;
        x0 = std::min(x0, s.center_px.x - h);
        y0 = std::min(y0, s.center_px.y - h);
        x1 = std::max(x1, s.center_px.x + h);
        y1 = std::max(y1, s.center_px.y + h);
    }
    if (splats.empty()) return {};
    // Clamped in float first: a dot far off the target stays a valid int.
    auto to_int = [](float v, int size) { return static_cast<int>(std::clamp(v, -1.0f, static_cast<float>(size) + 1.0f)); };
    const cv::Point from(to_int(std::floor(x0) - 1.0f, target.width), to_int(std::floor(y0) - 1.0f, target.height));
    const cv::Point to(to_int(std::ceil(x1) + 2.0f, target.width), to_int(std::ceil(y1) + 2.0f, target.height));
    if (to.x <= from.x || to.y <= from.y) return {};
    return cv::Rect(from, to) & whole;
}

}  // namespace hairline
