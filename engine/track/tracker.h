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
// Verified every frame (face_check.h): the inner face against the track's
// own template, a scene-cut test on the frame, the head's turn, and the
// detector's confirmation on a small crop (every frame the worker is free).
// A face that is gone (a cut, the wall where it was) is dropped on that
// frame and searched for again at once; one that is covered or turned too
// far is held at its last good fit with a falling confidence, for at most
// hold_frames, so the preview fades instead of drawing on a bad fit.
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
    // A face of about this size (px) or larger is found by the first search;
    // the frame is shrunk so it reaches the detector's 80 px window.
    double search_min_face_px = 110.0;
    double search_max_width_px = 960.0;
    // Confirmation crops show the tracked face at about this size (px).
    double verify_face_px = 90.0;
    double verify_crop_faces = 1.8;      // crop side in face sizes
    int verify_miss_limit = 2;           // consecutive misses before "lost"
    int verify_interval_frames = 1;      // confirm the face on every n-th frame (when the worker is free)
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
    // template): below `gone` the face is not there; up to `sure` the
    // confidence rises from 0 to 1.
    double gone_similarity = 0.35;
    double sure_similarity = 0.9;
    // A frame whose thumbnail correlates below this with the last one is a
    // cut; on a cut the face must still look like itself (cut_face_similarity).
    double cut_similarity = 0.6;
    double cut_face_similarity = 0.6;
    // Brows, eyes and nose moved against the last good fit (shape_change, IODs):
    // confidence falls from 1 at `still` to 0 at `bent`.
    double still_shape_change = 0.025;
    double bent_shape_change = 0.06;
    double template_rate = 0.02;    // how fast the template follows the face, per confident frame
    double template_similarity = 0.95;  // only a face this like its template (and confirmed) updates it
    int hold_frames = 12;           // a covered or turned face is held at most this long (0.4 s at 30 fps)
    int shown_held_frames = 2;      // ... and shown (confidence >= show) for at most this many of them
    double show_confidence = 0.5;   // below this the face is reported as not (reliably) there
    double trust_landmarks = 0.75;  // below this appearance confidence the last good fit is held
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
    std::optional<TrackedFace> face;  // also while held (the last good fit)
    double confidence = 0.0;  // 0..1: how sure the tracker is that `face` is right on this frame
    std::int64_t face_id = 0; // 1, 2, ... one per tracked person; 0 without a face
    bool held = false;        // `face` is the last good fit, held while the face is covered or turned
    bool acquired = false;    // the detector (re)started tracking on this frame
    bool reseeded = false;    // the detector moved the box back onto a drifting track
    bool scene_cut = false;   // the frame is unlike the one before
    TrackTimings timings;
    // A face the preview can trust: present and confident enough (a held
    // fit too, while its confidence lasts).
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
        GrayPyramid last_frame;         // for optical flow into the next frame
        Landmarks last_raw{};
        // From a drift check: how far the detector says the box is off
        // (frame pixels, and a size ratio), applied to the next box.
        std::optional<std::pair<glm::dvec2, double>> reseed;
        int misses = 0;
        std::int64_t last_verify_frame = -1000;
        double last_t_ms = 0;
        cv::Mat appearance;                  // the inner face's template (face_check.h), followed slowly
        cv::Mat first_appearance;            // ... and as the detector first found it
        std::optional<Landmarks> shape_reference;  // the face's shape when last seen clearly
        std::optional<TrackedFace> last_good;
        int held_frames = 0;
        std::int64_t face_id = 0;
        std::optional<std::int64_t> returning_id;  // the lost face's id, if this looks like it
        cv::Mat returning_appearance, returning_first;
        double returning_similarity = 1.0;
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
    void submit_search(const cv::Mat& gray, std::int64_t frame_index, double roll_rad);
    void submit_verify(const cv::Mat& gray, const Landmarks& landmarks, std::int64_t frame_index);
    // Searches (offline: waits for the result); tries turned frames too where asked.
    void search(const cv::Mat& gray, std::int64_t frame_index, TrackResult& result);
    void start_track(std::int64_t frame_index, TrackResult& result);
    std::optional<TrackedFace> track_frame(GrayPyramid& frame_pyramid, const Frame& frame, bool cut, TrackResult& result);
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
