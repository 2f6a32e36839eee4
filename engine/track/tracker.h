#pragma once
// Real-time face tracking: frame -> face -> landmarks -> pose and fit. What
// is drawn on the fit (the design, the hairline) is the preview's business
// (engine/preview); the tracker needs only the client's IPD, for the scale.
//
// Between frames the box is carried along by optical flow of the face's rigid
// points (fast moves), with the smoothed motion as a fallback.
// Not naive: the HOG detector (tens of ms on a 720p frame) runs on a worker
// thread, on a downscaled frame or a small crop, and only to find a face or
// to confirm the one being tracked. Every frame, the landmark predictor runs
// inside a box re-derived from the previous landmarks with the detector's
// own box geometry (box_from_landmarks), moved on by the head's velocity.
//
// Checked every frame (face_check.h): the inner face against the track's
// own template, its brows, eyes and nose against their shape when last
// confirmed, a scene-cut test on the frame, the head's turn, and routine
// detector checks on a small crop (every frame the worker is free). None of
// these hides a face by itself: a talking, laughing, turning face changes
// all of them. They raise a doubt, and a doubt is settled on the same frame
// by the detector on a larger crop around the face: confirmed, the face is
// fitted again from the detector's box and shown; not confirmed, it is lost
// and the whole frame searched at once. A scene cut drops the track and
// searches the frame it falls on (the next face is anyone's).
// After a loss without a cut, only a face near the lost one and of similar
// size is taken for identity_frames (the client stays in the chair; the
// person walking behind does not take the overlay). face_id changes when
// the tracked person changes. Searches also look at the frame turned by
// +-rolled_search_deg in the first frames (a tilted head from the start).
//
// threads: process() from one thread; the tracker owns its detector thread.

#include <cstdint>
#include <memory>
#include <array>
#include <optional>

#include "engine/capture/frame_source.h"
#include "engine/track/detector_worker.h"
#include "engine/track/face_fit.h"
#include "engine/track/gray_pyramid.h"
#include "engine/track/landmark_predictor.h"
#include "engine/track/landmark_smoother.h"
#include "engine/track/one_euro.h"

namespace hairline {

struct TrackerParams {
    SmootherParams smoothing{};
    // Head pose (yaw, pitch, roll in radians) from PnP is smoothed once more:
    // the hairline sits 20-30 mm behind the face plane, so 0.2 degrees of
    // pose noise already moves it by 0.1% of the IOD.
    OneEuroParams pose_smoothing{0.3, 10.0, 1.0};
    // A face of about this size (px) or larger is found by a search (a face
    // 40 px between the eyes, the smallest the preview is for, is about 88
    // px wide); the frame is searched at the reference scale (face_detector.h)
    // that brings such a face to the detector's 80 px window, and at most
    // this wide.
    double search_min_face_px = 85.0;
    double search_first_face_px = 170.0;  // files: a search looks for faces this large first (a fraction of the cost)
    double search_max_width_px = 1280.0;
    // Checks look at a crop around the face at the reference scale that
    // brings it to at most this size (px): the levels of dlib's own search
    // where this face can be found.
    double verify_face_px = 100.0;
    double verify_crop_faces = 1.8;      // crop side in face sizes
    int verify_interval_frames = 1;      // confirm the face on every n-th frame (when the worker is free); a miss raises a doubt
    double max_outside_fraction = 0.25;  // of the box area outside the frame: lost at once
    double drift_iou = 0.45;             // detector box overlap below this: re-seed the box
    // The predictor's box only moves when the face has moved this much (in
    // box sizes). The box is derived from the landmarks it produces; without
    // a dead band that loop wanders by itself even on identical frames.
    double box_dead_band = 0.02;
    bool mirror_average = true;  // predict the mirrored face too (see LandmarkPredictor)
    // Offline input (files): wait for the detector rather than run ahead of
    // it, so results do not depend on machine speed. Live input never waits.
    bool wait_for_detector = false;
    int max_detection_lag_frames = 3;
    int max_verify_lag_frames = 1;  // offline: a confirmation is waited for when older than this
    // Appearance (normalised correlation of the inner face with the track's
    // template): confidence rises from 0 at `gone` to 1 at `sure`.
    double gone_similarity = 0.35;
    double sure_similarity = 0.9;
    // A frame whose thumbnail correlates below this with the last one is a
    // cut: whoever is there now is found afresh on that frame.
    double cut_similarity = 0.6;
    // Brows, eyes and nose moved against their shape when last confirmed
    // (shape_change, IODs): confidence falls from 1 at `still` to 0 at `bent`.
    double still_shape_change = 0.025;
    double bent_shape_change = 0.06;
    // The checks above only raise a doubt; a doubt is settled by the
    // detector on that frame, on a crop as a routine check's. A face the detector confirms is
    // shown; one it does not is searched for in the whole frame at once.
    double doubt_similarity = 0.7;
    double doubt_shape_change = 0.04;
    double doubt_yaw_deg = 30.0;    // past this the frontal model's fit is doubted every frame
    double confirm_iou = 0.3;       // a detection overlapping the tracked box this much is the face
    double template_rate = 0.02;    // how fast the template follows the face, per confident frame
    double template_similarity = 0.95;  // only a face this like its template (and confirmed) updates it
    double show_confidence = 0.5;   // below this the face is reported as not (reliably) there
    // A face the detector confirmed on this frame is shown at least this
    // sure, however it has changed (a laugh, a turn, a hand before it).
    double confirmed_confidence = 0.6;
    int identity_frames = 30;       // after a loss, only the lost face is taken back for this long
    double same_face_similarity = 0.5;  // a face taken back keeps its face_id when it looks like this
    double same_face_elsewhere = 0.8;   // ... or, found elsewhere in the frame, like this
    int rolled_search_frames = 30;  // frames from the start in which searches also try turned frames
    double rolled_search_deg = 40.0;
};

struct TrackTimings {
    double total_ms = 0;    // the whole process() call on the caller's thread
    double predict_ms = 0;  // landmark predictor
    double fit_ms = 0;      // smoothing, pose and fit
    double wait_ms = 0;     // time spent waiting for the detector (offline only)
    double confirm_ms = 0;  // the detector run on this frame to settle a doubt or search again (waited for)
    double detect_ms = 0;   // the detector job that finished during this frame (worker thread)
    bool reseeded = false;
};

struct TrackedFace {
    Landmarks landmarks{};      // filtered
    Landmarks raw_landmarks{};  // as predicted this frame
    FaceBox box;                // where the predictor looked
    FaceFit fit;                // from the filtered landmarks (camera: video_intrinsics)
};

struct TrackResult {
    std::int64_t frame_index = 0;
    double t_ms = 0;
    std::optional<TrackedFace> face;
    double confidence = 0.0;  // 0..1: how sure the tracker is that `face` is right on this frame
    std::int64_t face_id = 0; // 1, 2, ... one per tracked person; 0 without a face
    bool confirmed = false;   // the detector confirmed the face on this very frame (a doubt settled)
    bool acquired = false;    // the detector (re)started tracking on this frame
    bool reseeded = false;    // the detector moved the box back onto a drifting track
    bool scene_cut = false;   // the frame is unlike the one before
    TrackTimings timings;
    // A face the preview can trust: present and confident enough.
    bool face_shown(double show_confidence = 0.5) const {
        return face.has_value() && confidence >= show_confidence;
    }
};

class Tracker {
public:
    Tracker(std::shared_ptr<const LandmarkPredictor> predictor, TrackerParams params = {});

    // The client's interpupillary distance: the fit's real-world scale.
    void set_ipd_mm(double ipd_mm) { ipd_mm_ = ipd_mm; }

    // requires: frames in time order (t_ms increasing)
    TrackResult process(const Frame& frame);

    // Blocks until the detector thread has finished starting (0.4 s); for
    // benchmarks, so start-up is not counted as per-frame time.
    void wait_until_ready() const { worker_.wait_until_ready(); }

private:
    struct Track {
        Track(std::int64_t first, const TrackerParams& params, const FaceBox& seed, double roll)
            : first_frame(first),
              smoother(params.smoothing),
              angle_filters{OneEuroFilter(params.pose_smoothing), OneEuroFilter(params.pose_smoothing),
                            OneEuroFilter(params.pose_smoothing)},
              last_box(seed),
              last_roll(roll) {}
        std::int64_t first_frame = 0;  // detector results from before this are stale
        LandmarkSmoother smoother;
        std::optional<HeadPose> pose;          // as solved (seeds the next solve)
        std::array<OneEuroFilter, 3> angle_filters;  // yaw, pitch, roll
        HeadShape head;
        FaceAnchors anchors;
        FaceBox last_box;
        double last_roll = 0.0;
        double last_yaw_deg = 0.0;
        GrayPyramid last_frame;         // for optical flow into the next frame
        Landmarks last_raw{};
        // From a drift check: how far the detector says the box is off
        // (frame pixels, and a size ratio), applied to the next box.
        std::optional<std::pair<glm::dvec2, double>> reseed;
        int misses = 0;                 // routine checks in a row that did not find the face
        std::int64_t last_verify_frame = -1000;
        double last_t_ms = 0;
        cv::Mat appearance;                  // the inner face's template (face_check.h), followed slowly
        cv::Mat first_appearance;            // ... and as the detector first found it
        std::optional<Landmarks> shape_reference;  // the face's shape when last seen clearly
        std::int64_t face_id = 0;
        std::optional<std::int64_t> returning_id;  // the lost face's id, if this looks like it
        cv::Mat returning_appearance, returning_first;
        double returning_similarity = 1.0;
    };
    // What the per-frame checks make of the face the predictor drew.
    struct Checks {
        cv::Mat patch;            // the inner face (face_patch); empty when partly out of the frame
        double similarity = 1.0;  // to the template, as first found or as it has become
        double bent = 0.0;        // shape_change against the reference
        bool comparable = false;  // a template and a patch to compare
    };
    struct Found {
        FaceBox box;
        double roll_rad = 0.0;
        bool returning = false;  // near the lost face, like it
        double confidence = 0.0; // the detector's
    };
    struct Lost {
        FaceBox box;
        cv::Mat appearance, first_appearance;
        std::int64_t face_id = 0;
        std::int64_t frame = 0;
        bool cut = false;  // lost to a scene cut: the next face is anyone's
    };

    void handle_detection(const DetectionResult& result);
    void submit_search(const cv::Mat& gray, std::int64_t frame_index, double roll_rad, double min_face_px);
    void submit_verify(const cv::Mat& gray, const Landmarks& landmarks, std::int64_t frame_index);
    // Searches (offline, or `now`: waits for the result); tries turned frames too where asked.
    void search(const cv::Mat& gray, std::int64_t frame_index, bool now, TrackResult& result);
    void start_track(std::int64_t frame_index, TrackResult& result);
    std::optional<TrackedFace> track_frame(GrayPyramid& frame_pyramid, const Frame& frame, TrackResult& result);
    // The steps of track_frame.
    void locate(Track& t, GrayPyramid& pyramid, double dt_s, FaceBox& box, double& roll) const;
    Checks check(Track& t, GrayPyramid& pyramid, const Landmarks& raw) const;
    bool doubtful(const Track& t, const Checks& checks) const;
    // The detector on a crop around the face on this frame: started (on its
    // thread), then waited for: its box, or nullopt.
    void start_check(const cv::Mat& gray, const FaceBox& box, double roll, TrackResult& result);
    std::optional<FaceBox> finish_check(TrackResult& result);
    void assign_identity(Track& t, const cv::Mat& patch);
    bool fit(Track& t, const cv::Mat& gray, double dt_s, bool first, TrackedFace& face) const;
    void follow_appearance(Track& t, const Checks& checks, const Landmarks& raw) const;
    void lose_track(std::int64_t frame_index, bool cut);
    void take(std::optional<DetectionResult> detection, TrackResult& result);

    std::shared_ptr<const LandmarkPredictor> predictor_;
    TrackerParams params_;
    double ipd_mm_ = 63.0;
    DetectorWorker worker_;
    std::optional<Track> track_;
    std::optional<Found> found_;  // a search result waiting to start a track
    std::optional<Lost> lost_;
    cv::Mat last_thumbnail_;
    std::int64_t next_face_id_ = 1;
    int search_turn_ = 0;         // live: which turn the next search tries (0, +, -)
};

}  // namespace hairline
