#pragma once
// The tracking side of the live app, on its own thread: it owns the frame
// source and the engine's FramePipeline (the tracker and the stream's
// preview session: skin tone, head mask and dot field, with the live refresh
// rules, as files have them in `render`), and publishes each frame with
// what was found on it as one immutable TrackedFrame in a latest-value slot.
// The UI takes the newest each frame and never waits (late frames are
// dropped). A camera that stops is reopened every second; the last frame stays.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/capture/frame_source.h"
#include "engine/preview/frame_pipeline.h"

namespace hairline::app {

struct TrackedFrame {
    std::uint64_t sequence = 0;
    Frame frame;           // owned pixels
    TrackResult result;    // landmarks, pose, fit for exactly this frame
    FrameFacts facts;      // what any design needs on this frame (shares frame's pixels)
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
    // What the design being edited says about tracking: the scale (IPD) and
    // the dot layout (seed). Read by the worker on its next frame.
    void set_design_inputs(double ipd_mm, std::uint32_t seed);

private:
    void run();
    bool open_source();

    std::shared_ptr<const LandmarkPredictor> predictor_;
    std::string spec_;
    SourceOptions source_options_;
    bool fall_back_to_demo_;
    std::unique_ptr<FrameSource> source_;
    std::unique_ptr<FramePipeline> pipeline_;  // the tracker and the stream's preview session

    mutable std::mutex mutex_;
    std::shared_ptr<const TrackedFrame> latest_;
    WorkerStatus status_;
    std::atomic<double> ipd_mm_;
    std::atomic<std::uint32_t> seed_{1};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace hairline::app
