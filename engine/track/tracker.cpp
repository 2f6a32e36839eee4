#include "engine/track/tracker.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/track/face_check.h"
#include "engine/track/face_flow.h"
#include "engine/track/upright_fit.h"

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
// After a loss, a face elsewhere is taken only if at least this large against the lost one.
constexpr double kNoFurtherBack = 0.8;

}  // namespace

Tracker::Tracker(std::shared_ptr<const LandmarkPredictor> predictor, TrackerParams params)
    : predictor_(std::move(predictor)), params_(params) {}

void Tracker::submit_search(const cv::Mat& gray, std::int64_t frame_index, double roll_rad) {
    const double scale = std::min({1.0, 80.0 / params_.search_min_face_px, params_.search_max_width_px / gray.cols});
    DetectionJob job;
    job.kind = DetectionKind::Acquire;
    job.frame_index = frame_index;
    job.roll_rad = roll_rad;
    if (roll_rad == 0.0) {
        cv::resize(gray, job.gray, cv::Size(), scale, scale, cv::INTER_AREA);
        job.to_frame = cv::Matx23d(1.0 / scale, 0, 0, 0, 1.0 / scale, 0);
    } else {
        // The frame shrunk and turned upright by -roll about its centre
        // (corners cut: a tilted face is not in a corner).
        cv::Mat small;
        cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
        const cv::Point2f centre(0.5f * static_cast<float>(small.cols), 0.5f * static_cast<float>(small.rows));
        const cv::Mat turn = cv::getRotationMatrix2D(centre, glm::degrees(roll_rad), 1.0);
        cv::warpAffine(small, job.gray, turn, small.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::Mat back;
        cv::invertAffineTransform(turn, back);
        const cv::Matx23d b(back);
        job.to_frame = cv::Matx23d(b(0, 0) / scale, b(0, 1) / scale, b(0, 2) / scale, b(1, 0) / scale, b(1, 1) / scale,
                                   b(1, 2) / scale);
    }
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
        std::vector<FaceBox> boxes;
        for (const auto& f : result.faces) boxes.push_back(box_to_frame(f.box, result.to_frame));
        const bool recent = lost_ && !lost_->cut && result.frame_index - lost_->frame <= params_.identity_frames;
        std::optional<std::size_t> pick;
        if (recent) {
            // The lost face, back where it was and as large; failing that a
            // face at least as near the camera (the client moved), never one
            // further back (someone passing behind).
            double best = 1e30;
            for (std::size_t i = 0; i < boxes.size(); ++i) {
                const double d = glm::distance(boxes[i].center(), lost_->box.center()) / lost_->box.width;
                const double ratio = boxes[i].width / lost_->box.width;
                if (d <= 0.75 && ratio > 0.67 && ratio < 1.5 && d < best) {
                    best = d;
                    pick = i;
                }
            }
            for (std::size_t i = 0; i < boxes.size() && !pick; ++i)
                if (boxes[i].width >= kNoFurtherBack * lost_->box.width) pick = i;
        } else {
            pick = static_cast<std::size_t>(
                std::max_element(boxes.begin(), boxes.end(), [](const auto& a, const auto& b) { return a.area() < b.area(); }) -
                boxes.begin());
        }
        if (!pick) return;
        // Of searches of one frame turned several ways, the clearest wins
        // (a tilted face is found upright too, but less surely).
        const double confidence = result.faces[*pick].confidence;
        if (found_ && found_->confidence >= confidence) return;
        found_ = Found{boxes[*pick], result.roll_rad, recent, confidence};
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
        // A held face is given its hold time; a shown one only a miss or two.
        if (++track_->misses >= params_.verify_miss_limit && track_->held_frames == 0) lose_track(result.frame_index, false);
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

std::optional<TrackedFace> Tracker::track_frame(GrayPyramid& pyramid, const Frame& frame, bool cut, TrackResult& result) {
    Track& t = *track_;
    TrackTimings& timings = result.timings;
    const cv::Mat gray = pyramid.base();  // a header copy: shares the pixels
    const bool first = !t.smoother.initialised();
    const double dt_s = first ? 0.0 : std::max((frame.t_ms - t.last_t_ms) / 1000.0, 1e-3);

    FaceBox box = t.last_box;
    double roll = t.last_roll;
    if (!first && t.held_frames == 0) {
        // Where the face went: optical flow if it can follow, else the
        // smoothed motion carried forward. (A held face is looked for where
        // it was last seen well.)
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
    if (!first)
        face.raw_landmarks = predictor_->predict_normalised(pyramid, box, roll, LandmarkPredictor::kPredictBoxPx,
                                                            params_.mirror_average);
    if (first) {
        // A new face's roll is only the detector's guess (upright_fit.h).
        const UprightFit upright = fit_upright(*predictor_, pyramid, box, roll, params_.mirror_average);
        face.raw_landmarks = upright.landmarks;
        face.box = box = box_from_landmarks(upright.landmarks);
    }
    timings.predict_ms = ms_since(start);

    // Is it still the face? (The predictor draws a face wherever it looks.)
    const cv::Mat patch = face_patch(pyramid, face.raw_landmarks);
    if (first) {
        if (t.returning_id && normalised_correlation(patch, t.returning_appearance) >= t.returning_similarity) {
            // The same person back: judged against how they looked before
            // (a face found again half under a hand must not become the template).
            t.face_id = *t.returning_id;
            t.appearance = t.returning_appearance;
            t.first_appearance = t.returning_first;
        } else {
            t.face_id = next_face_id_++;
        }
    }
    // The template starts where the detector found the face whole in the
    // frame; a face partly out of it is judged by the detector alone.
    const bool comparable = !patch.empty() && !t.appearance.empty();
    if (t.appearance.empty() && !patch.empty()) t.appearance = t.first_appearance = patch;
    // Like the face as first found, or as it has slowly become.
    const double similarity = comparable ? std::max(normalised_correlation(patch, t.first_appearance),
                                                    normalised_correlation(patch, t.appearance))
                                         : 1.0;
    if (similarity < params_.gone_similarity || (cut && similarity < params_.cut_face_similarity)) return std::nullopt;
    // And is its shape still the face's? A hand bends the brows and eyes the
    // predictor reports; talking and smiling move only the mouth and jaw.
    if (!t.shape_reference) t.shape_reference = face.raw_landmarks;
    const double bent = shape_change(face.raw_landmarks, *t.shape_reference);
    const double look = std::min(ramp(similarity, params_.gone_similarity, params_.sure_similarity),
                                 1.0 - ramp(bent, params_.still_shape_change, params_.bent_shape_change));
    const double confirmed = t.misses == 0 ? 1.0 : 0.5;
    result.face_id = t.face_id;
    auto hold = [&](double confidence) -> std::optional<TrackedFace> {
        if (!t.last_good || ++t.held_frames > params_.hold_frames) return std::nullopt;
        result.held = true;
        // A held fit is shown for a frame or two; after that it only fades out.
        result.confidence = t.held_frames > params_.shown_held_frames
                                ? std::min(confidence, 0.9 * params_.show_confidence * (1.0 - static_cast<double>(t.held_frames) / (params_.hold_frames + 1)))
                                : confidence;
        if (worker_.idle() && frame.index - t.last_verify_frame >= params_.verify_interval_frames) {
            submit_verify(gray, face.raw_landmarks, frame.index);
            t.last_verify_frame = frame.index;
        }
        return t.last_good;
    };
    // Partly covered: its landmarks are not trusted and not smoothed in; the
    // last good fit stands in (shown while the confidence allows).
    if (look < params_.trust_landmarks) return hold(std::min(look, confirmed));

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
    // Turned past what the frontal model holds: held too.
    const double turn = turn_confidence(face.fit.angles);
    if (turn < params_.show_confidence) return hold(std::min({look, confirmed, turn}));
    t.held_frames = 0;
    t.last_good = face;
    // The template follows slow changes (light, a turn), never a hand: only
    // a face very like it, that the detector confirms, updates it.
    if (comparable && normalised_correlation(patch, t.appearance) >= params_.template_similarity && t.misses == 0 &&
        bent < params_.still_shape_change) {
        t.appearance = blend_template(t.appearance, patch, params_.template_rate);
        // The shape reference follows too, in the face's own frame (aligned by the rigid fit).
        const RigidPose2D ref = fit_rigid_2d(*t.shape_reference), now = fit_rigid_2d(face.raw_landmarks);
        const auto m = similarity_between(now, ref);
        for (std::size_t k = 0; k < t.shape_reference->size(); ++k) {
            const glm::dvec2 p = face.raw_landmarks[k];
            const glm::dvec2 q{m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
            (*t.shape_reference)[k] += params_.template_rate * 5.0 * (q - (*t.shape_reference)[k]);
        }
    }
    result.confidence = std::min({look, confirmed, turn});
    return face;
}

void Tracker::lose_track(std::int64_t frame_index, bool cut) {
    if (!track_) return;
    Lost lost;
    lost.box = track_->last_good ? track_->last_good->box : track_->last_box;
    lost.appearance = track_->appearance;
    lost.first_appearance = track_->first_appearance;
    lost.face_id = track_->face_id;
    lost.frame = frame_index;
    lost.cut = cut;
    lost_ = std::move(lost);
    track_.reset();
}

namespace {

// What a face lost on this frame must not leave behind in its result.
void clear_face(TrackResult& result) {
    result.face.reset();
    result.confidence = 0.0;
    result.face_id = 0;
    result.held = result.acquired = result.reseeded = false;
}

}  // namespace

void Tracker::take(std::optional<DetectionResult> detection, TrackResult& result) {
    if (!detection) return;
    result.timings.detect_ms = detection->detect_ms;
    handle_detection(*detection);
}

void Tracker::search(const cv::Mat& gray, std::int64_t frame_index, TrackResult& result) {
    const double turned = glm::radians(params_.rolled_search_deg);
    const bool rolled = frame_index < params_.rolled_search_frames;
    if (!params_.wait_for_detector) {
        // Live: one search at a time; in the first frames they take turns
        // looking upright, turned one way and the other.
        if (!worker_.idle()) return;
        const int turn = rolled ? search_turn_++ % 3 : 0;
        submit_search(gray, frame_index, turn == 0 ? 0.0 : (turn == 1 ? turned : -turned));
        return;
    }
    const auto wait_start = Clock::now();
    take(worker_.wait(), result);  // a job in flight is older than this frame
    for (const double roll : {0.0, turned, -turned}) {
        if (track_ || (found_ && !rolled)) break;
        if (roll != 0.0 && !rolled) break;
        submit_search(gray, frame_index, roll);
        take(worker_.wait(), result);
    }
    result.timings.wait_ms += ms_since(wait_start);
}

void Tracker::start_track(std::int64_t frame_index, TrackResult& result) {
    track_.emplace(frame_index, params_, found_->box, found_->roll_rad);
    if (lost_) {
        // Back where it was: it keeps its id if it looks like itself; found
        // elsewhere, only if it looks much like itself.
        track_->returning_id = lost_->face_id;
        track_->returning_appearance = lost_->appearance;
        track_->returning_first = lost_->first_appearance;
        track_->returning_similarity = found_->returning ? params_.same_face_similarity : params_.same_face_elsewhere;
    }
    found_.reset();
    result.acquired = true;
}

TrackResult Tracker::process(const Frame& frame) {
    const auto start = Clock::now();
    TrackResult result;
    result.frame_index = frame.index;
    result.t_ms = frame.t_ms;

    cv::Mat gray;
    cv::cvtColor(frame.bgr, gray, cv::COLOR_BGR2GRAY);
    GrayPyramid pyramid(gray);
    const cv::Mat thumbnail = frame_thumbnail(pyramid);
    result.scene_cut = !last_thumbnail_.empty() && normalised_correlation(thumbnail, last_thumbnail_) < params_.cut_similarity;
    last_thumbnail_ = thumbnail;

    if (params_.wait_for_detector) {
        // Offline: results must not depend on the machine's speed, and a
        // confirmation older than a frame would let a ghost live longer.
        const auto pending = worker_.pending_frame();
        const int lag = track_ ? params_.max_verify_lag_frames : params_.max_detection_lag_frames;
        if (pending && frame.index - *pending >= lag) {
            const auto wait_start = Clock::now();
            take(worker_.wait(), result);
            result.timings.wait_ms += ms_since(wait_start);
        }
    }
    take(worker_.poll(), result);

    // A track, or one found, or a search; a face lost on this frame is
    // searched for again on it (a cut costs no frame offline).
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!track_ && !found_) search(gray, frame.index, result);
        if (!track_ && found_) start_track(frame.index, result);
        if (!track_) break;
        result.face = track_frame(pyramid, frame, result.scene_cut, result);
        result.reseeded = result.timings.reseeded;
        if (result.face) break;
        lose_track(frame.index, result.scene_cut);
        clear_face(result);
    }
    result.timings.total_ms = ms_since(start);
    return result;
}

}  // namespace hairline
