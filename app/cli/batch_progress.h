#pragma once
// What `hairline render` shows while a batch runs: on a terminal a progress
// bar with counts (failures printed above it), otherwise one plain line per
// input. Thread-safe: workers report as they finish.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "app/cli/render_jobs.h"

namespace hairline::app {

struct BatchCounts {
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::int64_t no_face = 0;
};

class BatchProgress {
public:
    BatchProgress(std::int64_t total, std::FILE* out, bool terminal);
    void report(const RenderJob& job, const JobOutcome& outcome);
    void report_failure(const Error& error);  // an input that never became a job
    BatchCounts counts() const;
    // Ends the bar; the one-line summary.
    std::string summary(std::int64_t ignored, int workers);

private:
    void draw_bar_locked();
    mutable std::mutex mutex_;
    std::int64_t total_;
    std::int64_t done_ = 0;
    BatchCounts counts_;
    std::FILE* out_;
    bool terminal_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace hairline::app
