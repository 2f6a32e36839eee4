#pragma once
// Everything the dot pass needs for one face on one frame, as plain data:
// made by make_preview_scene() (engine/preview), drawn by Renderer.

#include <cstdint>
#include <memory>

#include <glm/mat3x3.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"
#include "engine/render/dot_style.h"

namespace hairline {

// Even a perfect lens and sensor integrate over the pixel itself: a box of
// one pixel, sigma 0.29. The ink layer is never sharper than that (and each
// splat is kept at least 0.55 px wide, ink.vert, so it samples faithfully).
inline constexpr double kMinBlurPx = 0.29;

// How the frame's own camera rendered it (engine/analysis/camera_look.h
// measures it): the ink layer gets the same blur and grain.
struct InkCamera {
    double blur_px = 0.7;      // Gaussian sigma, frame pixels
    double noise_level = 1.0;  // noise sigma, 8-bit levels
};

inline constexpr double kModelSilhouetteFade = 0.15, kBareSilhouetteFade = 0.05;

struct DotScene {
    FaceProjection projection;
    HairlineBoundary boundary;
    DotStyle style;
    std::shared_ptr<const DotField> field;  // the dots to choose from (sorted by rank); null: none
    cv::Mat head_mask;  // optional CV_8UC1, frame size: where dots may go (255) from image cues
    // Dots whose centre falls where head_mask < 128 are not drawn at all
    // (hair "under": ink shows only between hairs, never half a dot on one).
    bool centres_in_mask = false;
    // Ink fades over the last of the model's skin before its silhouette,
    // from facing_camera() = this down to kMinFacing, where the head mask
    // takes over from the model. A skull fitted to a bare outline ends
    // where the head does: the ink reaches the outline (kBareSilhouetteFade).
    double silhouette_fade = kModelSilhouetteFade;
    InkCamera camera;
    std::uint32_t grain_seed = 0;  // the frame's number: grain changes from frame to frame, as a sensor's does
    cv::Size frame_size;           // of the frame the scene is for (0: unknown)
    // The target's pixels -> the frame's (a zoomed view draws into other pixels).
    glm::dmat3 target_to_frame{1.0};
};

}  // namespace hairline
