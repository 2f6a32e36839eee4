#include "engine/track/face_box.h"

#include <algorithm>

#include <glm/geometric.hpp>

namespace hairline {

double intersection_over_union(const FaceBox& a, const FaceBox& b) {
    const double x0 = std::max(a.left, b.left), y0 = std::max(a.top, b.top);
    const double x1 = std::min(a.left + a.width, b.left + b.width), y1 = std::min(a.top + a.height, b.top + b.height);
    const double inter = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

FaceBox scaled(const FaceBox& box, double factor) {
    return {box.left * factor, box.top * factor, box.width * factor, box.height * factor};
}

FaceBox box_from_landmarks(const Landmarks& landmarks) {
    constexpr double kSizePerExtent = 1.135, kCenterShiftUp = 0.057;
    const double jaw = glm::distance(landmarks[lm::kJawFirst], landmarks[lm::kJawLast]);
    const double height = glm::distance(landmarks[lm::kChin], glabella(landmarks));
    const double extent = 0.5 * (jaw + height);
    const double side = kSizePerExtent * extent;
    glm::dvec2 centroid{0.0};
    for (const auto& p : landmarks) centroid += p;
    centroid /= static_cast<double>(landmarks.size());
    // "Up" for this face: from the chin towards the glabella.
    glm::dvec2 up = glabella(landmarks) - landmarks[lm::kChin];
    const double up_len = glm::length(up);
    up = up_len > 0 ? up / up_len : glm::dvec2{0, -1};
    const glm::dvec2 center = centroid + kCenterShiftUp * extent * up;
    return {center.x - 0.5 * side, center.y - 0.5 * side, side, side};
}

}  // namespace hairline
