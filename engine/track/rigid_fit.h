#pragma once
// The rigid part of a face's landmarks: the least-squares similarity (centre,
// scale, in-plane roll) from a frontal reference face to them.

#include <array>

#include <glm/vec2.hpp>
#include <opencv2/core/types.hpp>

#include "engine/track/landmarks.h"

namespace hairline {

// The rigid part of one face's landmarks (image pixels).
struct RigidPose2D {
    glm::dvec2 center{0.0};
    double scale = 1.0;   // pixels per reference unit (about one IOD)
    double roll_rad = 0.0;
};

// Least-squares similarity from the reference face shape to `landmarks`.
RigidPose2D fit_rigid_2d(const Landmarks& landmarks);

// The 2x3 affine (row-major) that carries image points of the frame where
// the face was at `from` to the frame where it is at `to` (same similarity
// applied to everything around the face: masks made on an earlier frame).
std::array<double, 6> similarity_between(const RigidPose2D& from, const RigidPose2D& to);

// How far the head has moved other than rigidly since `then`: the rms
// distance, in inter-ocular distances of `now`, between the brows', nose's
// and eyes' landmarks (kDriftFirst..kDriftLast; the jaw and mouth move as
// the client talks, the head does not) and those of `then` carried by the
// similarity between the two poses: a turn or a nod, not a move, a roll or a
// step closer.
inline constexpr std::size_t kDriftFirst = 17, kDriftLast = 47;
double nonrigid_drift(const Landmarks& then, const RigidPose2D& then_pose, const Landmarks& now, const RigidPose2D& now_pose);

// The bounding box of `rect` carried by the 2x3 affine `m` (similarity_between).
cv::Rect carried_bounds(const cv::Rect& rect, const std::array<double, 6>& m);

// The generic face seen from the front, centred, in IOD units (y down).
const std::array<glm::dvec2, kLandmarkCount>& reference_shape();

glm::dvec2 rotate(glm::dvec2 v, double angle_rad);

}  // namespace hairline
