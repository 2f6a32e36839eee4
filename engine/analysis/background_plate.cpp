#include "engine/analysis/background_plate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <glm/vec2.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/hair_mask.h"

namespace hairline {
namespace {

constexpr int kGrowScale = 4;
constexpr int kOutlineClearPx = 4;
constexpr int kRingPx = 4, kMinRingPixels = 50;

void start_again(BackgroundPlate& plate, const cv::Mat& frame) {
    plate.bgr = cv::Mat(frame.size(), CV_8UC3, cv::Scalar::all(0));
    plate.known = cv::Mat(frame.size(), CV_8UC1, cv::Scalar(0));
    plate.still = cv::Mat(frame.size(), CV_8UC1, cv::Scalar(0));
    plate.previous = cv::Mat();
}

// Whether the background seen now is another scene than the plate's: the
// median grey difference over the pixels seen before that are background now.
bool scene_changed(const BackgroundPlate& plate, const cv::Mat& frame, const cv::Mat& background, cv::Rect window) {
    std::vector<int> differences;
    for (int y = window.y; y < window.y + window.height; ++y) {
        const cv::Vec3b* now = frame.ptr<cv::Vec3b>(y);
        const cv::Vec3b* was = plate.bgr.ptr<cv::Vec3b>(y);
        const std::uint8_t* seen = plate.known.ptr<std::uint8_t>(y);
        const std::uint8_t* free = background.ptr<std::uint8_t>(y);
        for (int x = window.x; x < window.x + window.width; ++x) {
            if (seen[x] != kSeenReal || !free[x]) continue;
            const int grey_now = now[x][0] + now[x][1] + now[x][2], grey_was = was[x][0] + was[x][1] + was[x][2];
            differences.push_back(std::abs(grey_now - grey_was));
        }
    }
    if (static_cast<int>(differences.size()) < kSceneSamples) return false;
    auto middle = differences.begin() + static_cast<std::ptrdiff_t>(differences.size() / 2);
    std::nth_element(differences.begin(), middle, differences.end());
    return *middle / 3.0 > kSceneChangeLevels;
}

// The layer's background pixels clear of its skull: next to the skull the
// layer blends the skull's colour into the background (its soft outline),
// which laid down in the frame's place would leave a ghost of the outline
// where the head has moved from.
cv::Mat clear_background(const ShaveLayer& layer) {
    cv::Mat near;
    if (layer.scalp.empty()) return layer.background.clone();
    cv::dilate(layer.scalp, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * kOutlineClearPx + 1, 2 * kOutlineClearPx + 1)));
    return layer.background & ~near;
}

}  // namespace

cv::Mat client_region(const cv::Mat& head, const cv::Mat& hair, const Landmarks& lm, cv::Size size, cv::Rect window) {
    cv::Mat out(size, CV_8UC1, cv::Scalar(0));
    window &= cv::Rect(cv::Point(), size);
    if (window.empty()) return out;
    const FaceAxes axes = face_axes(lm);
    const int margin = std::max(1, static_cast<int>(kClientMarginIod * axes.iod_px));
    // The masks within the window and the margin's reach around it.
    const cv::Rect reach = cv::Rect(window.x - margin, window.y - margin, window.width + 2 * margin, window.height + 2 * margin) &
                           cv::Rect(cv::Point(), size);
    cv::Mat part(reach.size(), CV_8UC1, cv::Scalar(0));
    for (const cv::Mat* m : {&head, &hair})
        if (!m->empty() && m->size() == size) part |= (*m)(reach) > 16;
    // Grown at a quarter of the size (the margin is wide; a wide kernel at
    // full size cost the live app's tracking thread a frame in twenty).
    cv::Mat small;
    cv::resize(part, small, cv::Size(std::max(1, reach.width / kGrowScale), std::max(1, reach.height / kGrowScale)), 0, 0,
               cv::INTER_AREA);
    small = small > 0;
    const int r = std::max(1, margin / kGrowScale);
    cv::dilate(small, small, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
    cv::resize(small, part, reach.size(), 0, 0, cv::INTER_NEAREST);
    part.copyTo(out(reach));
    out |= face_keep_zone(lm, size);
    // Below the chin, the neck, shoulders and body: a band along the face's
    // own vertical, down past the frame's bottom.
    const glm::dvec2 chin = lm[lm::kChin];
    const double reach_down = 2.0 * (size.width + size.height);
    const glm::dvec2 side = kBodyHalfWidthIod * axes.iod_px * axes.across, down = -reach_down * axes.up;
    const glm::dvec2 level = axes.eyes + axes.above_eyes(chin) * axes.iod_px * axes.up;
    std::vector<cv::Point> body;
    for (const glm::dvec2& p : {level - side, level + side, level + side + down, level - side + down})
        body.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    cv::fillConvexPoly(out, body, cv::Scalar(255));
    return out;
}

void learn_seen_background(BackgroundPlate& plate, const cv::Mat& frame, const cv::Mat& client, cv::Rect window) {
    if (plate.bgr.size() != frame.size()) start_again(plate, frame);
    window &= cv::Rect(cv::Point(), frame.size());
    if (window.empty()) return;
    cv::Mat background(frame.size(), CV_8UC1, cv::Scalar(0));
    background(window).setTo(255, client(window) == 0);
    if (scene_changed(plate, frame, background, window)) start_again(plate, frame);
    const bool first = plate.previous.empty();
    if (first) plate.previous = frame.clone();
    for (int y = window.y; y < window.y + window.height; ++y) {
        const cv::Vec3b* now = frame.ptr<cv::Vec3b>(y);
        const cv::Vec3b* before = plate.previous.ptr<cv::Vec3b>(y);
        const std::uint8_t* free = background.ptr<std::uint8_t>(y);
        cv::Vec3b* bgr = plate.bgr.ptr<cv::Vec3b>(y);
        std::uint8_t* known = plate.known.ptr<std::uint8_t>(y);
        std::uint8_t* count = plate.still.ptr<std::uint8_t>(y);
        for (int x = window.x; x < window.x + window.width; ++x) {
            bool still = free[x] && !first;
            for (int c = 0; c < 3 && still; ++c) still = std::abs(now[x][c] - before[x][c]) <= kStillLevels;
            count[x] = still ? static_cast<std::uint8_t>(std::min(count[x] + 1, 255)) : 0;
            if (count[x] < kStillFrames) continue;
            if (known[x] != kSeenReal) {
                bgr[x] = now[x];
                known[x] = kSeenReal;
                continue;
            }
            for (int c = 0; c < 3; ++c)
                bgr[x][c] = cv::saturate_cast<std::uint8_t>(bgr[x][c] + kPlateRate * static_cast<float>(now[x][c] - bgr[x][c]));
        }
    }
    frame(window).copyTo(plate.previous(window));
}

void learn_rebuilt_background(BackgroundPlate& plate, const ShaveLayer& layer) {
    if (plate.bgr.empty() || layer.bgra.empty()) return;
    const cv::Rect r = layer.rect & cv::Rect(cv::Point(), plate.bgr.size());
    const cv::Mat clear = clear_background(layer);
    for (int y = r.y; y < r.y + r.height; ++y) {
        const cv::Vec4b* src = layer.bgra.ptr<cv::Vec4b>(y - layer.rect.y) + (r.x - layer.rect.x);
        const std::uint8_t* rebuilt = clear.ptr<std::uint8_t>(y - layer.rect.y) + (r.x - layer.rect.x);
        cv::Vec3b* bgr = plate.bgr.ptr<cv::Vec3b>(y) + r.x;
        std::uint8_t* known = plate.known.ptr<std::uint8_t>(y) + r.x;
        for (int x = 0; x < r.width; ++x) {
            if (!rebuilt[x] || known[x] == kSeenReal) continue;
            bgr[x] = cv::Vec3b(src[x][0], src[x][1], src[x][2]);
            known[x] = kRebuilt;
        }
    }
}

double plate_mismatch(const ShaveLayer& layer, const BackgroundPlate& plate, const cv::Mat& frame, const cv::Mat& clear) {
    // The ring of real background just beyond the layer's background, seen
    // now (the layer does not cover it) and known to the plate.
    const cv::Rect frame_rect(cv::Point(), plate.bgr.size());
    const cv::Rect pad = cv::Rect(layer.rect.x - kRingPx, layer.rect.y - kRingPx, layer.rect.width + 2 * kRingPx,
                                  layer.rect.height + 2 * kRingPx) & frame_rect;
    cv::Mat near(pad.size(), CV_8UC1, cv::Scalar(0)), covered(pad.size(), CV_8UC1, cv::Scalar(0));
    const cv::Rect inside = layer.rect & pad;
    const cv::Rect in_layer(inside.tl() - layer.rect.tl(), inside.size()), in_pad(inside.tl() - pad.tl(), inside.size());
    clear(in_layer).copyTo(near(in_pad));
    cv::Mat alpha;
    cv::extractChannel(layer.bgra(in_layer), alpha, 3);
    covered(in_pad).setTo(255, alpha > 0);
    cv::dilate(near, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * kRingPx + 1, 2 * kRingPx + 1)));
    const cv::Mat ring = near & ~covered;
    double sum = 0.0;
    int n = 0;
    for (int y = 0; y < pad.height; ++y)
        for (int x = 0; x < pad.width; ++x) {
            const int fy = y + pad.y, fx = x + pad.x;
            if (!ring.at<std::uint8_t>(y, x) || plate.known.at<std::uint8_t>(fy, fx) != kSeenReal) continue;
            const cv::Vec3b a = plate.bgr.at<cv::Vec3b>(fy, fx), b = frame.at<cv::Vec3b>(fy, fx);
            sum += (std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2])) / 3.0;
            ++n;
        }
    return n >= kMinRingPixels ? sum / n : 1e9;
}

ShaveLayer with_plate_background(const ShaveLayer& layer, const BackgroundPlate& plate, const cv::Mat& frame) {
    ShaveLayer out = layer;
    if (plate.bgr.empty() || layer.bgra.empty() || frame.size() != plate.bgr.size()) return out;
    const cv::Mat clear = clear_background(layer);
    const double mismatch = plate_mismatch(layer, plate, frame, clear);
    if (mismatch > kPlateAgreeLevels) return out;
    out.bgra = layer.bgra.clone();
    const cv::Rect r = layer.rect & cv::Rect(cv::Point(), plate.bgr.size());
    for (int y = r.y; y < r.y + r.height; ++y) {
        cv::Vec4b* dst = out.bgra.ptr<cv::Vec4b>(y - layer.rect.y) + (r.x - layer.rect.x);
        const std::uint8_t* rebuilt = clear.ptr<std::uint8_t>(y - layer.rect.y) + (r.x - layer.rect.x);
        const cv::Vec3b* bgr = plate.bgr.ptr<cv::Vec3b>(y) + r.x;
        const std::uint8_t* known = plate.known.ptr<std::uint8_t>(y) + r.x;
        for (int x = 0; x < r.width; ++x)
            if (rebuilt[x] && known[x]) dst[x] = cv::Vec4b(bgr[x][0], bgr[x][1], bgr[x][2], dst[x][3]);
    }
    return out;
}

}  // namespace hairline
