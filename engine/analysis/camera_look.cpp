#include "engine/analysis/camera_look.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

constexpr double kReblurSigma = 1.0;  // sigma0 of the first re-blur (Zhuo & Sim use 1)
constexpr double kStencilVariance = 0.30;  // px^2 the measurement adds (fitted on synthetic edges)

double median_of(std::vector<double>& v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

cv::Mat to_float_gray(const cv::Mat& image) {
    cv::Mat gray = image;
    if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    cv::Mat out;
    gray.convertTo(out, CV_32F);
    return out;
}

cv::Mat gradient_magnitude(const cv::Mat& gray) {
    // Central differences: the smallest derivative stencil, so the operator
    // itself adds little blur (its effect is calibrated out below).
    cv::Mat dx, dy, mag;
    const cv::Mat kx = (cv::Mat_<float>(1, 3) << -0.5f, 0.0f, 0.5f);
    cv::filter2D(gray, dx, CV_32F, kx, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::filter2D(gray, dy, CV_32F, kx.t(), cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::magnitude(dx, dy, mag);
    return mag;
}


// The median blur over strong edges, re-blurring by sigma0 (uncorrected).
std::optional<double> reblur_estimate(const cv::Mat& gray, const cv::Mat& where, double sigma0, int* edges_used) {
    cv::Mat reblurred;
    cv::GaussianBlur(gray, reblurred, cv::Size(0, 0), sigma0, sigma0, cv::BORDER_REPLICATE);
    const cv::Mat g = gradient_magnitude(gray), gb = gradient_magnitude(reblurred);

    // Edge centres: Canny's thin, non-maximum-suppressed edges, kept where the
    // edge is strong (the top fifth of gradients in the region): weak edges
    // are texture, whose ratio is dominated by noise.
    cv::Mat gray8;
    gray.convertTo(gray8, CV_8U);
    cv::Mat edges;
    cv::Canny(gray8, edges, 30, 80, 3, true);
    if (!where.empty()) edges &= where;
    std::vector<double> strengths;
    for (int y = 2; y < g.rows - 2; ++y)
        for (int x = 2; x < g.cols - 2; ++x)
            if (edges.at<std::uint8_t>(y, x)) strengths.push_back(g.at<float>(y, x));
    if (strengths.size() < 30) return std::nullopt;
    std::vector<double> sorted = strengths;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() * 4 / 5), sorted.end());
    const double strong = std::max(sorted[sorted.size() * 4 / 5], 8.0);

    std::vector<double> sigmas;
    for (int y = 2; y < g.rows - 2; ++y)
        for (int x = 2; x < g.cols - 2; ++x) {
            if (!edges.at<std::uint8_t>(y, x) || static_cast<double>(g.at<float>(y, x)) < strong) continue;
            // The local maximum of the gradient across the edge, in both images.
            double peak = 0, peak_b = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    peak = std::max(peak, static_cast<double>(g.at<float>(y + dy, x + dx)));
                    peak_b = std::max(peak_b, static_cast<double>(gb.at<float>(y + dy, x + dx)));
                }
            if (peak_b <= 0) continue;
            const double r = peak / peak_b;
            if (r <= 1.0005) continue;
            sigmas.push_back(sigma0 / std::sqrt(r * r - 1.0));
        }
    if (edges_used) *edges_used = static_cast<int>(sigmas.size());
    if (sigmas.size() < 20) return std::nullopt;
    return median_of(sigmas);
}

}  // namespace

std::optional<double> estimate_blur_px(const cv::Mat& image, const cv::Mat& where, int* edges_used) {
    const cv::Mat gray = to_float_gray(image);
    if (gray.rows < 16 || gray.cols < 16) return std::nullopt;
    auto first = reblur_estimate(gray, where, kReblurSigma, edges_used);
    if (!first) return std::nullopt;
    // The ratio is most telling when the re-blur is about as wide as the
    // blur itself: measure again with sigma0 near the first answer.
    double measured = *first;
    const double sigma0 = std::clamp(*first, kReblurSigma, 6.0);
    if (sigma0 > 1.2 * kReblurSigma)
        if (auto second = reblur_estimate(gray, where, sigma0, edges_used)) measured = *second;
    // The sampled edge and the central-difference stencil read an edge as a
    // little softer than it is; this correction, fitted on synthetic edges of
    // known blur (tests/unit/test_camera_look.cpp), takes that out.
    return std::sqrt(std::max(measured * measured - kStencilVariance, 0.0));
}

std::optional<double> estimate_noise_level(const cv::Mat& image, const cv::Mat& where) {
    const cv::Mat gray = to_float_gray(image);
    if (gray.rows < 8 || gray.cols < 8) return std::nullopt;
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
    cv::Mat response;
    cv::filter2D(gray, response, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    std::vector<double> values;
    for (int y = 1; y < gray.rows - 1; ++y)
        for (int x = 1; x < gray.cols - 1; ++x) {
            if (!where.empty() && !where.at<std::uint8_t>(y, x)) continue;
            const double v = gray.at<float>(y, x);
            if (v < 8.0 || v > 247.0) continue;  // clipped pixels carry no noise
            values.push_back(std::abs(response.at<float>(y, x)));
        }
    if (values.size() < 100) return std::nullopt;
    // The kernel's squared weights sum to 36: white noise of sigma gives a
    // response of sigma * 6. The mean of the smallest 80% of responses
    // keeps pores and hairs, the skin's own texture, from counting as noise
    // (and, unlike a median of 8-bit responses, is not stuck on whole
    // levels); for a Gaussian it is 0.5586 sigma.
    std::sort(values.begin(), values.end());
    const std::size_t kept = values.size() * 4 / 5;
    double sum = 0.0;
    for (std::size_t i = 0; i < kept; ++i) sum += values[i];
    return sum / static_cast<double>(kept) / 0.5586 / 6.0;
}

CameraLook estimate_camera_look(const cv::Mat& bgr, const Landmarks& lm) {
    CameraLook look;
    const double iod = iod_px(lm);
    if (iod < 4.0) return look;
    // The face and some of what is around it.
    std::vector<cv::Point> points;
    for (const auto& p : lm) points.emplace_back(static_cast<int>(p.x), static_cast<int>(p.y));
    cv::Rect box = cv::boundingRect(points);
    const int margin = static_cast<int>(0.4 * box.width);
    box = cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin) &
          cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (box.width < 16 || box.height < 16) return look;
    const cv::Mat crop = bgr(box);
    auto local = [&](glm::dvec2 p) { return cv::Point(static_cast<int>(p.x) - box.x, static_cast<int>(p.y) - box.y); };

    // Blur: edges of the face (outline, brows, eyes, nose, mouth), measured
    // with the face resampled to a standard size (kBlurIodPx between the
    // eyes) and scaled back: the estimate then scales exactly with the
    // picture (a photo and the same photo shrunk agree), at the cost of
    // reading detail finer than that standard size as blur.
    cv::Mat face_zone(crop.size(), CV_8U, cv::Scalar(0));
    std::vector<cv::Point> hull;
    for (const auto& p : lm) hull.push_back(local(p));
    cv::convexHull(std::vector<cv::Point>(hull), hull);
    cv::fillConvexPoly(face_zone, hull, cv::Scalar(255));
    const int grow = std::max(3, static_cast<int>(0.15 * iod));
    cv::dilate(face_zone, face_zone, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
    const double k = kBlurIodPx / iod;
    cv::Mat standard, standard_zone;
    cv::resize(crop, standard, cv::Size(), k, k, k < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::resize(face_zone, standard_zone, standard.size(), 0, 0, cv::INTER_NEAREST);
    int edges = 0;
    if (auto blur = estimate_blur_px(standard, standard_zone, &edges)) {
        look.blur_px = std::clamp(*blur / k, kMinBlurPx, 12.0);
        look.edges = edges;
    }

    // Noise: flat skin on the cheeks and the forehead just above the brows.
    cv::Mat skin(crop.size(), CV_8U, cv::Scalar(0));
    const int r = std::max(2, static_cast<int>(0.18 * iod));
    cv::circle(skin, local(0.5 * (lm[2] + lm[31])), r, cv::Scalar(255), cv::FILLED);
    cv::circle(skin, local(0.5 * (lm[14] + lm[35])), r, cv::Scalar(255), cv::FILLED);
    const glm::dvec2 up = glabella(lm) - lm[lm::kNoseBridgeTop];
    cv::circle(skin, local(glabella(lm) + 0.9 * up), r, cv::Scalar(255), cv::FILLED);
    look.noise_pixels = cv::countNonZero(skin);
    if (auto noise = estimate_noise_level(crop, skin)) look.noise_level = std::clamp(*noise, 0.0, 20.0);
    return look;
}

}  // namespace hairline
