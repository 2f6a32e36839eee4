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
// The tracker keeps the face it has (it only looks around that face to
// confirm it) and reports it lost when the box leaves the frame or the
// detector stops confirming it; then it searches the whole frame again.
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
    int verify_miss_limit = 3;           // consecutive misses before "lost"
    int verify_interval_frames = 2;      // confirm the face on every n-th frame
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
    std::optional<TrackedFace> face;
    bool acquired = false;  // the detector (re)started tracking on this frame
    bool reseeded = false;  // the detector moved the box back onto a drifting track
    TrackTimings timings;
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
        Track(std::int64_t first, const TrackerParams& params, const FaceBox& seed)
            : first_frame(first),
              smoother(params.smoothing),
              angle_filters{OneEuroFilter(params.pose_smoothing), OneEuroFilter(params.pose_smoothing),
                            OneEuroFilter(params.pose_smoothing)},
              last_box(seed) {}
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
    };

    void handle_detection(const DetectionResult& result);
    void submit_search(const cv::Mat& gray, std::int64_t frame_index);
    void submit_verify(const cv::Mat& gray, const Landmarks& landmarks, std::int64_t frame_index);
    std::optional<TrackedFace> track_frame(GrayPyramid& frame_pyramid, const Frame& frame, TrackTimings& timings);

    std::shared_ptr<const LandmarkPredictor> predictor_;
    TrackerParams params_;
    double ipd_mm_ = 63.0;
    DetectorWorker worker_;
    std::optional<Track> track_;
    std::optional<FaceBox> found_;  // a search result waiting to start a track
};

}  // namespace hairline
