#include "engine/track/tracker.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/track/face_flow.h"

namespace hairline {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double outside_fraction(const FaceBox& box, cv::Size image) {
    const double x0 = std::max(box.left, 0.0), y0 = std::max(box.top, 0.0);
    const double x1 = std::min(box.left + box.width, static_cast<double>(image.width));
    const double y1 = std::min(box.top + box.height, static_cast<double>(image.height));
    const double inside = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    return box.area() > 0 ? 1.0 - inside / box.area() : 1.0;
}

// Head size and the temple line change only when the fit changes, not from
// frame to frame: a slow average keeps the dots and the hairline from breathing.
constexpr double kShapeSmoothing = 0.05;

}  // namespace

Tracker::Tracker(std::shared_ptr<const LandmarkPredictor> predictor, TrackerParams params)
    : predictor_(std::move(predictor)), params_(params) {}

void Tracker::submit_search(const cv::Mat& gray, std::int64_t frame_index) {
    const double scale = std::min({1.0, 80.0 / params_.search_min_face_px, params_.search_max_width_px / gray.cols});
    DetectionJob job;
    job.kind = DetectionKind::Acquire;
    job.frame_index = frame_index;
    cv::resize(gray, job.gray, cv::Size(), scale, scale, cv::INTER_AREA);
    job.to_frame = cv::Matx23d(1.0 / scale, 0, 0, 0, 1.0 / scale, 0);
    worker_.submit(std::move(job));
}

void Tracker::submit_verify(const cv::Mat& gray, const Landmarks& landmarks, std::int64_t frame_index) {
    // A small upright crop around the tracked face: cheap to search, and it
    // only ever confirms this face, never another one in the frame.
    const FaceBox box = box_from_landmarks(landmarks);
    const double roll = fit_rigid_2d(landmarks).roll_rad;
    const double k = params_.verify_face_px / box.width;
    const double side = std::round(params_.verify_crop_faces * params_.verify_face_px);
    const double c = k * std::cos(-roll), s = k * std::sin(-roll);
    const glm::dvec2 center = box.center();
    // crop = k R(-roll) (p - center) + side / 2
    const cv::Matx23d to_crop(c, -s, 0.5 * side - (c * center.x - s * center.y), s, c,
                              0.5 * side - (s * center.x + c * center.y));
    DetectionJob job;
    job.kind = DetectionKind::Verify;
    job.frame_index = frame_index;
    cv::warpAffine(gray, job.gray, cv::Mat(to_crop), cv::Size(static_cast<int>(side), static_cast<int>(side)),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat inverse;
    cv::invertAffineTransform(cv::Mat(to_crop), inverse);
    job.to_frame = cv::Matx23d(inverse);
    const double half = 0.5 * params_.verify_face_px;
    job.expected = {0.5 * side - half, 0.5 * side - half, 2 * half, 2 * half};
    worker_.submit(std::move(job));
}

void Tracker::handle_detection(const DetectionResult& result) {
    if (result.kind == DetectionKind::Acquire) {
        if (track_ || result.faces.empty()) return;
        const auto largest = std::max_element(result.faces.begin(), result.faces.end(),
                                              [](const auto& a, const auto& b) { return a.box.area() < b.box.area(); });
        found_ = box_to_frame(largest->box, result.to_frame);
        return;
    }
    if (!track_ || result.frame_index < track_->first_frame) return;
    double best_iou = 0.0;
    const DetectedFace* best = nullptr;
    for (const auto& face : result.faces) {
        const double iou = intersection_over_union(face.box, result.expected);
        if (iou > best_iou) {
            best_iou = iou;
            best = &face;
        }
    }
    if (best == nullptr || best_iou < 0.2) {
        if (++track_->misses >= params_.verify_miss_limit) track_.reset();
        return;
    }
    track_->misses = 0;
    if (best_iou < params_.drift_iou) {
        // The check ran on an older frame: carry over its correction, not its box.
        const FaceBox found = box_to_frame(best->box, result.to_frame);
        const FaceBox expected = box_to_frame(result.expected, result.to_frame);
        track_->reseed = std::pair{found.center() - expected.center(), found.width / expected.width};
    }
}

std::optional<TrackedFace> Tracker::track_frame(GrayPyramid& pyramid, const Frame& frame, TrackTimings& timings) {
    Track& t = *track_;
    const cv::Mat gray = pyramid.base();  // a header copy: shares the pixels
    const bool first = !t.smoother.initialised();
    const double dt_s = first ? 0.0 : std::max((frame.t_ms - t.last_t_ms) / 1000.0, 1e-3);

    FaceBox box = t.last_box;
    double roll = t.last_roll;
    if (!first) {
        // Where the face went: optical flow if it can follow, else the
        // smoothed motion carried forward.
        const auto flowed = follow_by_flow(t.last_frame, pyramid, t.last_raw);
        const Landmarks ahead = flowed ? *flowed : t.smoother.extrapolate(dt_s);
        roll = fit_rigid_2d(ahead).roll_rad;
        const FaceBox target = box_from_landmarks(ahead);
        const double moved = glm::distance(target.center(), box.center()) / box.width;
        const double resized = std::abs(std::log(target.width / box.width));
        if (moved > params_.box_dead_band || resized > params_.box_dead_band) box = target;
    }
    if (t.reseed) {
        timings.reseeded = true;
        const auto [shift, ratio] = *t.reseed;
        const glm::dvec2 center = box.center() + shift;
        box = {center.x - 0.5 * box.width * ratio, center.y - 0.5 * box.height * ratio, box.width * ratio,
               box.height * ratio};
        t.reseed.reset();
        t.smoother.reset();  // the landmarks jump: do not smooth across the jump
        t.pose.reset();
        for (auto& f : t.angle_filters) f.reset();
    }
    if (outside_fraction(box, gray.size()) > params_.max_outside_fraction) return std::nullopt;

    auto start = Clock::now();
    TrackedFace face;
    face.box = box;
    face.raw_landmarks = predictor_->predict_normalised(pyramid, box, roll, LandmarkPredictor::kPredictBoxPx,
                                                        params_.mirror_average);
    timings.predict_ms = ms_since(start);

    start = Clock::now();
    face.landmarks = t.smoother.filter(face.raw_landmarks, dt_s);
    const CameraIntrinsics camera = video_intrinsics(gray.cols, gray.rows);
    auto pose = estimate_head_pose(face.landmarks, camera, ipd_mm_, t.pose);
    if (!pose) return std::nullopt;
    const PoseAngles solved = pose_angles(*pose);
    const double to_rad = 3.14159265358979323846 / 180.0;
    PoseAngles smoothed;
    smoothed.yaw_deg = t.angle_filters[0].filter(solved.yaw_deg * to_rad, dt_s) / to_rad;
    smoothed.pitch_deg = t.angle_filters[1].filter(solved.pitch_deg * to_rad, dt_s) / to_rad;
    smoothed.roll_deg = t.angle_filters[2].filter(solved.roll_deg * to_rad, dt_s) / to_rad;
    face.fit = complete_face_fit(face.landmarks, camera, pose_from_angles(smoothed, pose->translation_mm), ipd_mm_);
    if (first) {
        t.head = face.fit.head;
        t.anchors = face.fit.anchors;
    } else {
        t.head.half_width_mm += kShapeSmoothing * (face.fit.head.half_width_mm - t.head.half_width_mm);
        t.anchors.canthus_x_mm += kShapeSmoothing * (face.fit.anchors.canthus_x_mm - t.anchors.canthus_x_mm);
    }
    face.fit.head = t.head;
    face.fit.anchors = t.anchors;
    timings.fit_ms = ms_since(start);

    t.pose = *pose;
    t.last_box = box;
    t.last_roll = fit_rigid_2d(face.landmarks).roll_rad;
    t.last_frame = pyramid;  // shares the pixel buffers
    t.last_raw = face.raw_landmarks;
    t.last_t_ms = frame.t_ms;
    if (worker_.idle() && frame.index - t.last_verify_frame >= params_.verify_interval_frames) {
        submit_verify(gray, face.landmarks, frame.index);
        t.last_verify_frame = frame.index;
    }
    return face;
}

TrackResult Tracker::process(const Frame& frame) {
    const auto start = Clock::now();
    TrackResult result;
    result.frame_index = frame.index;
    result.t_ms = frame.t_ms;

    cv::Mat gray;
    cv::cvtColor(frame.bgr, gray, cv::COLOR_BGR2GRAY);

    auto take = [&](std::optional<DetectionResult> detection) {
        if (!detection) return;
        result.timings.detect_ms = detection->detect_ms;
        handle_detection(*detection);
    };
    if (params_.wait_for_detector) {
        const auto pending = worker_.pending_frame();
        if (pending && frame.index - *pending >= params_.max_detection_lag_frames) {
            const auto wait_start = Clock::now();
            take(worker_.wait());
            result.timings.wait_ms += ms_since(wait_start);
        }
    }
    take(worker_.poll());

    if (!track_ && !found_) {
        if (worker_.idle()) submit_search(gray, frame.index);
        if (params_.wait_for_detector) {
            const auto wait_start = Clock::now();
            take(worker_.wait());
            result.timings.wait_ms += ms_since(wait_start);
        }
    }
    if (!track_ && found_) {
        track_.emplace(frame.index, params_, *found_);
        found_.reset();
        result.acquired = true;
    }
    if (track_) {
        GrayPyramid pyramid(gray);
        result.face = track_frame(pyramid, frame, result.timings);
        result.reseeded = result.timings.reseeded;
        if (!result.face) track_.reset();
    }
    result.timings.total_ms = ms_since(start);
    return result;
}

}  // namespace hairline
