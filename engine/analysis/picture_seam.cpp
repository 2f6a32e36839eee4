#include "engine/analysis/picture_seam.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace hairline {

namespace {

// Share of the columns [x0, x1) where rows y - 2 and y + 1 differ by a seam's step.
double step_share(const cv::Mat& bgr, int y, int x0, int x1) {
    const auto* above = bgr.ptr<cv::Vec3b>(y - 2);
    const auto* below = bgr.ptr<cv::Vec3b>(y + 1);
    int stepped = 0;
    for (int x = x0; x < x1; ++x) {
        int d = 0;
        for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(static_cast<int>(above[x][c]) - static_cast<int>(below[x][c])));
        if (d > kSeamMinStep) ++stepped;
    }
    return static_cast<double>(stepped) / std::max(1, x1 - x0);
}

}  // namespace

int picture_top(const cv::Mat& bgr, glm::dvec2 glabella_px, double iod_px) {
    if (bgr.empty() || bgr.type() != CV_8UC3 || iod_px <= 1.0) return 0;
    const int x0 = std::max(0, static_cast<int>(glabella_px.x - kSeamHalfSpanIod * iod_px));
    const int x1 = std::min(bgr.cols, static_cast<int>(glabella_px.x + kSeamHalfSpanIod * iod_px));
    // The head's whole width must be in the picture to tell a seam from an edge.
    if (x1 - x0 < static_cast<int>(kSeamHalfSpanIod * iod_px)) return 0;
    const int nearest = std::min(bgr.rows - 2, static_cast<int>(glabella_px.y - kSeamNearestIod * iod_px));
    const int farthest = std::max(2, static_cast<int>(glabella_px.y - kSeamFarthestIod * iod_px));
    for (int y = nearest; y >= farthest; --y)
        if (step_share(bgr, y, x0, x1) >= kSeamMinShare) return y + 1;  // the seam lies between y - 1 and y
    return 0;
}

}  // namespace hairline
