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

void Tracker::submit_search(const cv::Mat& gray, std::int64_t frame_index, double roll_rad, double min_face_px) {
    DetectionJob job;
    job.kind = DetectionKind::Acquire;
    job.frame_index = frame_index;
    job.roll_rad = roll_rad;
    if (roll_rad == 0.0) {
        // The frame as dlib's reference search sees it where faces of the
        // smallest size looked for still fill its window (and at most so wide).
        job.gray = gray.clone();
        job.scale = reference_scale(std::max(reference_level_to_find(min_face_px),
                                             reference_level_at_most(gray.cols, params_.search_max_width_px)));
    } else {
        // The frame shrunk and turned upright by -roll about its centre
        // (corners cut: a tilted face is not in a corner).
        const double scale = std::min(1.0, params_.search_max_width_px / gray.cols) * kDetectorWindowPx / min_face_px;
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

namespace {

// dlib's detector, with its filters for rolled faces, finds faces rolled up
// to about this much on its own; a face rolled further is only found turned upright.
constexpr double kDetectorRollRad = glm::radians(25.0);

// The frame around a face, `crop_faces` faces wide, at the reference scale
// that brings the face to at most `face_px` (face_detector.h): whether the
// face is there is then decided as dlib's own search of the frame would
// decide it. Upright as the frame is, unless the face is rolled past what
// the detector finds by itself; then turned upright by its roll. It only
// ever finds this face, never another one in the frame.
DetectionJob crop_job(const cv::Mat& gray, const FaceBox& box, double roll, double face_px, double crop_faces,
                      std::int64_t frame_index) {
    const int level = reference_level_at_most(box.width, face_px);
    if (std::abs(roll) <= kDetectorRollRad) roll = 0.0;
    const double k = reference_scale(level);
    const double side = std::round(crop_faces * box.width * k);
    const double c = k * std::cos(-roll), s = k * std::sin(-roll);
    const glm::dvec2 centre = box.center();
    // crop = k R(-roll) (p - centre) + side / 2
    const cv::Matx23d to_crop(c, -s, 0.5 * side - (c * centre.x - s * centre.y), s, c,
                              0.5 * side - (s * centre.x + c * centre.y));
    DetectionJob job;
    job.kind = DetectionKind::Verify;
    job.frame_index = frame_index;
    job.roll_rad = roll;
    cv::warpAffine(gray, job.gray, cv::Mat(to_crop), cv::Size(static_cast<int>(side), static_cast<int>(side)),
                   k < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat inverse;
    cv::invertAffineTransform(cv::Mat(to_crop), inverse);
    job.to_frame = cv::Matx23d(inverse);
    const double half = 0.5 * box.width * k;
    job.expected = {0.5 * side - half, 0.5 * side - half, 2 * half, 2 * half};
    return job;
}

// The detection in a crop job's result that overlaps the expected box most.
const DetectedFace* best_overlap(const DetectionResult& result, double& iou_out) {
    iou_out = 0.0;
    const DetectedFace* best = nullptr;
    for (const auto& face : result.faces) {
        const double iou = intersection_over_union(face.box, result.expected);
        if (iou > iou_out) {
            iou_out = iou;
            best = &face;
        }
    }
    return best;
}

}  // namespace

void Tracker::submit_verify(const cv::Mat& gray, const Landmarks& landmarks, std::int64_t frame_index) {
    worker_.submit(crop_job(gray, box_from_landmarks(landmarks), fit_rigid_2d(landmarks).roll_rad, params_.verify_face_px,
                            params_.verify_crop_faces, frame_index));
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
            // The first as photos rank them: a badge on a suit, barely
            // positive, never wins over a clear face. (Boxes in the frame
            // scale alike: the ranking by area holds there too.)
            pick = static_cast<std::size_t>(std::min_element(result.faces.begin(), result.faces.end(), ranks_before) -
                                            result.faces.begin());
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
    const DetectedFace* best = best_overlap(result, best_iou);
    if (best == nullptr || best_iou < 0.2) {
        ++track_->misses;  // a doubt, settled on the next frame (start_check)
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

void Tracker::locate(Track& t, GrayPyramid& pyramid, double dt_s, FaceBox& box, double& roll) const {
    box = t.last_box;
    roll = t.last_roll;
    if (t.smoother.initialised()) {
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
        const auto [shift, ratio] = *t.reseed;
        const glm::dvec2 center = box.center() + shift;
        box = {center.x - 0.5 * box.width * ratio, center.y - 0.5 * box.height * ratio, box.width * ratio,
               box.height * ratio};
    }
}

Tracker::Checks Tracker::check(Track& t, GrayPyramid& pyramid, const Landmarks& raw) const {
    Checks c;
    c.patch = face_patch(pyramid, raw);
    // The template starts where the detector found the face whole in the
    // frame; a face partly out of it is judged by the detector alone.
    c.comparable = !c.patch.empty() && !t.appearance.empty();
    if (t.appearance.empty() && !c.patch.empty()) t.appearance = t.first_appearance = c.patch;
    // Like the face as first found, or as it has slowly become.
    if (c.comparable)
        c.similarity = std::max(normalised_correlation(c.patch, t.first_appearance), normalised_correlation(c.patch, t.appearance));
    // A hand bends the brows and eyes the predictor reports; talking and
    // smiling move only the mouth and jaw.
    if (!t.shape_reference) t.shape_reference = raw;
    c.bent = shape_change(raw, *t.shape_reference);
    return c;
}

bool Tracker::doubtful(const Track& t, const Checks& checks) const {
    return checks.similarity < params_.doubt_similarity || checks.bent > params_.doubt_shape_change || t.misses > 0 ||
           std::abs(t.last_yaw_deg) > params_.doubt_yaw_deg;
}

void Tracker::start_check(const cv::Mat& gray, const FaceBox& box, double roll, TrackResult& result) {
    const auto start = Clock::now();
    take(worker_.wait(), result);  // one job at a time: an earlier one is finished first
    worker_.submit(crop_job(gray, box, roll, params_.verify_face_px, params_.verify_crop_faces, result.frame_index));
    result.timings.confirm_ms += ms_since(start);
}

std::optional<FaceBox> Tracker::finish_check(TrackResult& result) {
    const auto start = Clock::now();
    const std::optional<DetectionResult> found = worker_.wait();
    result.timings.confirm_ms += ms_since(start);
    if (!found) return std::nullopt;
    result.timings.detect_ms += found->detect_ms;
    double iou = 0.0;
    const DetectedFace* best = best_overlap(*found, iou);
    if (best == nullptr || iou < params_.confirm_iou) return std::nullopt;
    return box_to_frame(best->box, found->to_frame);
}

void Tracker::assign_identity(Track& t, const cv::Mat& patch) {
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

bool Tracker::fit(Track& t, const cv::Mat& gray, double dt_s, bool first, TrackedFace& face) const {
    face.landmarks = t.smoother.filter(face.raw_landmarks, dt_s);
    const CameraIntrinsics camera = video_intrinsics(gray.cols, gray.rows);
    auto pose = estimate_head_pose(face.landmarks, camera, ipd_mm_, t.pose);
    if (!pose) return false;
    const PoseAngles solved = pose_angles(*pose);
    PoseAngles smoothed;
    smoothed.yaw_deg = glm::degrees(t.angle_filters[0].filter(glm::radians(solved.yaw_deg), dt_s));
    smoothed.pitch_deg = glm::degrees(t.angle_filters[1].filter(glm::radians(solved.pitch_deg), dt_s));
    smoothed.roll_deg = glm::degrees(t.angle_filters[2].filter(glm::radians(solved.roll_deg), dt_s));
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
    t.pose = *pose;
    t.last_yaw_deg = solved.yaw_deg;
    return true;
}

void Tracker::follow_appearance(Track& t, const Checks& checks, const Landmarks& raw) const {
    // The template follows slow changes (light, a turn), never a hand: only
    // a face very like it, that the detector confirms, updates it.
    if (!checks.comparable || normalised_correlation(checks.patch, t.appearance) < params_.template_similarity ||
        t.misses != 0 || checks.bent >= params_.still_shape_change)
        return;
    t.appearance = blend_template(t.appearance, checks.patch, params_.template_rate);
    // The shape reference follows too, in the face's own frame (aligned by the rigid fit).
    const RigidPose2D ref = fit_rigid_2d(*t.shape_reference), now = fit_rigid_2d(raw);
    const auto m = similarity_between(now, ref);
    for (std::size_t k = 0; k < t.shape_reference->size(); ++k) {
        const glm::dvec2 p = raw[k];
        const glm::dvec2 q{m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
        (*t.shape_reference)[k] += params_.template_rate * 5.0 * (q - (*t.shape_reference)[k]);
    }
}

std::optional<TrackedFace> Tracker::track_frame(GrayPyramid& pyramid, const Frame& frame, TrackResult& result) {
    Track& t = *track_;
    TrackTimings& timings = result.timings;
    const cv::Mat gray = pyramid.base();  // a header copy: shares the pixels
    const bool first = !t.smoother.initialised();
    const double dt_s = first ? 0.0 : std::max((frame.t_ms - t.last_t_ms) / 1000.0, 1e-3);

    // Offline, every frame is checked on itself, the detector on its thread
    // while flow and the predictor run here: the face is shown exactly while
    // the detector finds it. (Around the last box: the crop is wide enough
    // for the face's move since.) Live, frames are checked as the detector
    // keeps up, and on the frame itself only when in doubt.
    const bool check_here = !first && params_.wait_for_detector;
    if (check_here) start_check(gray, t.last_box, t.last_roll, result);

    FaceBox box;
    double roll = 0.0;
    locate(t, pyramid, dt_s, box, roll);
    if (t.reseed) {
        timings.reseeded = true;
        t.reseed.reset();
        t.smoother.reset();  // the landmarks jump: do not smooth across the jump
        t.pose.reset();
        for (auto& f : t.angle_filters) f.reset();
    }
    if (outside_fraction(box, gray.size()) > params_.max_outside_fraction) return std::nullopt;

    auto start = Clock::now();
    TrackedFace face;
    if (first) {
        // A new face's roll is only the detector's guess (upright_fit.h).
        // A face found upright in the frame is within the detector's own
        // reach of roll: settled from there (the symmetry test that picks
        // among other seeds is fooled by a turned or drawn face). One found
        // in a turned frame tries them.
        const UprightFit upright = fit_upright(*predictor_, pyramid, box, roll, params_.mirror_average, roll != 0.0);
        face.raw_landmarks = upright.landmarks;
        box = box_from_landmarks(upright.landmarks);
    } else {
        face.raw_landmarks = predictor_->predict_normalised(pyramid, box, roll, LandmarkPredictor::kPredictBoxPx,
                                                            params_.mirror_average);
    }
    timings.predict_ms = ms_since(start);

    // Is it still the face? (The predictor draws a face wherever it looks.)
    Checks checks = check(t, pyramid, face.raw_landmarks);
    if (first) assign_identity(t, checks.patch);
    result.face_id = t.face_id;
    const bool doubt = !first && doubtful(t, checks);
    if (doubt && !check_here) start_check(gray, box, roll, result);
    if (check_here || doubt) {
        const auto seen = finish_check(result);
        if (!seen) return std::nullopt;
        t.misses = 0;
        result.confirmed = true;
        const double overlap = intersection_over_union(*seen, box);
        if (doubt || overlap < params_.drift_iou) {
            // Fitted again from the detector's box, as on a new face, and
            // what it looks like now is what it is compared with.
            start = Clock::now();
            face.raw_landmarks = predictor_->predict_normalised(pyramid, *seen, roll, LandmarkPredictor::kPredictBoxPx,
                                                                params_.mirror_average);
            timings.predict_ms += ms_since(start);
            box = box_from_landmarks(face.raw_landmarks);
            t.shape_reference = face.raw_landmarks;
            if (const cv::Mat now = face_patch(pyramid, face.raw_landmarks); !now.empty()) t.appearance = now;
            checks = check(t, pyramid, face.raw_landmarks);
            if (overlap < params_.drift_iou) t.smoother.reset();  // a jump: not smoothed across
        }
    }
    face.box = box;

    start = Clock::now();
    if (!fit(t, gray, dt_s, first, face)) return std::nullopt;
    timings.fit_ms = ms_since(start);

    t.last_box = box;
    t.last_roll = fit_rigid_2d(face.landmarks).roll_rad;
    t.last_frame = pyramid;  // shares the pixel buffers
    t.last_raw = face.raw_landmarks;
    t.last_t_ms = frame.t_ms;
    if (!params_.wait_for_detector && worker_.idle() && frame.index - t.last_verify_frame >= params_.verify_interval_frames) {
        submit_verify(gray, face.landmarks, frame.index);
        t.last_verify_frame = frame.index;
    }
    follow_appearance(t, checks, face.raw_landmarks);
    const double look = std::min(ramp(checks.similarity, params_.gone_similarity, params_.sure_similarity),
                                 1.0 - ramp(checks.bent, params_.still_shape_change, params_.bent_shape_change));
    const double sure = std::min({look, t.misses == 0 ? 1.0 : 0.5, turn_confidence(face.fit.angles)});
    result.confidence = result.confirmed || first ? std::max(sure, params_.confirmed_confidence) : sure;
    return face;
}

void Tracker::lose_track(std::int64_t frame_index, bool cut) {
    if (!track_) return;
    Lost lost;
    lost.box = track_->last_box;
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
    result.confirmed = result.acquired = result.reseeded = false;
}

}  // namespace

void Tracker::take(std::optional<DetectionResult> detection, TrackResult& result) {
    if (!detection) return;
    result.timings.detect_ms = detection->detect_ms;
    handle_detection(*detection);
}

void Tracker::search(const cv::Mat& gray, std::int64_t frame_index, bool now, TrackResult& result) {
    const double turned = glm::radians(params_.rolled_search_deg);
    const bool rolled = frame_index < params_.rolled_search_frames;
    if (!params_.wait_for_detector && !now) {
        // Live: one search at a time; in the first frames they take turns
        // looking upright, turned one way and the other.
        if (!worker_.idle()) return;
        const int turn = rolled ? search_turn_++ % 3 : 0;
        submit_search(gray, frame_index, turn == 0 ? 0.0 : (turn == 1 ? turned : -turned), params_.search_min_face_px);
        return;
    }
    const auto wait_start = Clock::now();
    take(worker_.wait(), result);  // a job in flight is older than this frame
    // Large faces first: the reference levels where only they fit the
    // window cost a fraction of the whole search, and a client near the
    // camera is found there; the finer levels only when nothing was.
    double min_face_px = params_.search_first_face_px;
    submit_search(gray, frame_index, 0.0, min_face_px);
    take(worker_.wait(), result);
    // A barely-positive find among the large faces may be a suit's badge:
    // the finer levels settle it (a clear face there outranks it).
    if (!track_ && (!found_ || found_->confidence < kClearDetection)) {
        min_face_px = params_.search_min_face_px;
        submit_search(gray, frame_index, 0.0, min_face_px);
        take(worker_.wait(), result);
    }
    // Turned frames only for a face the upright search cannot find: one it
    // finds is fitted from its own box (upright_fit.h tries other rolls).
    for (const double roll : {turned, -turned}) {
        if (track_ || found_ || !rolled) break;
        submit_search(gray, frame_index, roll, min_face_px);
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

    // After a cut the face is anyone's: whoever is there is found afresh.
    if (result.scene_cut && track_) lose_track(frame.index, true);
    // A track, or one found, or a search; a face lost on this frame (or
    // at a cut) is searched for again on it, waiting for the detector even
    // live: a face that is there must not vanish for the detector's latency.
    bool lost_here = result.scene_cut;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!track_ && !found_) {
            const auto search_start = Clock::now();
            search(gray, frame.index, lost_here, result);
            if (lost_here) result.timings.confirm_ms += ms_since(search_start);
        }
        if (!track_ && found_) start_track(frame.index, result);
        if (!track_) break;
        result.face = track_frame(pyramid, frame, result);
        result.reseeded = result.timings.reseeded;
        if (result.face) break;
        lose_track(frame.index, false);
        clear_face(result);
        lost_here = true;
    }
    result.timings.total_ms = ms_since(start);
    return result;
}

}  // namespace hairline
