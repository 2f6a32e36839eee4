#include "engine/track/face_flow.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "engine/track/face_box.h"

namespace hairline {

std::optional<Landmarks> follow_by_flow(const cv::Mat& previous, const cv::Mat& current, const Landmarks& landmarks) {
    const FaceBox box = box_from_landmarks(landmarks);
    // A region around the face wide enough for a big jump, shrunk so the
    // face is about 100 px: LK's pyramid then covers moves of a face width.
    const double scale = std::min(1.0, 100.0 / box.width);
    const glm::dvec2 c = box.center();
    const double reach = 1.1 * box.width;
    const int x0 = std::max(0, static_cast<int>(c.x - reach)), y0 = std::max(0, static_cast<int>(c.y - reach));
    const int x1 = std::min(current.cols, static_cast<int>(c.x + reach));
    const int y1 = std::min(current.rows, static_cast<int>(c.y + reach));
    if (x1 - x0 < 16 || y1 - y0 < 16) return std::nullopt;
    const cv::Rect region(x0, y0, x1 - x0, y1 - y0);
    cv::Mat before, after;
    cv::resize(previous(region), before, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::resize(current(region), after, cv::Size(), scale, scale, cv::INTER_AREA);

    // Brow, nose and eye-corner points: rigid and textured.
    static constexpr int kFollowed[] = {19, 21, 22, 24, 27, 29, 31, 33, 35, 36, 39, 42, 45};
    std::vector<cv::Point2f> from, to;
    for (int i : kFollowed) {
        const glm::dvec2 p = landmarks[static_cast<std::size_t>(i)];
        from.emplace_back(static_cast<float>((p.x - x0 + 0.5) * scale - 0.5),
                          static_cast<float>((p.y - y0 + 0.5) * scale - 0.5));
    }
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
        const double sx = (landmarks[i].x - x0 + 0.5) * scale - 0.5, sy = (landmarks[i].y - y0 + 0.5) * scale - 0.5;
        const double tx = a(0, 0) * sx + a(0, 1) * sy + a(0, 2), ty = a(1, 0) * sx + a(1, 1) * sy + a(1, 2);
        out[i] = {(tx + 0.5) / scale - 0.5 + x0, (ty + 0.5) / scale - 0.5 + y0};
    }
    return out;
}

}  // namespace hairline
