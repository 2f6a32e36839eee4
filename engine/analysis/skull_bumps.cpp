#include "engine/analysis/skull_bumps.h"

#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

// Period of the tile (mm): larger than a head seen whole, so no repeat shows.
constexpr double kTileMm = 96.0;

}  // namespace

SkullBumps make_skull_bumps(std::uint32_t seed) {
    SkullBumps bumps;
    const int side = static_cast<int>(std::lround(kTileMm / bumps.mm_per_px));
    const double sigma = kBumpScaleMm / bumps.mm_per_px;
    const int pad = static_cast<int>(std::ceil(4.0 * sigma));
    cv::Mat noise(side, side, CV_32FC3);
    std::mt19937 rng(seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) noise.at<cv::Vec3f>(y, x) = cv::Vec3f(gauss(rng), gauss(rng), gauss(rng));
    // Smoothed across the wrap, so the tile repeats without a seam.
    cv::Mat wrapped, smooth;
    cv::copyMakeBorder(noise, wrapped, pad, pad, pad, pad, cv::BORDER_WRAP);
    cv::GaussianBlur(wrapped, smooth, cv::Size(0, 0), sigma);
    smooth = smooth(cv::Rect(pad, pad, side, side)).clone();
    std::vector<cv::Mat> channels;
    cv::split(smooth, channels);
    for (cv::Mat& c : channels) {
        cv::Scalar mean, sd;
        cv::meanStdDev(c, mean, sd);
        c = (c - mean[0]) * (kBumpSlope / std::max(sd[0], 1e-9));
    }
    cv::merge(channels, bumps.offset);
    return bumps;
}

cv::Vec3f bumped_normal(const SkullBumps& bumps, const cv::Vec3f& normal, cv::Vec2f skin_mm) {
    const int side = bumps.offset.cols;
    const double x = static_cast<double>(skin_mm[0]) / bumps.mm_per_px, y = static_cast<double>(skin_mm[1]) / bumps.mm_per_px;
    const double fx = std::floor(x), fy = std::floor(y);
    const float ax = static_cast<float>(x - fx), ay = static_cast<float>(y - fy);
    auto at = [&](double px, double py) {
        const int ix = ((static_cast<int>(px) % side) + side) % side, iy = ((static_cast<int>(py) % side) + side) % side;
        return bumps.offset.at<cv::Vec3f>(iy, ix);
    };
    cv::Vec3f v = (1 - ax) * (1 - ay) * at(fx, fy) + ax * (1 - ay) * at(fx + 1, fy) + (1 - ax) * ay * at(fx, fy + 1) +
                  ax * ay * at(fx + 1, fy + 1);
    v -= normal * v.dot(normal);  // a tilt, not a change of length
    const cv::Vec3f n = normal + v;
    const float length = static_cast<float>(cv::norm(n));
    return length > 0.0f ? n / length : normal;
}

}  // namespace hairline
