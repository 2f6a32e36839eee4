#pragma once
// The client's head as after a fresh buzz cut, for the "shave" preview: hair
// on the scalp becomes shaved scalp skin, hair standing out beyond the skull
// becomes background; face, brows, ears and beard stay as they are.
//
//   skin colour and light: a first-order lighting model (ambient plus one
//     directional term, Y = k0 + k . n, the low-order spherical-harmonics
//     fit used for faces, Basri & Jacobs 2003) fitted by least squares to
//     the luminance of the client's own visible skin, times the skin's mean
//     chromaticity; normals of a round head under the shaved outline;
//     evaluated on the scalp, so the shaved skin is shaded like the rest of
//     the head under the photo's light;
//   continuity: what the model misses of the real skin (the residual,
//     smoothed by normalised convolution) carried onto the scalp near it, so
//     the shaved skin meets the forehead and temples without a seam;
//   stubble: where hair was, clippers leave its stubble: a faint stipple of
//     the hair's own colour (dark hair shows, grey or blond hardly);
//   texture: the skin's own fine grain (the robust strength of its
//     high-pass), baked in;
//   background: OpenCV's Telea inpainting (photo module) of the hair outside
//     the head a barber leaves (shaved_head_outline);
//   where: hair (HairMask) from the crown down to beside the cheeks, off
//     the face (face_keep_zone); below, long hair stays as it is.
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

// Share of the hair's colour the stubble of a fresh clipper cut leaves.
inline constexpr double kStubbleShade = 0.08;
// How far the shadow of hair reaches onto the skin beside it (inter-ocular
// distances, about 8 mm): the shaved skin fades into the real one over it.
inline constexpr double kHairShadowIod = 0.12;
// The shaved scalp's luminance stays within this band of the face skin's median.
inline constexpr double kScalpShadeBand[2] = {0.7, 1.0};
// The band over which the shaved skin fades into the real skin beside the hair.
inline constexpr double kShaveFeatherIod = 0.25;

// requires: bgr 8-bit BGR; hair made on this frame with this fit (the scalp fitted)
// ensures:  nullopt when there is no hair or too little skin is visible to light the scalp
// cost:     about 10-60 ms (the head's crop, at most ~400 px, plus inpainting)
std::optional<ShaveLayer> make_shave_layer(const cv::Mat& bgr, const Landmarks& landmarks, const FaceFit& fit,
                                           const HairMask& hair);

// The layer moved with the face (2x3 similarity, frame pixels to frame
// pixels, rigid_fit.h), for the frames between two made layers.
// ensures: an empty layer (rect 0x0) when it leaves the frame.
ShaveLayer carry_shave_layer(const ShaveLayer& layer, const std::array<double, 6>& similarity, cv::Size frame_size);

// The frame with the layer laid over it (a copy; the frame is not changed).
cv::Mat apply_shave_layer(const cv::Mat& bgr, const ShaveLayer& layer);

}  // namespace hairline
