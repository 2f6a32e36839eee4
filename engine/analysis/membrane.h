#pragma once
// A smooth fill of a region from values known around it: the solution of
// Laplace's equation with the known values as its boundary (a membrane
// stretched over them), so a colour difference measured along a region's
// edge is carried across it without a seam and fades where it is pinned to
// zero. The gradient-domain step of a seamless composite (Pérez et al.
// 2003): the new content keeps its own gradients, the difference to the
// real picture is harmonic. Solved coarse to fine (a pyramid of Jacobi
// smoothings), a few milliseconds for a few hundred pixels square.
//
// Pure function.

#include <opencv2/core/mat.hpp>

namespace hairline {

// requires: values CV_32FC3; known and region CV_8UC1 of its size
// ensures:  values where `known`; inside `region` the membrane through them;
//           elsewhere 0 (pixels neither known nor in the region are not
//           used: edges there are free)
cv::Mat membrane_fill(const cv::Mat& values, const cv::Mat& known, const cv::Mat& region);

}  // namespace hairline
