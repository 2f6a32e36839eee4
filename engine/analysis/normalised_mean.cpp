#include "engine/analysis/normalised_mean.h"

#include <vector>

#include <opencv2/imgproc.hpp>

namespace hairline {

cv::Mat normalised_mean(const cv::Mat& image, const cv::Mat& weight, double sigma, double min_weight) {
    cv::Mat weight_sum, out;
    cv::GaussianBlur(weight, weight_sum, cv::Size(0, 0), sigma);
    weight_sum = cv::max(weight_sum, min_weight);
    std::vector<cv::Mat> channels;
    cv::split(image, channels);
    for (cv::Mat& c : channels) {
        cv::GaussianBlur(c.mul(weight), c, cv::Size(0, 0), sigma);
        cv::divide(c, weight_sum, c);
    }
    cv::merge(channels, out);
    return out;
}

}  // namespace hairline
