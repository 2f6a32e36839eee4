#include "app/live/tracking_worker.h"

#include <chrono>
#include <cmath>


namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TrackingWorker::TrackingWorker(std::shared_ptr<const LandmarkPredictor> predictor, std::string spec,
                               bool fall_back_to_demo, double ipd_mm, SourceOptions source_options)
    : predictor_(std::move(predictor)),
      spec_(std::move(spec)),
      source_options_(std::move(source_options)),
      fall_back_to_demo_(fall_back_to_demo),
      ipd_mm_(ipd_mm) {
    thread_ = std::thread([this] { run(); });
}

TrackingWorker::~TrackingWorker() {
    stop_ = true;
    thread_.join();
}

std::shared_ptr<const TrackedFrame> TrackingWorker::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

WorkerStatus TrackingWorker::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void TrackingWorker::set_design_inputs(double ipd_mm, std::uint32_t seed) {
    ipd_mm_ = ipd_mm;
    seed_ = seed;
}

bool TrackingWorker::open_source() {
    auto source = open_frame_source(spec_, source_options_);
    if (!source && fall_back_to_demo_ && spec_.rfind("cam:", 0) == 0) {
        std::lock_guard lock(mutex_);
        status_.notice = source.error().message() + " - showing the demo instead";
        spec_ = "demo";
        fall_back_to_demo_ = false;
        source = open_frame_source(spec_, source_options_);
    }
    if (!source) {
        std::lock_guard lock(mutex_);
        if (status_.notice.empty()) status_.notice = source.error().message();
        return false;
    }
    source_ = std::move(*source);
    std::lock_guard lock(mutex_);
    status_.source = source_->description();
    status_.source_fps = source_->nominal_fps();
    return true;
}

void TrackingWorker::run() {
    TrackerParams params;
    params.wait_for_detector = false;  // live: never wait on the detector
    pipeline_ = std::make_unique<FramePipeline>(predictor_, params, StreamKind::Live);
    std::uint64_t sequence = 0;
    auto paced_start = Clock::now();
    std::int64_t paced_index = 0;
    while (!stop_) {
        if (!source_ && !open_source()) {
            {
                std::lock_guard lock(mutex_);
                ++status_.reconnect_attempts;
            }
            for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        auto next = source_->next();
        if (!next || !next->has_value()) {
            const bool camera = spec_.rfind("cam:", 0) == 0;
            source_.reset();
            if (camera) {
                std::lock_guard lock(mutex_);
                status_.camera_lost = true;
            }
            // A file that ended starts again; the demo never ends.
            paced_start = Clock::now();
            paced_index = 0;
            continue;
        }
        Frame frame = std::move(**next);
        // Files and the demo are played at their own frame rate, as a camera would deliver them.
        if (!source_->live() || spec_ == "demo") {
            const auto due = paced_start + std::chrono::duration<double>(paced_index / source_->nominal_fps());
            ++paced_index;
            std::this_thread::sleep_until(std::chrono::time_point_cast<Clock::duration>(due));
        }
        auto tracked = std::make_shared<TrackedFrame>();
        tracked->sequence = ++sequence;
        auto [result, facts] = pipeline_->process(frame, ipd_mm_, seed_);
        tracked->result = std::move(result);
        tracked->facts = std::move(facts);
        tracked->frame = std::move(frame);
        std::lock_guard lock(mutex_);
        status_.camera_lost = false;
        status_.frames = sequence;
        status_.track_ms = 0.9 * status_.track_ms + 0.1 * tracked->result.timings.total_ms;
        latest_ = std::move(tracked);
    }
}

}  // namespace hairline::app
