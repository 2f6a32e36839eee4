#include "engine/analysis/background_settle.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/membrane.h"
#include "engine/analysis/normalised_mean.h"
#include "engine/core/smooth.h"

namespace hairline {
namespace {

// A faithful copy moves the background rigidly (a mirror: singular values
// 1). Squeezed to under kSqueezedTo along one direction it draws streaks (a
// strip of background smeared along the rays); stretched over kStretchedTo
// it warps what it copies.
constexpr double kSqueezedFrom = -0.6, kSqueezedTo = -0.25;  // negated: smoothstep rises as the squeeze grows
constexpr double kStretchedFrom = 1.8, kStretchedTo = 3.0;
constexpr double kSourceAveragePx = 1.5;
constexpr double kFoldPx = 2.0 * kSourceAveragePx;

// The membrane is smooth: solved on a picture at most this large (px) and
// scaled up.
constexpr double kMembraneSidePx = 320.0;
// The background's focus is judged on the seen background this far around
// the region (smoothing widths).
constexpr double kSoftnessRingPx = 2.0;
// The copy's grain is held within this many of the seen background's own
// grain deviations.
constexpr double kGrainDeviations = 2.5;

// The mean of `image` (any channels) over the pixels of `use` near each
// pixel (sigma px).
cv::Mat local_mean(const cv::Mat& image, const cv::Mat& use, double sigma) {
    cv::Mat weight;
    use.convertTo(weight, CV_32F, 1.0 / 255.0);
    return normalised_mean(image, weight, sigma, 1e-4);
}

// The membrane over `region` through the seen background, at full size.
cv::Mat background_membrane(const cv::Mat& image, const cv::Mat& seen, const cv::Mat& region) {
    const double scale = std::min(1.0, kMembraneSidePx / std::max(image.cols, image.rows));
    const cv::Size small(std::max(1, static_cast<int>(std::lround(image.cols * scale))),
                         std::max(1, static_cast<int>(std::lround(image.rows * scale))));
    cv::Mat image_s, seen_s, region_s, up;
    cv::resize(local_mean(image, seen, 0.5 / scale), image_s, small, 0, 0, cv::INTER_AREA);
    cv::resize(seen, seen_s, small, 0, 0, cv::INTER_AREA);
    cv::resize(region, region_s, small, 0, 0, cv::INTER_AREA);
    seen_s = seen_s > 127;
    region_s = (region_s > 0) & ~seen_s;
    cv::resize(membrane_fill(image_s, seen_s, region_s), up, image.size(), 0, 0, cv::INTER_LINEAR);
    return up;
}

// Edges seen at the finest scale and at a coarser one: a crisp edge is
// kCrispRatio or more times steeper at the first (a wall, a door frame in
// focus), a defocused one (bokeh) under kSoftRatio.
constexpr double kFineSigmaPx = 0.7, kCoarseSigmaPx = 3.0;
constexpr double kCrispRatio = 2.0, kSoftRatio = 1.3;
constexpr double kStrongEdgeQuantile = 0.95;

// The gradient magnitude of `grey` blurred by sigma, at the quantile over `where`.
double edge_strength(const cv::Mat& grey, const cv::Mat& where, double sigma) {
    cv::Mat blurred, gx, gy, magnitude;
    cv::GaussianBlur(grey, blurred, cv::Size(0, 0), sigma);
    cv::Sobel(blurred, gx, CV_32F, 1, 0);
    cv::Sobel(blurred, gy, CV_32F, 0, 1);
    cv::magnitude(gx, gy, magnitude);
    std::vector<float> values;
    for (int y = 0; y < grey.rows; ++y)
        for (int x = 0; x < grey.cols; ++x)
            if (where.at<std::uint8_t>(y, x)) values.push_back(magnitude.at<float>(y, x));
    if (values.empty()) return 0.0;
    const auto k = static_cast<std::ptrdiff_t>(kStrongEdgeQuantile * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + k, values.end());
    return static_cast<double>(values[static_cast<std::size_t>(k)]);
}

cv::Mat grey_of(const cv::Mat& bgr) {
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    grey.convertTo(grey, CV_32F);
    return grey;
}

// The robust standard deviation of the detail finer than sigma over `where`.
double grain_deviation(const cv::Mat& grey, const cv::Mat& where, double sigma) {
    cv::Mat blurred;
    cv::GaussianBlur(grey, blurred, cv::Size(0, 0), sigma);
    const cv::Mat detail = grey - blurred;
    std::vector<float> values;
    for (int y = 0; y < grey.rows; ++y)
        for (int x = 0; x < grey.cols; ++x)
            if (where.at<std::uint8_t>(y, x)) values.push_back(std::abs(detail.at<float>(y, x)));
    if (values.empty()) return 0.0;
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return 1.4826 * static_cast<double>(*mid);
}

// background_softness on the picture's grey (settle_background needs it twice).
double softness_of_grey(const cv::Mat& grey, const cv::Mat& ring) {
    if (cv::countNonZero(ring) == 0) return 0.0;
    const double coarse = edge_strength(grey, ring, kCoarseSigmaPx);
    if (coarse <= 0.0) return 1.0;  // nothing but flat background
    const double ratio = edge_strength(grey, ring, kFineSigmaPx) / coarse;
    return std::clamp((kCrispRatio - ratio) / (kCrispRatio - kSoftRatio), 0.0, 1.0);
}

}  // namespace

cv::Mat copy_distortion(const cv::Mat& source, const cv::Mat& hidden, const cv::Mat& want, double smooth_px) {
    const cv::Mat region = hidden & want;
    // Rays step whole pixels: neighbouring sources differ by 0 or 2 px
    // where the copy is a faithful mirror. Averaged first, as a camera's
    // pixels would see the copy, over the copy and the seen background (the
    // head's own places next to the copy would read as a tear).
    std::vector<cv::Mat> xy;
    cv::split(local_mean(source, ~hidden | region, kSourceAveragePx), xy);
    cv::Mat xx, xy_, yx, yy;
    // Central differences (Sobel's 1-2-1 weights average across, /8 scales to px per px).
    cv::Sobel(xy[0], xx, CV_32F, 1, 0, 3, 1.0 / 8.0);
    cv::Sobel(xy[0], xy_, CV_32F, 0, 1, 3, 1.0 / 8.0);
    cv::Sobel(xy[1], yx, CV_32F, 1, 0, 3, 1.0 / 8.0);
    cv::Sobel(xy[1], yy, CV_32F, 0, 1, 3, 1.0 / 8.0);
    // At the outline the copy turns over (a mirror): the averaged sources
    // pass through a fold there, which is no distortion of what is copied.
    cv::Mat depth;
    cv::distanceTransform(hidden, depth, cv::DIST_L2, 3);
    cv::Mat out(source.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < out.rows; ++y)
        for (int x = 0; x < out.cols; ++x) {
            if (!region.at<std::uint8_t>(y, x) || static_cast<double>(depth.at<float>(y, x)) <= kFoldPx) continue;
            const double a = xx.at<float>(y, x), b = xy_.at<float>(y, x), c = yx.at<float>(y, x), d = yy.at<float>(y, x);
            // The copy's singular values: how much it squeezes and stretches.
            const double t = a * a + b * b + c * c + d * d, det = a * d - b * c;
            const double root = std::sqrt(std::max(0.0, t * t - 4.0 * det * det));
            const double s_max = std::sqrt(0.5 * (t + root)), s_min = std::sqrt(std::max(0.0, 0.5 * (t - root)));
            out.at<float>(y, x) = static_cast<float>(
                std::max(smoothstep(kSqueezedFrom, kSqueezedTo, -s_min), smoothstep(kStretchedFrom, kStretchedTo, s_max)));
        }
    if (smooth_px > 0.0) {
        out = local_mean(out, region, smooth_px);
        out.setTo(0, ~region);
    }
    return out;
}

cv::Mat seen_ring(const cv::Mat& hidden, double ring_px) {
    const int r = std::max(1, static_cast<int>(std::lround(ring_px)));
    cv::Mat ring;
    cv::dilate(hidden, ring, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
    return ring & ~hidden;
}

double background_softness(const cv::Mat& bgr, const cv::Mat& ring) { return softness_of_grey(grey_of(bgr), ring); }

cv::Mat settle_background(const BackgroundCopy& copy, const cv::Mat& hidden, const cv::Mat& want, double grain_px,
                          double smooth_px) {
    const cv::Mat region = hidden & want;
    if (cv::countNonZero(region) == 0) return copy.bgr.clone();
    const cv::Mat ring = seen_ring(hidden, kSoftnessRingPx * smooth_px);
    const cv::Mat grey = grey_of(copy.bgr);
    const double softness = softness_of_grey(grey, ring);
    if (softness <= 0.0) return copy.bgr.clone();
    const cv::Mat distortion = copy_distortion(copy.source, hidden, want, smooth_px);
    cv::Mat image;
    copy.bgr.convertTo(image, CV_32FC3);
    const cv::Mat membrane = background_membrane(image, ~hidden, region);
    const cv::Mat coarse = local_mean(image, ~hidden | region, grain_px);
    // The grain is what the background's own noise is: the copy's crisp
    // edges (a mirrored object) are held to it.
    const auto limit = static_cast<float>(kGrainDeviations * grain_deviation(grey, ring, grain_px));
    cv::Mat out = copy.bgr.clone();
    for (int y = 0; y < out.rows; ++y)
        for (int x = 0; x < out.cols; ++x) {
            if (!region.at<std::uint8_t>(y, x)) continue;
            const auto w = static_cast<float>(softness) * distortion.at<float>(y, x);
            if (w <= 0.0f) continue;
            const cv::Vec3f& own = image.at<cv::Vec3f>(y, x);
            cv::Vec3f v;
            for (int c = 0; c < 3; ++c) {
                const float grain = std::clamp(own[c] - coarse.at<cv::Vec3f>(y, x)[c], -limit, limit);
                v[c] = (1.0f - w) * own[c] + w * (membrane.at<cv::Vec3f>(y, x)[c] + grain);
            }
            out.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(v[0]), cv::saturate_cast<uchar>(v[1]), cv::saturate_cast<uchar>(v[2]));
        }
    return out;
}

}  // namespace hairline
