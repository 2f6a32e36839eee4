#pragma once
// Runs dlib's HOG face detector on its own thread, off the per-frame path.
// One job at a time: the tracker submits a small image (a downscaled frame to
// find a face, or a deskewed crop around the tracked face to confirm it) and
// picks the result up on a later frame. The worker owns its thread (the
// destructor stops and joins it) and its own detector; images are copies,
// never views into the caller's frames.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/matx.hpp>

#include "engine/track/face_detector.h"

namespace hairline {

enum class DetectionKind { Acquire, Verify };

struct DetectionJob {
    DetectionKind kind = DetectionKind::Acquire;
    std::int64_t frame_index = 0;
    cv::Mat gray;                    // owned copy, CV_8UC1
    double scale = 1.0;              // searched resized by this (on the worker: a whole frame is copied, not resized, by the caller)
    cv::Matx23d to_frame{1, 0, 0, 0, 1, 0};  // job image (before `scale`) -> frame pixels
    FaceBox expected;                // Verify: where the face should be, in job pixels
    double roll_rad = 0.0;           // the frame was turned by -roll_rad to make this image
};

struct DetectionResult {
    DetectionKind kind = DetectionKind::Acquire;
    std::int64_t frame_index = 0;
    std::vector<DetectedFace> faces;  // in job pixels
    cv::Matx23d to_frame{1, 0, 0, 0, 1, 0};
    FaceBox expected;
    double roll_rad = 0.0;
    double detect_ms = 0.0;
};

class DetectorWorker {
public:
    DetectorWorker();
    ~DetectorWorker();
    DetectorWorker(const DetectorWorker&) = delete;
    DetectorWorker& operator=(const DetectorWorker&) = delete;

    // ensures: false (job dropped) when a job is already queued or running
    bool submit(DetectionJob job);
    // Blocks until the detector is built (it takes about 0.4 s on start).
    void wait_until_ready() const;
    bool idle() const;
    std::optional<DetectionResult> poll();
    // Blocks until the pending job (if any) has a result.
    std::optional<DetectionResult> wait();
    std::optional<std::int64_t> pending_frame() const;  // frame index of the job in flight

private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    mutable std::condition_variable done_;
    std::optional<DetectionJob> job_;
    std::optional<DetectionResult> result_;
    std::optional<std::int64_t> in_flight_;
    bool ready_ = false;
    bool stop_ = false;
    std::thread thread_;
};

// A box given in a job's pixels, mapped to the frame (centre and size; the
// small rotation of a deskewed crop is dropped, as the predictor wants an
// upright box).
FaceBox box_to_frame(const FaceBox& box, const cv::Matx23d& to_frame);

}  // namespace hairline
