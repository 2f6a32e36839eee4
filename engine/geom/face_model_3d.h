#pragma once
// A generic adult face in the head frame, used to estimate head pose from the
// 68 landmarks. Head frame (mm): origin at the glabella, X towards the
// subject's left, Y up, Z forward out of the face. Interpupillary distance of
// the model is 63 mm; scale it by the client's ipd.

#include <array>
#include <span>

#include <glm/vec3.hpp>

namespace hairline {

inline constexpr double kModelIpdMm = 63.0;

// All 68 points in dlib's order (see face_model_3d.cpp for their source).
const std::array<glm::dvec3, 68>& generic_face_points();

// The landmarks that move least with expression (nose, eye corners, inner
// brows): what pose estimation fits.
std::span<const int> rigid_landmark_indices();

}  // namespace hairline
