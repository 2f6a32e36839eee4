#pragma once
// The tracking side of the live app, on its own thread: it owns the frame
// source and the Tracker, and publishes each frame with what was tracked on
// it as one immutable TrackedFrame in a latest-value slot. The UI takes the
// newest each frame and never waits (late frames are dropped, and counted).
// A camera that stops is reopened every second; the last frame stays.

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/capture/frame_source.h"
#include "engine/design/design.h"
#include "engine/render/head_mask.h"
#include "engine/track/rigid_fit.h"
#include "engine/track/tracker.h"

namespace hairline::app {

struct TrackedFrame {
    std::uint64_t sequence = 0;
    Frame frame;           // owned pixels
    TrackResult result;    // landmarks, pose, fit for exactly this frame
    cv::Mat head_mask;     // where the image shows the head (CV_8UC1, frame size), or empty
};

struct WorkerStatus {
    std::string source;           // "camera 0", "demo", "video"
    bool camera_lost = false;     // reconnecting
    int reconnect_attempts = 0;
    double track_ms = 0;          // smoothed tracking time per frame
    double source_fps = 0;
    std::uint64_t frames = 0;
    std::string notice;           // shown once, e.g. "No camera found: showing the demo"
};

class TrackingWorker {
public:
    // `spec`: "cam:N", a file or "demo"; with `fall_back_to_demo`, a camera
    // that cannot be opened gives the demo (and a notice) instead of an error.
    TrackingWorker(std::shared_ptr<const LandmarkPredictor> predictor, std::string spec, bool fall_back_to_demo,
                   double ipd_mm, SourceOptions source_options = {});
    ~TrackingWorker();
    TrackingWorker(const TrackingWorker&) = delete;
    TrackingWorker& operator=(const TrackingWorker&) = delete;

    std::shared_ptr<const TrackedFrame> latest() const;
    WorkerStatus status() const;
    void set_ipd(double ipd_mm);  // the scale used for the tracked fit

private:
    void run();
    bool open_source();

    // The head mask (GrabCut, about 50 ms) is refreshed once a second on its
    // own task and carried to each frame by the face's 2D motion.
    void update_head_mask(TrackedFrame& tracked);

    std::shared_ptr<const LandmarkPredictor> predictor_;
    struct MaskJob {
        std::future<std::optional<HeadMask>> result;
        RigidPose2D face;  // of the frame it was computed on
    };
    std::optional<MaskJob> mask_job_;
    std::optional<std::pair<cv::Mat, RigidPose2D>> mask_;
    std::int64_t last_mask_frame_ = -1000;
    std::string spec_;
    SourceOptions source_options_;
    bool fall_back_to_demo_;
    std::unique_ptr<FrameSource> source_;
    std::unique_ptr<Tracker> tracker_;

    mutable std::mutex mutex_;
    std::shared_ptr<const TrackedFrame> latest_;
    WorkerStatus status_;
    std::atomic<double> ipd_mm_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace hairline::app
