#pragma once
// The client's head as after a fresh buzz cut, for the "shave" preview: only
// hair is replaced, through its soft matte; every real skin pixel stays, and
// face, brows, ears, sideburns and beard stay as they are.
//
//   the skull: the fitted scalp model at adult proportions (skull_view.h),
//     following the pose, never beyond the original outline of hair and
//     head; where the hair's outline was wider, background;
//   light: the scene's, fitted on the client's own skin against the face's
//     and skull's normals (scene_light.h: ambient, one direction and the
//     forehead's shine), applied to the skull's normals, tilted by the
//     skull's own bumps (skull_bumps.h);
//   colour: the skin's own, and what the model misses of the real skin
//     along the hairline and temples carried across the new skin by a
//     membrane (membrane.h): no seam where the hair began;
//   texture: the client's own forehead and temple skin, its least creased
//     places, quilted in skin millimetres, foreshortened on the skull
//     (skin_texture.h);
//   stubble: where hair grew, a clipper cut in the hair's own colour at
//     follicular density, finer towards the hairline (stubble.h);
//   background: where hair stood out beyond the skull, rebuilt from the
//     surrounding background's own pixels (background_fill.h);
//   where: hair from the crown down to beside the cheeks, off the face
//     (face_keep_zone); below, long hair stays as it is.
//
// Pure function; the result is a layer to lay over the frame (and carried
// to later frames by the face's 2D motion, like the head mask).

#include <array>
#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/analysis/hair_mask.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct ShaveLayer {
    cv::Rect rect;        // where it goes, frame pixels
    cv::Mat bgra;         // CV_8UC4 of rect's size: the colour to show and how much of it
    cv::Mat background;   // CV_8UC1 of rect's size: 255 where hair became background (no dots there)
    cv::Mat scalp;        // CV_8UC1 of rect's size: 255 on the shaved head (its skin can take dots)
};

// The hair's shadow on the skin beside it (dark tips, the shade under a
// fringe) goes with the hair: the new skin reaches this far (inter-ocular
// distances, about 4 mm) into the real skin, fading.
inline constexpr double kShadowReachIod = 0.06;
// Stubble fades in over this much skin from the old hairline (mm): finer
// and sparser at the front, as a natural hairline is.
inline constexpr double kStubbleFadeInMm = 10.0;

// requires: bgr 8-bit BGR; hair made on this frame with this fit (the scalp
//           fitted); head_outline the frame's head mask (head_mask.h) or
//           empty: it bounds a hair mask that took the background in
// ensures:  nullopt when there is no hair or too little skin is visible to light the scalp
// cost:     about 60-200 ms (lighting and background on a crop of at most
//           ~320 px; texture and stubble at the photo's own resolution)
std::optional<ShaveLayer> make_shave_layer(const cv::Mat& bgr, const Landmarks& landmarks, const FaceFit& fit,
                                           const HairMask& hair, const cv::Mat& head_outline = {});

// The layer moved with the face (2x3 similarity, frame pixels to frame
// pixels, rigid_fit.h), for the frames between two made layers.
// ensures: an empty layer (rect 0x0) when it leaves the frame.
ShaveLayer carry_shave_layer(const ShaveLayer& layer, const std::array<double, 6>& similarity, cv::Size frame_size);

// The frame with the layer laid over it (a copy; the frame is not changed).
cv::Mat apply_shave_layer(const cv::Mat& bgr, const ShaveLayer& layer);

}  // namespace hairline
