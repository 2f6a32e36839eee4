#pragma once
// What `hairline render` shows while a batch runs: on a terminal a progress
// bar with counts (failures printed above it), otherwise one plain line per
// input. Thread-safe: workers report as they finish.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "app/cli/render_jobs.h"

namespace hairline::app {

struct BatchCounts {
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::int64_t no_face = 0;
};

// "frame 120 of 900" ("frame 120" when the container gives no count).
std::string frame_progress(std::int64_t done, std::optional<std::int64_t> total);

class BatchProgress {
public:
    BatchProgress(std::int64_t total, std::FILE* out, bool terminal);
    void report(const RenderJob& job, const JobOutcome& outcome);
    void report_failure(const Error& error);  // an input that never became a job
    // A video in the batch has done `done` of `total` frames: on a terminal the
    // bar names it; otherwise a line every 10% of it (at most every 15 frames;
// every 300 without a total).
    void video_frames(const RenderJob& job, std::int64_t done, std::optional<std::int64_t> total);
    BatchCounts counts() const;
    // Ends the bar; the one-line summary.
    std::string summary(std::int64_t ignored, int workers);

private:
    void draw_bar_locked();
    mutable std::mutex mutex_;
    std::int64_t total_;
    std::int64_t done_ = 0;
    std::map<std::string, std::string> videos_running_;  // input -> "frame N of T"
    BatchCounts counts_;
    std::FILE* out_;
    bool terminal_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace hairline::app
