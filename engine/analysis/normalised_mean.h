#pragma once
// A normalised convolution: the Gaussian mean of an image near each pixel
// over the pixels a weight admits (the background seen, the offsets found),
// so what is not admitted does not bleed into the mean.
//
// Pure function.

#include <opencv2/core/mat.hpp>

namespace hairline {

// requires: image CV_32F with any channels; weight CV_32FC1 (0..1) of its size; sigma > 0
// ensures:  per channel, blur(image * weight) / max(blur(weight), min_weight)
cv::Mat normalised_mean(const cv::Mat& image, const cv::Mat& weight, double sigma, double min_weight);

}  // namespace hairline
