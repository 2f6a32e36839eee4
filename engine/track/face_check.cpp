#include "engine/track/face_check.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

// The patch spans 1.6 IODs square with the eyes 0.3 of the way down: brows,
// eyes, nose and mouth, not the hair or the background beside the cheeks.
constexpr double kPatchIods = 1.6;
constexpr double kEyeLine = 0.3;

cv::Mat normalised(cv::Mat m) {
    const cv::Scalar mean = cv::mean(m);
    m -= mean[0];
    const double norm = cv::norm(m);
    if (norm < 1e-3 * std::sqrt(static_cast<double>(m.total()))) return {};  // flat: nothing to compare
    return m / norm;
}

}  // namespace

cv::Mat face_patch(GrayPyramid& pyramid, const Landmarks& landmarks, bool whole_only) {
    const glm::dvec2 right = right_eye_center(landmarks), left = left_eye_center(landmarks);
    const double iod = glm::distance(right, left);
    if (!(iod > 2.0) || pyramid.empty()) return {};
    const double patch_iod = kFacePatchPx / kPatchIods;
    const int level = GrayPyramid::level_for(iod, patch_iod);
    const cv::Mat& image = pyramid.level(level);
    const glm::dvec2 r = GrayPyramid::to_level(right, level), l = GrayPyramid::to_level(left, level);
    // Level pixels -> patch pixels: eyes level on the patch's eye line.
    const glm::dvec2 axis = (l - r) / glm::distance(l, r);
    const double k = patch_iod / glm::distance(l, r);
    const glm::dvec2 mid = 0.5 * (l + r);
    const double c = k * axis.x, s = k * axis.y;
    const double cx = 0.5 * kFacePatchPx, cy = kEyeLine * kFacePatchPx;
    // p' = k R(-angle) (p - mid) + (cx, cy)
    const cv::Matx23d to_patch(c, s, cx - (c * mid.x + s * mid.y), -s, c, cy - (-s * mid.x + c * mid.y));
    // A face partly out of the frame cannot be compared (the border is not the face).
    cv::Matx23d back;
    cv::invertAffineTransform(to_patch, back);
    for (const cv::Point2d q : {cv::Point2d(0, 0), cv::Point2d(kFacePatchPx, 0), cv::Point2d(0, kFacePatchPx),
                                cv::Point2d(kFacePatchPx, kFacePatchPx)}) {
        const double x = back(0, 0) * q.x + back(0, 1) * q.y + back(0, 2), y = back(1, 0) * q.x + back(1, 1) * q.y + back(1, 2);
        if (whole_only && (x < 0 || y < 0 || x > image.cols - 1 || y > image.rows - 1)) return {};
    }
    cv::Mat patch;
    cv::warpAffine(image, patch, cv::Mat(to_patch), cv::Size(kFacePatchPx, kFacePatchPx), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    patch.convertTo(patch, CV_32F);
    cv::GaussianBlur(patch, patch, cv::Size(0, 0), 0.8);
    return normalised(patch);
}

cv::Mat frame_thumbnail(GrayPyramid& pyramid) {
    if (pyramid.empty()) return {};
    const cv::Mat& small = pyramid.level(GrayPyramid::level_for(pyramid.base().cols, 96.0));
    cv::Mat thumb;
    cv::resize(small, thumb, cv::Size(48, 27), 0, 0, cv::INTER_AREA);
    thumb.convertTo(thumb, CV_32F);
    cv::GaussianBlur(thumb, thumb, cv::Size(0, 0), 1.0);
    return normalised(thumb);
}

double face_symmetry(const cv::Mat& patch) {
    if (patch.empty()) return 0.0;
    cv::Mat mirrored;
    cv::flip(patch, mirrored, 1);
    return normalised_correlation(patch, mirrored);
}

double normalised_correlation(const cv::Mat& a, const cv::Mat& b) {
    if (a.empty() || b.empty() || a.size() != b.size()) return 0.0;
    return a.dot(b);
}

cv::Mat blend_template(const cv::Mat& current, const cv::Mat& patch, double rate) {
    if (current.empty()) return patch.clone();
    if (patch.empty()) return current;
    cv::Mat mixed = (1.0 - rate) * current + rate * patch;
    cv::Mat out = normalised(mixed);
    return out.empty() ? current : out;
}

double shape_change(const Landmarks& now, const Landmarks& before) {
    // Least-squares similarity before -> now over the rigid points, then the residual.
    constexpr int kFirst = 17, kLast = 47, kCount = kLast - kFirst + 1;
    glm::dvec2 ca(0.0), cb(0.0);
    for (int i = kFirst; i <= kLast; ++i) {
        ca += now[static_cast<std::size_t>(i)] / static_cast<double>(kCount);
        cb += before[static_cast<std::size_t>(i)] / static_cast<double>(kCount);
    }
    double dot = 0, cross = 0, norm = 0;
    for (int i = kFirst; i <= kLast; ++i) {
        const glm::dvec2 a = now[static_cast<std::size_t>(i)] - ca, b = before[static_cast<std::size_t>(i)] - cb;
        dot += glm::dot(a, b);
        cross += b.x * a.y - b.y * a.x;
        norm += glm::dot(b, b);
    }
    if (norm <= 0) return 0.0;
    const double c = dot / norm, s = cross / norm;
    double sum = 0;
    for (int i = kFirst; i <= kLast; ++i) {
        const glm::dvec2 b = before[static_cast<std::size_t>(i)] - cb;
        const glm::dvec2 mapped = ca + glm::dvec2(c * b.x - s * b.y, s * b.x + c * b.y);
        const glm::dvec2 d = now[static_cast<std::size_t>(i)] - mapped;
        sum += glm::dot(d, d);
    }
    const double iod = iod_px(now);
    return iod > 0 ? std::sqrt(sum / kCount) / iod : 0.0;
}

double ramp(double value, double gone, double sure) { return std::clamp((value - gone) / (sure - gone), 0.0, 1.0); }

double turn_confidence(const PoseAngles& angles) {
    return std::min(1.0 - ramp(std::abs(angles.yaw_deg), 30.0, 45.0), 1.0 - ramp(std::abs(angles.pitch_deg), 25.0, 40.0));
}

}  // namespace hairline
