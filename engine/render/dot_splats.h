#pragma once
// Each visible dot as a screen-space splat: where it lands and, per colour
// channel, the Gaussian of its optical depth in the image and that depth's
// peak. The dot's shadow on the skin (ink_profile) is mapped to the image by
// the local projection (dot and shadow foreshorten with the surface), then
// widened by the camera's blur; its peak is set so the darkening's integral
// stays what it is on the skin. So a dot smaller than a pixel darkens that
// pixel by its share, at any scale, and a resolved dot keeps its black
// centre and quickly fading edge. Computed on the CPU; ink.frag only
// evaluates reach * (1 - exp(-tau)). Pure function of plain data.

#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <opencv2/core/types.hpp>

#include "engine/geom/dot_field.h"
#include "engine/render/dot_scene.h"

namespace hairline {

struct DotSplat {
    glm::vec2 center_px;    // target pixels (pixel centres at integers)
    glm::vec3 inverse_r;    // inverse covariance (a, b, c) of tau's Gaussian, per channel
    glm::vec3 inverse_g;
    glm::vec3 inverse_b;
    glm::vec3 tau_peak;     // tau at the centre, per channel
    glm::vec3 halo_inverse; // inverse covariance of the faint halo around the core
    glm::vec3 halo_peak;    // the halo's darkening at the centre, per channel (unsaturated)
    glm::vec3 inverse_red;  // the healing redness ring (twice green's width)
    float redness;          // its strength
    float half_size_px;     // the sprite's half side: where every channel has faded
    glm::vec3 ink_px2;      // per channel, the darkening's integral in the image (px^2)
};

// requires: scene.field's dots sorted by rank (as generated); scene.camera.blur_px
//           in the target's pixels
// ensures:  one splat per dot that is inked (select_dot), faces the camera
//           (dot_faces_camera) and darkens some pixel by a thousandth of a
//           level or more (not those faded out at the silhouette). No field:
//           no splats.
void compute_dot_splats(const DotScene& scene, std::vector<DotSplat>& out);

// The target pixels the splats' sprites can cover, inside a target of
// `target` size: a point sprite covers the pixels whose centres lie within
// half_size_px of its centre (ink.vert), and a pixel more on each side
// allows for a rasteriser that rounds the sprite's size up. Outside it the
// ink is exactly zero, so the composite may leave those pixels to the plain
// frame. Pixel (x, y) is column x, row y (row 0 = image row 0).
// ensures: inside cv::Rect(0, 0, target); empty when no sprite reaches the target
cv::Rect splat_bounds(const std::vector<DotSplat>& splats, cv::Size target);

}  // namespace hairline
