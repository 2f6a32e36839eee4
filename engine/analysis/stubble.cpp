#include "engine/analysis/stubble.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/constants.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/hash.h"

namespace hairline {
namespace {

constexpr double kPi = glm::pi<double>();
// A pixel spreads a point over about a third of its width (sensor and
// demosaicing), and a follicle's spot has this blur of its own (mm).
constexpr double kPixelSpread = 0.35;
constexpr double kSpotSigmaMm = 0.18;
// Cut hairs differ in length by this much either way (share of kStubbleLengthMm).
constexpr double kShortestTip = 0.6, kLongestTip = 1.4;

// A uniform number in [0, 1) from a grid cell and a salt (engine/core/hash.h).
double cell_random(std::int64_t i, std::int64_t j, std::uint32_t seed, std::uint32_t salt) {
    const std::uint32_t h = hash32(static_cast<std::uint32_t>(i) ^ hash32(static_cast<std::uint32_t>(j) ^ hash32(seed ^ salt)));
    return hash_unit(h);
}

// Smooth value noise in [0, 1) over a grid of kDensityPatchMm: how dense
// the hair grows around a skin position.
double patch_value(const cv::Vec2d& p, std::uint32_t seed) {
    const double u = p[0] / kDensityPatchMm, v = p[1] / kDensityPatchMm;
    const auto i = static_cast<std::int64_t>(std::floor(u)), j = static_cast<std::int64_t>(std::floor(v));
    auto ease = [](double t) { return t * t * (3.0 - 2.0 * t); };
    const double a = ease(u - static_cast<double>(i)), b = ease(v - static_cast<double>(j));
    const double top = (1 - a) * cell_random(i, j, seed, 4) + a * cell_random(i + 1, j, seed, 4);
    const double bottom = (1 - a) * cell_random(i, j + 1, seed, 4) + a * cell_random(i + 1, j + 1, seed, 4);
    return (1 - b) * top + b * bottom;
}

}  // namespace

cv::Mat stubble_coverage(const cv::Mat& skin_mm, const cv::Mat& mm_per_px, const cv::Mat& strength, std::uint32_t seed) {
    cv::Mat out(skin_mm.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < skin_mm.rows; ++y)
        for (int x = 0; x < skin_mm.cols; ++x) {
            const float want = strength.at<float>(y, x);
            if (want <= 0.0f) continue;
            const cv::Vec2d p(skin_mm.at<cv::Vec2f>(y, x));
            const double px_mm = mm_per_px.at<float>(y, x);
            // The spot as this pixel sees it: its own blur and the pixel's.
            const double sigma2 = kSpotSigmaMm * kSpotSigmaMm + (kPixelSpread * px_mm) * (kPixelSpread * px_mm);
            const double peak = kFollicleAreaMm2 / (2.0 * kPi * sigma2);
            const auto ci = static_cast<std::int64_t>(std::floor(p[0] / kFollicleSpacingMm));
            const auto cj = static_cast<std::int64_t>(std::floor(p[1] / kFollicleSpacingMm));
            double sum = 0.0;
            for (std::int64_t i = ci - 1; i <= ci + 1; ++i)
                for (std::int64_t j = cj - 1; j <= cj + 1; ++j) {
                    const double fx = (static_cast<double>(i) + cell_random(i, j, seed, 1)) * kFollicleSpacingMm;
                    const double fy = (static_cast<double>(j) + cell_random(i, j, seed, 2)) * kFollicleSpacingMm;
                    const double size = 0.6 + 0.8 * cell_random(i, j, seed, 3);  // stubs differ
                    const double d2 = (fx - p[0]) * (fx - p[0]) + (fy - p[1]) * (fy - p[1]);
                    sum += size * peak * std::exp(-0.5 * d2 / sigma2);
                }
            const double density = 1.0 + kDensityVariation * (2.0 * patch_value(p, seed) - 1.0);
            out.at<float>(y, x) = static_cast<float>(std::min(1.0, sum * density) * static_cast<double>(want));
        }
    return out;
}

cv::Mat stubble_fringe(const cv::Mat& skull, const cv::Mat& strength, double length_px) {
    cv::Mat out(skull.size(), CV_32F, cv::Scalar(0));
    if (length_px < 0.5) return out;
    cv::Mat beyond;
    cv::distanceTransform(skull < 0.5f, beyond, cv::DIST_L2, 3);
    // The stubble's strength at the nearest outline, carried out to the tips.
    const int reach = static_cast<int>(std::ceil(length_px * kLongestTip)) + 1;
    cv::Mat at_outline;
    cv::dilate(strength, at_outline, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * reach + 1, 2 * reach + 1)));
    for (int y = 0; y < out.rows; ++y)
        for (int x = 0; x < out.cols; ++x) {
            const double d = beyond.at<float>(y, x);
            if (d <= 0.0 || d > reach) continue;
            // A hash of the pixel, not of skin: the layer is made once and carried.
            const double tip = length_px * (kShortestTip + (kLongestTip - kShortestTip) *
                                                             hash_unit(hash32(static_cast<std::uint32_t>(y * out.cols + x) ^ 0x7157u)));
            const double left = std::max(0.0, 1.0 - d / tip);
            out.at<float>(y, x) = static_cast<float>(kFringeCover * left * static_cast<double>(at_outline.at<float>(y, x)));
        }
    return out;
}

}  // namespace hairline
