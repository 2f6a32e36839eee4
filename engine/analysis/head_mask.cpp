#include "engine/analysis/head_mask.h"

#include <algorithm>
#include <array>
#include <vector>

#include <opencv2/imgproc.hpp>

#include <glm/geometric.hpp>

#include "engine/analysis/hair_mask.h"
#include "engine/geom/dot_field.h"

namespace hairline {

std::optional<HeadMask> estimate_head_mask(const cv::Mat& bgr, const Landmarks& landmarks, const FaceFit& fit) {
    // The model's scalp as seen: the hull of its surface points that face the camera.
    const ScalpChart chart(fit.head);
    std::vector<cv::Point2f> scalp;
    for (int i = 0; i <= 40; ++i)
        for (int j = 0; j <= 40; ++j) {
            const double beta = -kChartBetaMax + 2.0 * kChartBetaMax * i / 40.0;
            const double alpha = kDotFieldMaxAlpha * j / 40.0;
            if (chart.h_of(alpha, beta) < kDotFieldMinHeightMm) continue;
            const glm::dvec3 p = chart.point(alpha, beta);
            if (facing_camera(fit.projection.pose, p, chart.normal(alpha, beta)) <= kMinFacing) continue;
            const glm::dvec2 px = project_point(fit.projection, p);
            scalp.emplace_back(static_cast<float>(px.x), static_cast<float>(px.y));
        }
    std::vector<cv::Point2f> face;
    for (const auto& p : landmarks) face.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
    if (scalp.size() < 16) return std::nullopt;
    std::vector<cv::Point2f> scalp_hull, face_hull;
    cv::convexHull(scalp, scalp_hull);
    cv::convexHull(face, face_hull);

    // A crop around head and face with room for background, at most 256 px.
    std::vector<cv::Point2f> all = scalp_hull;
    all.insert(all.end(), face_hull.begin(), face_hull.end());
    cv::Rect box = cv::boundingRect(all);
    const int margin = static_cast<int>(0.35 * box.width);
    box = cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin) &
          cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (box.width < 16 || box.height < 16) return std::nullopt;
    const double scale = std::min(1.0, 256.0 / std::max(box.width, box.height));
    cv::Mat small;
    cv::resize(bgr(box), small, cv::Size(), scale, scale, cv::INTER_AREA);
    auto to_small = [&](const std::vector<cv::Point2f>& pts) {
        std::vector<cv::Point> out;
        for (const auto& p : pts)
            out.emplace_back(static_cast<int>((static_cast<double>(p.x) - box.x) * scale),
                             static_cast<int>((static_cast<double>(p.y) - box.y) * scale));
        return out;
    };

    // Seeds: the face is head for sure; the model's scalp probably; a band
    // around it maybe not (hair volume may reach into it); beyond, background.
    cv::Mat seeds(small.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
    const std::vector<cv::Point> scalp_small = to_small(scalp_hull), face_small = to_small(face_hull);
    cv::Mat model(small.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(model, scalp_small, cv::Scalar(255));
    cv::fillConvexPoly(model, face_small, cv::Scalar(255));
    cv::Mat band;
    const int reach = std::max(3, static_cast<int>(0.18 * cv::boundingRect(scalp_small).width));
    cv::dilate(model, band, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * reach + 1, 2 * reach + 1)));
    seeds.setTo(cv::GC_PR_BGD, band);
    seeds.setTo(cv::GC_PR_FGD, model);
    cv::Mat sure_face(small.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(sure_face, face_small, cv::Scalar(255));
    cv::erode(sure_face, sure_face, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    seeds.setTo(cv::GC_FGD, sure_face);

    cv::Mat background_model, foreground_model;
    try {
        cv::grabCut(small, seeds, cv::Rect(), background_model, foreground_model, 4, cv::GC_INIT_WITH_MASK);
    } catch (const cv::Exception&) {
        return std::nullopt;
    }
    cv::Mat head = (seeds == cv::GC_FGD) | (seeds == cv::GC_PR_FGD);

    HeadMask mask;
    cv::Mat scalp_only(small.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(scalp_only, scalp_small, cv::Scalar(255));
    const double scalp_area = cv::countNonZero(scalp_only);
    mask.model_kept = scalp_area > 0 ? cv::countNonZero(head & scalp_only) / scalp_area : 0.0;
    if (mask.model_kept < 0.6) return std::nullopt;

    // Soft edge of about 2% of the head width, back at full resolution.
    cv::Mat soft;
    cv::resize(head, soft, box.size(), 0, 0, cv::INTER_LINEAR);
    const double sigma = std::max(1.0, 0.02 * cv::boundingRect(scalp_hull).width);
    cv::GaussianBlur(soft, soft, cv::Size(0, 0), sigma);
    mask.alpha = cv::Mat(bgr.size(), CV_8UC1, cv::Scalar(0));
    soft.copyTo(mask.alpha(box));
    return mask;
}

cv::Mat other_people_zone(const std::vector<FaceBox>& others, const Landmarks& client, cv::Size size,
                          const std::vector<cv::Point>& client_head) {
    cv::Mat zone(size, CV_8UC1, cv::Scalar(0));
    const double client_width = box_from_landmarks(client).width;
    for (const FaceBox& box : others) {
        cv::Mat theirs(size, CV_8UC1, cv::Scalar(0));
        const cv::Point top_left(static_cast<int>(box.left - kOtherFaceGrow * box.width),
                                 static_cast<int>(box.top - kOtherFaceGrow * box.height));
        const cv::Point bottom_right(static_cast<int>(box.left + (1.0 + kOtherFaceGrow) * box.width),
                                     static_cast<int>(box.top + (1.0 + kOtherNeckReach) * box.height));
        cv::rectangle(theirs, top_left, bottom_right, cv::Scalar(255), cv::FILLED);
        // Their hair: the head over the face, as wide as the grown box.
        const cv::Point centre(static_cast<int>(box.left + 0.5 * box.width), static_cast<int>(box.top + 0.5 * box.height));
        const cv::Size axes(static_cast<int>((0.5 + kOtherFaceGrow) * box.width),
                            static_cast<int>((0.5 + kOtherHairReach) * box.height));
        cv::ellipse(theirs, centre, axes, 0.0, 180.0, 360.0, cv::Scalar(255), cv::FILLED);
        if (client_head.size() >= 3 && box.width < kFurtherFaceShare * client_width)
            cv::fillPoly(theirs, std::vector<std::vector<cv::Point>>{client_head}, cv::Scalar(0));
        zone |= theirs;
    }
    zone.setTo(0, face_keep_zone(client, size));
    return zone;
}

cv::Mat carry_head_mask(const cv::Mat& alpha, const cv::Rect& support, const RigidPose2D& made_at, const RigidPose2D& now,
                        cv::Size frame_size) {
    cv::Mat carried(frame_size, CV_8UC1, cv::Scalar(0));
    // Only the support moves (the head, a fifth of a frame or less).
    if (support.empty() || alpha.empty()) return carried;
    const std::array<double, 6> m = similarity_between(made_at, now);
    // A pixel more on each side for the interpolation's reach (a bilinear
    // sample within one source pixel of the support is not zero), and one
    // target pixel more for the corners' rounding.
    const cv::Rect reach(support.x - 1, support.y - 1, support.width + 2, support.height + 2);
    cv::Rect target = carried_bounds(reach, m);
    target = cv::Rect(target.x - 1, target.y - 1, target.width + 2, target.height + 2) & cv::Rect(cv::Point(), frame_size);
    if (target.empty()) return carried;
    // Frame pixel of the mask -> the target's pixel.
    const cv::Matx23d to_target(m[0], m[1], m[2] - target.x, m[3], m[4], m[5] - target.y);
    cv::Mat out = carried(target);
    cv::warpAffine(alpha, out, to_target, target.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    return carried;
}

}  // namespace hairline
