#pragma once
// Each visible dot as a screen-space splat: where it lands, the ellipse of
// its footprint (the dot's disc projected onto the image and widened by the
// pixel filter, EWA-style) and how much ink it carries. Computed once per dot
// on the CPU (the dot shader then only shades pixels), which on a software
// GL is several times faster than redoing the projection for every corner.
// Pure function of plain data; the dots shader draws what this returns.

#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "engine/geom/dot_field.h"
#include "engine/render/dot_scene.h"

namespace hairline {

struct DotSplat {
    glm::vec2 center_px;    // image pixels (pixel centres at integers)
    glm::vec3 inverse_cov;  // (a, b, c) of the footprint's inverse covariance [[a, b], [b, c]]
    float amplitude;        // ink at the centre, 0..~1.2
    float halo;             // healing redness strength
    glm::vec2 half_extent;  // px: the quad that covers the footprint
};

// Footprint of one pixel for anti-aliasing (Gaussian sigma, px).
inline constexpr double kPixelSigma = 0.45;

// requires: scene.field's dots sorted by rank (as generated)
// ensures:  one splat per dot that is inked (select_dot) and faces the camera
//           (dot_faces_camera); sub-pixel dots keep their ink, spread over a
//           pixel. No field: no splats.
void compute_dot_splats(const DotScene& scene, std::vector<DotSplat>& out);

}  // namespace hairline
