#include "engine/track/detector_worker.h"

#include <chrono>
#include <cmath>

namespace hairline {

DetectorWorker::DetectorWorker() : thread_([this] { run(); }) {}

DetectorWorker::~DetectorWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

bool DetectorWorker::submit(DetectionJob job) {
    {
        std::lock_guard lock(mutex_);
        if (job_ || in_flight_) return false;
        in_flight_ = job.frame_index;
        job_ = std::move(job);
    }
    wake_.notify_one();
    return true;
}

void DetectorWorker::wait_until_ready() const {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return ready_; });
}

bool DetectorWorker::idle() const {
    std::lock_guard lock(mutex_);
    return !in_flight_;
}

std::optional<std::int64_t> DetectorWorker::pending_frame() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

std::optional<DetectionResult> DetectorWorker::poll() {
    std::lock_guard lock(mutex_);
    std::optional<DetectionResult> out;
    std::swap(out, result_);
    return out;
}

std::optional<DetectionResult> DetectorWorker::wait() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return result_.has_value() || !in_flight_; });
    std::optional<DetectionResult> out;
    std::swap(out, result_);
    return out;
}

void DetectorWorker::run() {
    // The detector is built here so its 0.4 s start-up is off the caller's thread.
    const FaceDetector detector;
    {
        std::lock_guard lock(mutex_);
        ready_ = true;
    }
    done_.notify_all();
    for (;;) {
        DetectionJob job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || job_.has_value(); });
            if (stop_) return;
            job = std::move(*job_);
            job_.reset();
        }
        const auto start = std::chrono::steady_clock::now();
        DetectionResult result;
        result.kind = job.kind;
        result.frame_index = job.frame_index;
        result.to_frame = job.to_frame;
        result.expected = job.expected;
        result.roll_rad = job.roll_rad;
        result.faces = detector.detect(job.gray, job.scale);
        result.detect_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        {
            std::lock_guard lock(mutex_);
            result_ = std::move(result);
            in_flight_.reset();
        }
        done_.notify_all();
    }
}

FaceBox box_to_frame(const FaceBox& box, const cv::Matx23d& m) {
    const glm::dvec2 c = box.center();
    const double x = m(0, 0) * c.x + m(0, 1) * c.y + m(0, 2);
    const double y = m(1, 0) * c.x + m(1, 1) * c.y + m(1, 2);
    const double scale = std::sqrt(std::abs(m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0)));
    const double w = box.width * scale, h = box.height * scale;
    return {x - 0.5 * w, y - 0.5 * h, w, h};
}

}  // namespace hairline
