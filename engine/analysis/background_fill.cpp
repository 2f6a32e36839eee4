#include "engine/analysis/background_fill.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/normalised_mean.h"
#include "engine/core/smooth.h"

namespace hairline {
namespace {

// std::lround's rounding (halves away from zero) without its library call:
// this is the fill's inner loop.
int round_half_away(double v) {
    const double r = std::floor(std::abs(v) + 0.5);
    return static_cast<int>(v < 0.0 ? -r : r);
}

struct Ray {
    const cv::Mat& bgr;
    const cv::Mat& hidden;
    cv::Rect frame;
    // The pixel a point falls in, if inside the picture.
    std::optional<cv::Point> pixel(glm::dvec2 p) const {
        const cv::Point q(round_half_away(p.x), round_half_away(p.y));
        return frame.contains(q) ? std::optional<cv::Point>(q) : std::nullopt;
    }
    bool seen(cv::Point q) const { return !hidden.at<std::uint8_t>(q); }
    cv::Vec3b at(glm::dvec2 p) const { return bgr.at<cv::Vec3b>(round_half_away(p.y), round_half_away(p.x)); }

    // Where the background mirrored about the first background along `d`
    // lies (or on along the ray where that is hidden too); nullopt when the
    // ray leaves the picture before it meets any.
    std::optional<glm::dvec2> mirrored(glm::dvec2 p, glm::dvec2 d) const {
        int edge = 1;
        for (;; ++edge) {
            const auto q = pixel(p + d * static_cast<double>(edge));
            if (!q) return std::nullopt;
            if (seen(*q)) break;
        }
        for (int k = 2 * edge;; ++k) {
            const glm::dvec2 q = p + d * static_cast<double>(k);
            const auto cell = pixel(q);
            if (!cell) return p + d * static_cast<double>(edge);
            if (seen(*cell)) return q;
        }
    }

    // The first background from `q` on along `d`, if any.
    std::optional<glm::dvec2> onward(glm::dvec2 q, glm::dvec2 d) const {
        for (auto cell = pixel(q); cell; q += d, cell = pixel(q))
            if (seen(*cell)) return q;
        return std::nullopt;
    }
};

// Where each wanted pixel's background is taken from, as an offset from it
// (CV_32FC2), and whether one was found (CV_32F, 0 or 1).
std::pair<cv::Mat, cv::Mat> mirror_offsets(const Ray& ray, const cv::Mat& want, glm::dvec2 centre) {
    cv::Mat offset(want.size(), CV_32FC2, cv::Scalar::all(0)), found(want.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < want.rows; ++y)
        for (int x = 0; x < want.cols; ++x) {
            if (!ray.hidden.at<std::uint8_t>(y, x) || !want.at<std::uint8_t>(y, x)) continue;
            const glm::dvec2 p(x, y), away = p - centre;
            const double length = glm::length(away);
            if (length < 1e-6) continue;
            // Away from the head first; where that runs out of the picture
            // under hair (a photo cut close above the head), sideways.
            const double side = away.x >= 0.0 ? 1.0 : -1.0;
            const std::array<glm::dvec2, 3> directions{away / length, glm::dvec2(side, 0.0), glm::dvec2(-side, 0.0)};
            for (const glm::dvec2& d : directions)
                if (const auto q = ray.mirrored(p, d)) {
                    offset.at<cv::Vec2f>(y, x) = cv::Vec2f(static_cast<float>(q->x - p.x), static_cast<float>(q->y - p.y));
                    found.at<float>(y, x) = 1.0f;
                    break;
                }
        }
    return {offset, found};
}

// The offsets averaged over their neighbours (normalised convolution over
// the pixels that have one).
cv::Mat smoothed_offsets(const cv::Mat& offset, const cv::Mat& found, double smooth_px) {
    return normalised_mean(offset, found, smooth_px, 1e-6);
}

}  // namespace

BackgroundCopy mirror_copy_background(const cv::Mat& bgr, const cv::Mat& hidden, const cv::Mat& want, glm::dvec2 centre,
                                      double smooth_px) {
    BackgroundCopy copy{bgr.clone(), cv::Mat(bgr.size(), CV_32FC2)};
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) copy.source.at<cv::Vec2f>(y, x) = cv::Vec2f(static_cast<float>(x), static_cast<float>(y));
    const Ray ray{bgr, hidden, cv::Rect(0, 0, bgr.cols, bgr.rows)};
    const auto [offset, found] = mirror_offsets(ray, want, centre);
    const cv::Mat smooth = smooth_px > 0.0 ? smoothed_offsets(offset, found, smooth_px) : offset;
    // Averaged with deeper pixels' long offsets, a pixel next to the seen
    // background would copy from far away and draw a seam along the
    // outline: the average takes over from the pixel's own mirror (which
    // meets the seen background continuously) over the first smooth_px.
    cv::Mat depth;
    if (smooth_px > 0.0) cv::distanceTransform(hidden, depth, cv::DIST_L2, 3);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            if (found.at<float>(y, x) == 0.0f) continue;
            const glm::dvec2 p(x, y);
            const cv::Vec2f raw = offset.at<cv::Vec2f>(y, x);
            const float w = depth.empty() ? 1.0f : static_cast<float>(smoothstep(0.0, smooth_px, depth.at<float>(y, x)));
            const cv::Vec2f s = w * smooth.at<cv::Vec2f>(y, x) + (1.0f - w) * raw;
            const glm::dvec2 step(s[0], s[1]);
            const double length = glm::length(step);
            // Where the smoothed place is hidden, on along its direction; the
            // pixel's own mirror where that finds nothing.
            const std::optional<glm::dvec2> q = length > 0.5 ? ray.onward(p + step, step / length) : std::nullopt;
            const glm::dvec2 from = q ? *q : p + glm::dvec2(raw[0], raw[1]);
            copy.bgr.at<cv::Vec3b>(y, x) = ray.at(from);
            copy.source.at<cv::Vec2f>(y, x) = cv::Vec2f(static_cast<float>(from.x), static_cast<float>(from.y));
        }
    return copy;
}

cv::Mat mirror_fill_background(const cv::Mat& bgr, const cv::Mat& hidden, const cv::Mat& want, glm::dvec2 centre, double smooth_px) {
    return mirror_copy_background(bgr, hidden, want, centre, smooth_px).bgr;
}

}  // namespace hairline
