#include "engine/track/gray_pyramid.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace hairline {

const cv::Mat& GrayPyramid::level(int index) {
    index = std::min(index, kMaxLevel);
    while (static_cast<int>(levels_.size()) <= index) {
        cv::Mat next;
        cv::pyrDown(levels_.back(), next);
        levels_.push_back(std::move(next));
    }
    return levels_[static_cast<std::size_t>(index)];
}

glm::dvec2 GrayPyramid::to_level(glm::dvec2 p, int index) {
    const double s = std::ldexp(1.0, -index);
    return (p + 0.5) * s - 0.5;
}

glm::dvec2 GrayPyramid::from_level(glm::dvec2 p, int index) {
    const double s = std::ldexp(1.0, index);
    return (p + 0.5) * s - 0.5;
}

int GrayPyramid::level_for(double size_px, double min_px) {
    int index = 0;
    while (size_px / std::ldexp(1.0, index + 1) >= min_px && index < kMaxLevel) ++index;
    return index;
}

}  // namespace hairline
