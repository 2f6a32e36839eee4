#include "engine/track/landmarks.h"

#include <glm/geometric.hpp>

namespace hairline {

const std::array<int, kLandmarkCount>& mirror_landmark_index() {
    static const std::array<int, kLandmarkCount> index = [] {
        std::array<int, kLandmarkCount> m{};
        for (int i = 0; i < kLandmarkCount; ++i) m[static_cast<std::size_t>(i)] = i;
        auto pair = [&](int a, int b) {
            m[static_cast<std::size_t>(a)] = b;
            m[static_cast<std::size_t>(b)] = a;
        };
        for (int i = 0; i < 8; ++i) pair(i, 16 - i);  // jaw
        for (int i = 0; i < 5; ++i) pair(17 + i, 26 - i);  // brows
        pair(31, 35);
        pair(32, 34);  // nostrils
        pair(36, 45);
        pair(37, 44);
        pair(38, 43);
        pair(39, 42);
        pair(40, 47);
        pair(41, 46);  // eyes
        pair(48, 54);
        pair(49, 53);
        pair(50, 52);
        pair(55, 59);
        pair(56, 58);  // outer lips
        pair(60, 64);
        pair(61, 63);
        pair(65, 67);  // inner lips
        return m;
    }();
    return index;
}

double iod_px(const Landmarks& p) { return glm::distance(right_eye_center(p), left_eye_center(p)); }

FaceAxes face_axes(const Landmarks& p) {
    FaceAxes axes;
    const glm::dvec2 right = right_eye_center(p), left = left_eye_center(p);
    axes.iod_px = glm::distance(right, left);
    axes.across = (left - right) / axes.iod_px;
    axes.up = face_up(axes.across);
    axes.eyes = 0.5 * (right + left);
    return axes;
}

}  // namespace hairline
