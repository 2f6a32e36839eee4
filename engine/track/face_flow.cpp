#include "engine/track/face_flow.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "engine/track/face_box.h"

namespace hairline {

std::optional<Landmarks> follow_by_flow(GrayPyramid& previous, GrayPyramid& current, const Landmarks& landmarks) {
    const FaceBox box = box_from_landmarks(landmarks);
    // A region around the face wide enough for a big jump, at a level where
    // the face is about 100 px: LK's own pyramid then covers a face width.
    const int level = GrayPyramid::level_for(box.width, 100.0);
    const cv::Mat& before_level = previous.level(level);
    const cv::Mat& after_level = current.level(level);
    const double width = std::ldexp(box.width, -level);
    const double scale = std::min(1.0, 100.0 / width);
    const glm::dvec2 c = GrayPyramid::to_level(box.center(), level);
    const double reach = 1.1 * width;
    const int x0 = std::max(0, static_cast<int>(c.x - reach)), y0 = std::max(0, static_cast<int>(c.y - reach));
    const int x1 = std::min(after_level.cols, static_cast<int>(c.x + reach));
    const int y1 = std::min(after_level.rows, static_cast<int>(c.y + reach));
    if (x1 - x0 < 16 || y1 - y0 < 16) return std::nullopt;
    const cv::Rect region(x0, y0, x1 - x0, y1 - y0);
    cv::Mat before = before_level(region), after = after_level(region);
    if (scale < 0.9) {
        cv::resize(before, before, cv::Size(), scale, scale, cv::INTER_AREA);
        cv::resize(after, after, cv::Size(), scale, scale, cv::INTER_AREA);
    }
    const double s = scale < 0.9 ? scale : 1.0;
    auto to_crop = [&](glm::dvec2 p) {
        const glm::dvec2 q = GrayPyramid::to_level(p, level);
        return cv::Point2f(static_cast<float>((q.x - x0 + 0.5) * s - 0.5), static_cast<float>((q.y - y0 + 0.5) * s - 0.5));
    };

    // Brow, nose and eye-corner points: rigid and textured.
    static constexpr int kFollowed[] = {19, 21, 22, 24, 27, 29, 31, 33, 35, 36, 39, 42, 45};
    std::vector<cv::Point2f> from, to;
    for (int i : kFollowed) from.push_back(to_crop(landmarks[static_cast<std::size_t>(i)]));
    std::vector<unsigned char> status;
    std::vector<float> error;
    cv::calcOpticalFlowPyrLK(before, after, from, to, status, error, cv::Size(13, 13), 3,
                             cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 10, 0.05));
    std::vector<cv::Point2f> kept_from, kept_to;
    for (std::size_t i = 0; i < from.size(); ++i)
        if (status[i]) {
            kept_from.push_back(from[i]);
            kept_to.push_back(to[i]);
        }
    if (kept_from.size() < 7) return std::nullopt;
    std::vector<unsigned char> inliers;
    const cv::Mat m = cv::estimateAffinePartial2D(kept_from, kept_to, inliers, cv::RANSAC, 1.5);
    if (m.empty() || cv::countNonZero(inliers) < 5) return std::nullopt;

    // Apply the similarity (found in crop pixels) to every landmark in frame pixels.
    const cv::Matx23d a(m);
    Landmarks out{};
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
        const cv::Point2f q = to_crop(landmarks[i]);
        const double qx = q.x, qy = q.y;
        const double tx = a(0, 0) * qx + a(0, 1) * qy + a(0, 2), ty = a(1, 0) * qx + a(1, 1) * qy + a(1, 2);
        out[i] = GrayPyramid::from_level({(tx + 0.5) / s - 0.5 + x0, (ty + 0.5) / s - 0.5 + y0}, level);
    }
    return out;
}

}  // namespace hairline
