#include "engine/track/rigid_fit.h"

#include <vector>

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "engine/geom/face_model_3d.h"

namespace hairline {

// The generic face seen from the front, in IOD units (image axes: y down).
const std::array<glm::dvec2, kLandmarkCount>& reference_shape() {
    static const std::array<glm::dvec2, kLandmarkCount> shape = [] {
        std::array<glm::dvec2, kLandmarkCount> out{};
        glm::dvec2 mean{0.0};
        const auto& model = generic_face_points();
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = glm::dvec2(model[i].x, -model[i].y) / kModelIpdMm;
            mean += out[i];
        }
        mean /= static_cast<double>(out.size());
        for (auto& p : out) p -= mean;
        return out;
    }();
    return shape;
}

glm::dvec2 rotate(glm::dvec2 v, double angle) {
    const double c = std::cos(angle), s = std::sin(angle);
    return {c * v.x - s * v.y, s * v.x + c * v.y};
}

RigidPose2D fit_rigid_2d(const Landmarks& landmarks) {
    const auto& ref = reference_shape();
    glm::dvec2 center{0.0};
    for (const auto& p : landmarks) center += p;
    center /= static_cast<double>(landmarks.size());
    // Closed-form 2D Procrustes: q = s R(theta) r with complex numbers.
    double dot = 0, cross = 0, norm = 0;
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
        const glm::dvec2 q = landmarks[i] - center;
        dot += ref[i].x * q.x + ref[i].y * q.y;
        cross += ref[i].x * q.y - ref[i].y * q.x;
        norm += ref[i].x * ref[i].x + ref[i].y * ref[i].y;
    }
    RigidPose2D out;
    out.center = center;
    out.scale = std::hypot(dot, cross) / norm;
    out.roll_rad = std::atan2(cross, dot);
    return out;
}

std::array<double, 6> similarity_between(const RigidPose2D& from, const RigidPose2D& to) {
    const double k = to.scale / from.scale, a = to.roll_rad - from.roll_rad;
    const double c = k * std::cos(a), s = k * std::sin(a);
    return {c, -s, to.center.x - (c * from.center.x - s * from.center.y),
            s, c,  to.center.y - (s * from.center.x + c * from.center.y)};
}

cv::Rect carried_bounds(const cv::Rect& rect, const std::array<double, 6>& m) {
    const cv::Rect2d r(rect);
    std::vector<cv::Point2f> corners;
    for (const cv::Point2d p : {r.tl(), cv::Point2d(r.x + r.width, r.y), r.br(), cv::Point2d(r.x, r.y + r.height)})
        corners.emplace_back(static_cast<float>(m[0] * p.x + m[1] * p.y + m[2]), static_cast<float>(m[3] * p.x + m[4] * p.y + m[5]));
    return cv::boundingRect(corners);
}

double nonrigid_drift(const Landmarks& then, const RigidPose2D& then_pose, const Landmarks& now, const RigidPose2D& now_pose) {
    const std::array<double, 6> m = similarity_between(then_pose, now_pose);
    double squared = 0.0;
    for (std::size_t i = kDriftFirst; i <= kDriftLast; ++i) {
        const glm::dvec2 p = then[i];
        const glm::dvec2 carried(m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]);
        const glm::dvec2 d = now[i] - carried;
        squared += d.x * d.x + d.y * d.y;
    }
    const double iod = iod_px(now);
    return iod > 0.0 ? std::sqrt(squared / static_cast<double>(kDriftLast - kDriftFirst + 1)) / iod : 0.0;
}

}  // namespace hairline
