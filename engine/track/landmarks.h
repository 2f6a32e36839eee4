#pragma once
// The 68 iBUG 300-W landmarks in image pixels, in dlib's order, and the
// derived points the rest of hairline measures from. "Right"/"left" are the
// subject's: the subject's right eye (points 36-41) is on the image left in
// an unmirrored photo.

#include <array>

#include <glm/vec2.hpp>

namespace hairline {

inline constexpr int kLandmarkCount = 68;
using Landmarks = std::array<glm::dvec2, kLandmarkCount>;

namespace lm {
inline constexpr int kJawFirst = 0, kJawLast = 16, kChin = 8;
inline constexpr int kRightBrowInner = 21, kLeftBrowInner = 22;
inline constexpr int kRightEyeFirst = 36, kLeftEyeFirst = 42;  // six points each
inline constexpr int kRightEyeOuter = 36, kRightEyeInner = 39, kLeftEyeInner = 42, kLeftEyeOuter = 45;
inline constexpr int kNoseBridgeTop = 27, kNoseTip = 30;
}  // namespace lm

inline glm::dvec2 mean_of(const Landmarks& p, int first, int count) {
    glm::dvec2 sum{0.0};
    for (int i = first; i < first + count; ++i) sum += p[static_cast<std::size_t>(i)];
    return sum / static_cast<double>(count);
}

// Pupil centre estimates: the mean of each eye's six contour points.
inline glm::dvec2 right_eye_center(const Landmarks& p) { return mean_of(p, lm::kRightEyeFirst, 6); }
inline glm::dvec2 left_eye_center(const Landmarks& p) { return mean_of(p, lm::kLeftEyeFirst, 6); }

// Glabella as the product defines it: midpoint between the inner brow ends.
inline glm::dvec2 glabella(const Landmarks& p) {
    return 0.5 * (p[lm::kRightBrowInner] + p[lm::kLeftBrowInner]);
}

// For each landmark, the index of its mirror image (left <-> right).
const std::array<int, kLandmarkCount>& mirror_landmark_index();

// Inter-ocular distance in pixels (between the eye centres); the unit in
// which tracking accuracy and jitter are reported.
double iod_px(const Landmarks& p);

// The face's "up" in the picture for its left-right direction `across`
// (unit): perpendicular to it, towards the crown (image y grows downwards).
// The one rule for both eye lines: the landmarks' (face_axes) and the
// pose's (head_across_px in projection.h).
inline glm::dvec2 face_up(glm::dvec2 across) { return {across.y, -across.x}; }

// The face's own frame in the picture: unit vectors along the eyes (from
// the subject's right eye to their left) and up (perpendicular to it,
// towards the brows), from the eyes' midpoint, in inter-ocular distances.
struct FaceAxes {
    glm::dvec2 across{1.0, 0.0};
    glm::dvec2 up{0.0, -1.0};
    glm::dvec2 eyes{0.0};
    double iod_px = 0.0;
    // Height of a picture point over the eye line, in inter-ocular distances.
    double above_eyes(glm::dvec2 p) const { return ((p.x - eyes.x) * up.x + (p.y - eyes.y) * up.y) / iod_px; }
    // Its offset along the eye line, in inter-ocular distances.
    double along_eyes(glm::dvec2 p) const { return ((p.x - eyes.x) * across.x + (p.y - eyes.y) * across.y) / iod_px; }
};
// requires: the eyes apart (iod_px(p) > 0)
FaceAxes face_axes(const Landmarks& p);

}  // namespace hairline
