#include "engine/analysis/skin_texture.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

// The tile is this many patch steps square: larger than a head seen whole,
// so no repeat shows.
constexpr int kTilePatches = 14;
// Outliers (a highlight's glint, a mole, a stray hair) are not texture:
// the detail is held within this many robust deviations of its median.
constexpr double kOutlierDeviations = 2.5;
// A highlight's glints are light added on the skin, not its texture (the
// skull gets its own highlight from the scene's light): copied, they read as
// pale spots. The light side is held this close, after the contrast is taken.
constexpr double kGlintDeviations = 1.0;
constexpr double kOverlapShare = 0.3;  // of a patch, blended with its neighbours
constexpr int kMinSourcePatches = 4;
constexpr int kCandidates = 8;
// Of the places a patch may come from, this share with the least oriented
// detail is used (least_oriented).
constexpr double kLeastOrientedShare = 0.25;

// A window that is 1 in the middle and falls to 0 over the overlap at each side.
cv::Mat feather_window(int side, int overlap) {
    cv::Mat w(side, side, CV_32F);
    auto ramp = [&](int i) {
        const double edge = std::min(i + 0.5, side - i - 0.5);
        return overlap > 0 ? std::clamp(edge / overlap, 0.0, 1.0) : 1.0;
    };
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) w.at<float>(y, x) = static_cast<float>(ramp(x) * ramp(y));
    return w;
}

// How strongly one direction dominates the detail of each patch (0: no
// direction, as pores; 1: parallel lines, as the forehead's creases): the
// coherence of the gradients' structure tensor summed over the patch.
cv::Mat patch_coherence(const cv::Mat& ratio, int patch) {
    cv::Mat gx, gy;
    cv::Sobel(ratio, gx, CV_32F, 1, 0);
    cv::Sobel(ratio, gy, CV_32F, 0, 1);
    cv::Mat jxx = gx.mul(gx), jyy = gy.mul(gy), jxy = gx.mul(gy);
    const cv::Size window(patch, patch);
    const cv::Point corner(0, 0);  // the sum over the patch whose top-left corner is here
    for (cv::Mat* j : {&jxx, &jyy, &jxy}) cv::boxFilter(*j, *j, -1, window, corner, true, cv::BORDER_REPLICATE);
    cv::Mat diff = jxx - jyy, trace = jxx + jyy, out;
    cv::Mat lines = diff.mul(diff) + 4.0 * jxy.mul(jxy);
    cv::divide(lines, cv::max(trace.mul(trace), 1e-12), out);
    return out;
}

// The places whose patches carry the least oriented detail. A scalp has no
// creases: the forehead's lines, turned and laid at random, read as a
// crumpled cap, not skin.
std::vector<cv::Point> least_oriented(const cv::Mat& ratio, std::vector<cv::Point> corners, int patch) {
    const cv::Mat coherence = patch_coherence(ratio, patch);
    auto of = [&](const cv::Point& c) { return coherence.at<float>(c); };
    const auto keep = std::max<std::size_t>(1, static_cast<std::size_t>(kLeastOrientedShare * static_cast<double>(corners.size())));
    std::nth_element(corners.begin(), corners.begin() + static_cast<std::ptrdiff_t>(keep - 1), corners.end(),
                     [&](const cv::Point& a, const cv::Point& b) { return of(a) < of(b); });
    corners.resize(keep);
    return corners;
}

}  // namespace

std::optional<SkinTexture> sample_skin_texture(const cv::Mat& luminance, const cv::Mat& source, double mm_per_px,
                                               std::uint32_t seed) {
    if (luminance.empty() || mm_per_px <= 0.0) return std::nullopt;
    const int patch = std::max(kMinTexturePatchPx, static_cast<int>(std::lround(kTexturePatchMm / mm_per_px)));
    // Detail: the skin over its own local mean (over skin only: hair or
    // brows beside it would lift the skin's edge).
    cv::Mat on_skin, weighted, mean, spread_weight, ratio;
    source.convertTo(on_skin, CV_32F, 1.0 / 255.0);
    cv::multiply(luminance, on_skin, weighted);
    const double sigma = std::max(1.0, kTextureBandMm / mm_per_px);
    cv::GaussianBlur(weighted, mean, cv::Size(0, 0), sigma);
    cv::GaussianBlur(on_skin, spread_weight, cv::Size(0, 0), sigma);
    cv::divide(mean, cv::max(spread_weight, 1e-4), mean);
    cv::divide(luminance, cv::max(mean, 1e-4), ratio);
    // Where a whole patch lies on skin.
    cv::Mat inside;
    cv::erode(source, inside, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(patch, patch)), cv::Point(0, 0));
    std::vector<cv::Point> corners;
    for (int y = 0; y + patch <= inside.rows; ++y)
        for (int x = 0; x + patch <= inside.cols; ++x)
            if (inside.at<std::uint8_t>(y, x)) corners.emplace_back(x, y);
    // At least a few patches' worth of different places to copy from.
    if (corners.size() < static_cast<std::size_t>(patch * patch / kMinSourcePatches)) return std::nullopt;
    cv::Mat used(ratio.size(), CV_8UC1, cv::Scalar(0));
    for (const auto& c : corners) used(cv::Rect(c.x, c.y, patch, patch)).setTo(255);
    std::vector<float> values;
    for (int y = 0; y < ratio.rows; ++y)
        for (int x = 0; x < ratio.cols; ++x)
            if (used.at<std::uint8_t>(y, x)) values.push_back(ratio.at<float>(y, x));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
    const double median = values[values.size() / 2];
    for (auto& v : values) v = std::abs(v - static_cast<float>(median));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
    const double spread = 1.4826 * static_cast<double>(values[values.size() / 2]);
    ratio = cv::min(cv::max(ratio, median - kOutlierDeviations * spread), median + kOutlierDeviations * spread);
    cv::Scalar mu, sd;
    cv::meanStdDev(ratio, mu, sd, used);
    ratio = cv::min(ratio, median + kGlintDeviations * spread);
    corners = least_oriented(ratio, corners, patch);

    const int overlap = std::max(1, static_cast<int>(kOverlapShare * patch));
    const int step = patch - overlap;
    const int side = kTilePatches * step;
    cv::Mat sum(side, side, CV_32F, cv::Scalar(0)), weight(side, side, CV_32F, cv::Scalar(0));
    const cv::Mat window = feather_window(patch, overlap);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, corners.size() - 1);
    std::uniform_int_distribution<int> turn(0, 7);
    auto candidate = [&]() {
        const cv::Point c = corners[pick(rng)];
        cv::Mat p = ratio(cv::Rect(c.x, c.y, patch, patch)).clone();
        const int t = turn(rng);
        if (t & 1) cv::flip(p, p, 1);
        if (t & 2) cv::flip(p, p, 0);
        if (t & 4) cv::transpose(p, p);
        return p;
    };
    for (int ty = 0; ty < kTilePatches; ++ty)
        for (int tx = 0; tx < kTilePatches; ++tx) {
            // Of a few random patches, the one that best continues what is
            // already laid where they overlap (so no seams show).
            cv::Mat best;
            double best_error = 1e30;
            for (int k = 0; k < kCandidates; ++k) {
                cv::Mat p = candidate();
                double error = 0.0, w_sum = 0.0;
                for (int y = 0; y < patch; ++y)
                    for (int x = 0; x < patch; ++x) {
                        const int X = (tx * step + x) % side, Y = (ty * step + y) % side;
                        const float w = weight.at<float>(Y, X);
                        if (w <= 0.0f) continue;
                        const double d = static_cast<double>(p.at<float>(y, x) - sum.at<float>(Y, X) / w);
                        error += d * d;
                        w_sum += 1.0;
                    }
                error = w_sum > 0 ? error / w_sum : 0.0;
                if (error < best_error) {
                    best_error = error;
                    best = p;
                }
            }
            // Laid with wrap-around, so the tile repeats without a seam.
            for (int y = 0; y < patch; ++y)
                for (int x = 0; x < patch; ++x) {
                    const int X = (tx * step + x) % side, Y = (ty * step + y) % side;
                    const float w = window.at<float>(y, x);
                    sum.at<float>(Y, X) += w * best.at<float>(y, x);
                    weight.at<float>(Y, X) += w;
                }
        }
    SkinTexture out;
    cv::divide(sum, cv::max(weight, 1e-6), out.ratio);
    cv::Scalar tile_mu, tile_sd;
    cv::meanStdDev(out.ratio, tile_mu, tile_sd);
    // Feathered overlaps average neighbouring patches, which flattens the
    // detail there: the tile is given back the source's own contrast.
    out.ratio = 1.0 + (out.ratio - tile_mu[0]) * (sd[0] / std::max(tile_sd[0], 1e-6));
    out.mm_per_px = mm_per_px;
    out.spread = sd[0];
    return out;
}

float texture_at(const SkinTexture& texture, cv::Vec2f skin_mm) {
    const int side = texture.ratio.cols;
    const double x = static_cast<double>(skin_mm[0]) / texture.mm_per_px, y = static_cast<double>(skin_mm[1]) / texture.mm_per_px;
    const double fx = std::floor(x), fy = std::floor(y);
    const double ax = x - fx, ay = y - fy;
    auto at = [&](double px, double py) {
        const int ix = ((static_cast<int>(px) % side) + side) % side, iy = ((static_cast<int>(py) % side) + side) % side;
        return static_cast<double>(texture.ratio.at<float>(iy, ix));
    };
    return static_cast<float>((1 - ax) * (1 - ay) * at(fx, fy) + ax * (1 - ay) * at(fx + 1, fy) + (1 - ax) * ay * at(fx, fy + 1) +
                              ax * ay * at(fx + 1, fy + 1));
}

}  // namespace hairline
