#include "engine/analysis/background_fill.h"

#include <array>
#include <cmath>
#include <optional>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

struct Ray {
    const cv::Mat& bgr;
    const cv::Mat& hidden;
    cv::Rect frame;
    bool inside(glm::dvec2 p) const { return frame.contains(cv::Point(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)))); }
    bool seen(glm::dvec2 p) const {
        return inside(p) && !hidden.at<std::uint8_t>(static_cast<int>(std::lround(p.y)), static_cast<int>(std::lround(p.x)));
    }
    cv::Vec3b at(glm::dvec2 p) const { return bgr.at<cv::Vec3b>(static_cast<int>(std::lround(p.y)), static_cast<int>(std::lround(p.x))); }

    // The background mirrored about the first background along `d`, or on
    // along the ray where that is hidden too; nullopt when the ray leaves
    // the picture before it meets any.
    std::optional<cv::Vec3b> mirrored(glm::dvec2 p, glm::dvec2 d) const {
        int edge = 1;
        while (inside(p + d * static_cast<double>(edge)) && !seen(p + d * static_cast<double>(edge))) ++edge;
        if (!seen(p + d * static_cast<double>(edge))) return std::nullopt;
        for (int k = 2 * edge;; ++k) {
            const glm::dvec2 q = p + d * static_cast<double>(k);
            if (seen(q)) return at(q);
            if (!inside(q)) return at(p + d * static_cast<double>(edge));
        }
    }
};

}  // namespace

cv::Mat mirror_fill_background(const cv::Mat& bgr, const cv::Mat& hidden, const cv::Mat& want, glm::dvec2 centre) {
    cv::Mat out = bgr.clone();
    const Ray ray{bgr, hidden, cv::Rect(0, 0, bgr.cols, bgr.rows)};
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            if (!hidden.at<std::uint8_t>(y, x) || !want.at<std::uint8_t>(y, x)) continue;
            const glm::dvec2 p(x, y), away = p - centre;
            const double length = glm::length(away);
            if (length < 1e-6) continue;
            // Away from the head first; where that runs out of the picture
            // under hair (a photo cut close above the head), sideways.
            const double side = away.x >= 0.0 ? 1.0 : -1.0;
            const std::array<glm::dvec2, 3> directions{away / length, glm::dvec2(side, 0.0), glm::dvec2(-side, 0.0)};
            for (const glm::dvec2& d : directions)
                if (const auto colour = ray.mirrored(p, d)) {
                    out.at<cv::Vec3b>(y, x) = *colour;
                    break;
                }
        }
    return out;
}

}  // namespace hairline
