#pragma once
// Face boxes as dlib's HOG detector draws them, and the same box re-derived
// from landmarks so the shape predictor (trained on detector boxes) sees the
// framing it expects while tracking without running the detector.

#include "engine/track/landmarks.h"

namespace hairline {

struct FaceBox {
    double left = 0, top = 0, width = 0, height = 0;  // px
    glm::dvec2 center() const { return {left + 0.5 * width, top + 0.5 * height}; }
    double area() const { return width * height; }
};

double intersection_over_union(const FaceBox& a, const FaceBox& b);
FaceBox scaled(const FaceBox& box, double factor);  // about the origin (image rescale)

// The detector box these landmarks would most likely have come from.
// Calibrated on dlib's detector over 58 faces (docs/tracking.md): side =
// 1.135 * mean(jaw width 0-16, chin-to-glabella height), centre = landmark
// centroid moved up by 0.057 * that size along the face's vertical axis.
// Residual: about 5% of the box size, the detector's own scale quantisation.
FaceBox box_from_landmarks(const Landmarks& landmarks);

}  // namespace hairline
