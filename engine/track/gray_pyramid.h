#pragma once
// A grayscale frame and its half, quarter... resolution copies, built on
// demand and shared by everything that works on the face at a fixed size
// (the landmark predictor, optical flow), so a face filling the frame costs
// no more than a small one. Level i has 2^-i of the base resolution.

#include <vector>

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

namespace hairline {

class GrayPyramid {
public:
    GrayPyramid() = default;
    explicit GrayPyramid(cv::Mat base) {
        levels_.reserve(kMaxLevel + 1);  // references from level() stay valid
        levels_.push_back(std::move(base));
    }
    static constexpr int kMaxLevel = 4;

    bool empty() const { return levels_.empty(); }
    const cv::Mat& base() const { return levels_.front(); }
    // requires: !empty(), index <= kMaxLevel; builds levels up to `index` on
    //           first use (the reference stays valid while the pyramid lives)
    const cv::Mat& level(int index);

    // Pixel coordinates between the base and level `index` (pixel centres
    // map onto pixel centres, as pyrDown samples them).
    static glm::dvec2 to_level(glm::dvec2 p, int index);
    static glm::dvec2 from_level(glm::dvec2 p, int index);

    // The deepest level at which `size_px` (measured at the base) is still at
    // least `min_px`.
    static int level_for(double size_px, double min_px);

private:
    std::vector<cv::Mat> levels_;
};

}  // namespace hairline
