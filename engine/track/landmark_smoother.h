#pragma once
// Temporal filtering of the 68 landmarks. Frame-to-frame landmark jitter is
// pixel noise; a hairline drawn 1.3 inter-ocular distances above the eyes
// amplifies it. The landmarks are split into a rigid similarity (centre,
// log-scale, roll: estimated from all points, so the head's speed is
// measured with little noise) and the non-rigid shape in the face's own
// frame; each part has One Euro filters tuned for it (docs/tracking.md).
// A still head gets a still result; a moving one is followed with well under
// a frame of lag because the cutoff rises with speed.

#include <array>

#include <glm/vec2.hpp>

#include "engine/track/landmarks.h"
#include "engine/track/one_euro.h"
#include "engine/track/rigid_fit.h"

namespace hairline {

// Tuned on synthetic clips (scripts/eval_tracking.py, docs/tracking.md): a
// still head with sensor noise sigma=4 gets hairline jitter of about 0.1% of
// the IOD; a head panning 15% of the frame per second is followed within
// about 1% IOD. min_cutoff_hz sets the smoothing when still; beta (per face
// size / per radian / per unit of shape per second) opens it with speed.
struct SmootherParams {
    OneEuroParams translation{0.4, 60.0, 1.0};  // centre, in face sizes
    OneEuroParams log_scale{0.4, 60.0, 1.0};
    OneEuroParams roll{0.4, 60.0, 1.0};         // radians
    // Non-rigid shape (face-normalised offsets from the rigid fit). The
    // hairline hangs from the brows and eyes, and the skull does not move
    // when they do (brow raise, blink): they are smoothed hard; the mouth and
    // jaw keep following speech and smiles.
    OneEuroParams shape{0.15, 4.0, 1.0};
    OneEuroParams shape_mouth{0.8, 8.0, 1.0};
};

class LandmarkSmoother {
public:
    explicit LandmarkSmoother(SmootherParams params = {}) : params_(params) { reset(); }

    // requires: dt_s > 0 after the first call
    // ensures:  the filtered landmarks
    Landmarks filter(const Landmarks& raw, double dt_s);

    // The filtered landmarks moved on by `dt_s` at the filtered rigid velocity:
    // where to look in the next frame.
    Landmarks extrapolate(double dt_s) const;

    void reset();
    bool initialised() const { return initialised_; }

private:
    Landmarks compose(const RigidPose2D& rigid, const std::array<glm::dvec2, kLandmarkCount>& shape) const;

    SmootherParams params_;
    bool initialised_ = false;
    OneEuroFilter cx_, cy_, log_scale_, roll_;
    std::array<OneEuroFilter, 2 * kLandmarkCount> shape_filters_;
    double unit_px_ = 1.0;
    RigidPose2D rigid_;
    std::array<glm::dvec2, kLandmarkCount> shape_{};
};

}  // namespace hairline
