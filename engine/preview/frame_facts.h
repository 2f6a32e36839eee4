#pragma once
// What one frame brings to a preview, whatever the design: its pixels, the
// fitted face, and what the stream carries from earlier frames (skin tone,
// head mask, hair, dot field). Made by PreviewSession::update(); read-only after,
// so it can be handed to another thread and drawn for several designs.

#include <cstdint>
#include <memory>
#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/analysis/camera_look.h"
#include "engine/analysis/scalp_fit.h"
#include "engine/analysis/shave.h"
#include "engine/analysis/skin_tone.h"
#include "engine/geom/dot_field.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct FaceOnFrame {
    Landmarks landmarks{};  // as tracked (filtered) or predicted on a still
    FaceFit fit;            // pose, scale and head fitted to them
    double confidence = 1.0;  // the tracker's (tracker.h); a still's own check
};

struct FrameFacts {
    cv::Mat bgr;                 // the frame, 8-bit BGR (shares the caller's pixels)
    std::int64_t index = 0;      // frame number in the stream
    std::optional<FaceOnFrame> face;
    // How strongly the overlay shows (0..1): it fades out as the face's
    // confidence falls and back in over a few frames when it returns.
    double overlay = 1.0;
    std::optional<SkinTone> skin_tone;           // the stream's latest estimate
    CameraLook camera_look;                      // the frame's blur and noise (the stream's latest estimate)
    cv::Mat head_mask;                           // CV_8UC1 frame size, 255 where dots may go; empty: no image cue
    ScalpFit scalp_fit;                          // how the skull was fitted to the mask's outline (applied to face->fit)
    std::shared_ptr<const DotField> dot_field;   // for this head and seed; null until ready (live)
    // The client's hair (engine/analysis/hair_mask.h), made with the head mask and carried like it.
    cv::Mat hair_alpha;                          // CV_8UC1 frame size, 255 hair; empty: not known
    cv::Mat covering_alpha;                      // CV_8UC1 frame size, 255 hair that hides the skin (HairMask::covering_alpha)
    cv::Mat skin_alpha;                          // CV_8UC1 frame size, 255 the client's own skin on the head; empty: not known
    cv::Mat hair_not_background;                 // CV_8UC1 frame size, 255 where the colour alone says hair, not background
    double scalp_hair_fraction = 0.0;            // of the head above the brows, the share that is hair
    std::shared_ptr<const ShaveLayer> shave;     // the head after a buzz cut (shave.h); null: none
};

}  // namespace hairline
