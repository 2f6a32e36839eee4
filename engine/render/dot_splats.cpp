#include "engine/render/dot_splats.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "engine/core/smooth.h"

namespace hairline {

void compute_dot_splats(const DotScene& scene, std::vector<DotSplat>& out) {
    out.clear();
    if (!scene.field) return;
    const std::vector<Dot>& dots = scene.field->dots;
    const DotStyle& s = scene.style;
    const FaceProjection& projection = scene.projection;
    const double reach = s.redness > 0.0f ? 5.0 : 1.05 + static_cast<double>(s.edge_softness);
    for (const Dot& dot : dots) {
        if (dot.rank >= s.density_fraction) break;  // sorted by rank: none after this is inked
        const DotSelection selected = select_dot(dot, s, scene.boundary);
        if (!selected.inked) continue;
        const double ramp = selected.ramp;

        const glm::dvec3 position(dot.position_mm), normal(dot.normal);
        const double facing = facing_camera(projection.pose, position, normal);
        if (facing <= kMinFacing) continue;

        // Size: per-dot variation; the front edge of a natural hairline is finer.
        const double spread = std::fmod(static_cast<double>(dot.jitter) * 97.13, 1.0) - 0.5;
        const double radius = static_cast<double>(s.radius_mm) * (1.0 + static_cast<double>(s.size_variation) * spread) *
                              (0.75 + 0.25 * ramp);

        // Tangent frame on the skin and the local projection Jacobian (px per mm).
        const glm::dvec3 up = std::abs(normal.y) < 0.95 ? glm::dvec3(0, 1, 0) : glm::dvec3(1, 0, 0);
        const glm::dvec3 t1 = glm::normalize(glm::cross(up, normal));
        const glm::dvec3 t2 = glm::cross(normal, t1);
        const glm::dvec2 c = project_point(projection, position);
        const glm::dvec2 j1 = project_point(projection, position + t1) - c;
        const glm::dvec2 j2 = project_point(projection, position + t2) - c;

        // Footprint covariance: the projected disc plus the pixel filter.
        const double r2 = radius * radius;
        const double dxx = r2 * (j1.x * j1.x + j2.x * j2.x), dxy = r2 * (j1.x * j1.y + j2.x * j2.y),
                     dyy = r2 * (j1.y * j1.y + j2.y * j2.y);
        const double pix = kPixelSigma * kPixelSigma;
        const double cxx = dxx + pix, cxy = dxy, cyy = dyy + pix;
        const double det_dot = std::max(dxx * dyy - dxy * dxy, 0.0), det = cxx * cyy - cxy * cxy;
        if (det <= 1e-12) continue;
        // Ink is conserved: a footprint widened by the filter is proportionally fainter.
        // Dots seen edge-on fade: the model's silhouette is where it is least
        // sure to match the real head (hair volume, pose error).
        const double coverage = std::sqrt(det_dot / det) * smoothstep(0.1, 0.45, facing);
        DotSplat splat;
        splat.center_px = glm::vec2(c);
        splat.inverse_cov = glm::vec3(static_cast<float>(cyy / det), static_cast<float>(-cxy / det),
                                      static_cast<float>(cxx / det));
        splat.amplitude = static_cast<float>(static_cast<double>(s.opacity) *
                                             (0.8 + 0.4 * static_cast<double>(dot.jitter)) * coverage);
        splat.halo = static_cast<float>(static_cast<double>(s.redness) * coverage);
        splat.half_extent = glm::vec2(static_cast<float>(reach * std::sqrt(cxx) + 0.5),
                                      static_cast<float>(reach * std::sqrt(cyy) + 0.5));
        out.push_back(splat);
    }
}

}  // namespace hairline
