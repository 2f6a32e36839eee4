#include "app/cli/batch_progress.h"

#include <algorithm>
#include <filesystem>

#include "app/shared/errors.h"

namespace hairline::app {

std::string frame_progress(std::int64_t done, std::optional<std::int64_t> total) {
    char text[64];
    if (total) std::snprintf(text, sizeof text, "frame %lld of %lld", static_cast<long long>(done), static_cast<long long>(*total));
    else std::snprintf(text, sizeof text, "frame %lld", static_cast<long long>(done));
    return text;
}

BatchProgress::BatchProgress(std::int64_t total, std::FILE* out, bool terminal)
    : total_(total), out_(out), terminal_(terminal) {
    std::lock_guard lock(mutex_);
    if (terminal_) draw_bar_locked();
}

void BatchProgress::draw_bar_locked() {
    constexpr int kWidth = 30;
    const int filled = total_ > 0 ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(out_, "\r\033[K[%s%s] %lld/%lld  ok %lld  no face %lld  failed %lld  %.0f s",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), static_cast<long long>(done_),
                 static_cast<long long>(total_), static_cast<long long>(counts_.succeeded),
                 static_cast<long long>(counts_.no_face), static_cast<long long>(counts_.failed), seconds);
    // The videos under way, cut to keep the bar on one line.
    std::string running;
    for (const auto& [input, state] : videos_running_)
        running += "  " + std::filesystem::path(input).filename().string() + " " + state;
    if (running.size() > 60) running = running.substr(0, 57) + "...";
    std::fputs(running.c_str(), out_);
    std::fflush(out_);
}

void BatchProgress::video_frames(const RenderJob& job, std::int64_t done, std::optional<std::int64_t> total) {
    std::lock_guard lock(mutex_);
    const std::string state = frame_progress(done, total);
    if (terminal_) {
        videos_running_[job.input] = state;
        draw_bar_locked();
        return;
    }
    const std::int64_t step = total ? std::max<std::int64_t>(15, *total / 10) : 300;
    if (done % step < 15)  // called every 15 frames: one line per step
        std::fprintf(out_, "[%lld/%lld] %s: %s\n", static_cast<long long>(done_), static_cast<long long>(total_),
                     one_line(job.input).c_str(), state.c_str());
    std::fflush(out_);
}

void BatchProgress::report(const RenderJob& job, const JobOutcome& outcome) {
    std::lock_guard lock(mutex_);
    ++done_;
    videos_running_.erase(job.input);
    std::string line;
    switch (outcome.status) {
        case JobStatus::Ok:
            ++counts_.succeeded;
            if (!terminal_ || !outcome.notices.empty()) {
                char took[48];
                std::snprintf(took, sizeof took, " (%.1f s)", outcome.seconds);
                line = "ok: " + one_line(job.input) + " -> " + one_line(job.output.string()) + took;
                for (const auto& notice : outcome.notices) line += "; note: " + one_line(notice);
            }
            break;
        case JobStatus::NoFace:
            ++counts_.no_face;
            line = "no face: " + one_line(outcome.error ? outcome.error->message() : job.input);
            break;
        case JobStatus::Failed:
            ++counts_.failed;
            line = "failed: " + one_line(outcome.error ? outcome.error->message() : job.input);
            break;
    }
    if (terminal_) {
        if (!line.empty()) std::fprintf(out_, "\r\033[K%s\n", line.c_str());
        draw_bar_locked();
    } else {
        std::fprintf(out_, "[%lld/%lld] %s\n", static_cast<long long>(done_), static_cast<long long>(total_),
                     line.c_str());
        std::fflush(out_);
    }
}

void BatchProgress::report_failure(const Error& error) {
    std::lock_guard lock(mutex_);
    ++counts_.failed;
    std::fprintf(out_, "%sfailed: %s\n", terminal_ ? "\r\033[K" : "", one_line(error.message()).c_str());
    if (terminal_) draw_bar_locked();
}

BatchCounts BatchProgress::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

std::string BatchProgress::summary(std::int64_t ignored, int workers) {
    std::lock_guard lock(mutex_);
    if (terminal_) std::fprintf(out_, "\n");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    char text[256];
    std::snprintf(text, sizeof text, "%lld succeeded, %lld failed, %lld had no face (%lld inputs, %d workers, %.1f s)",
                  static_cast<long long>(counts_.succeeded), static_cast<long long>(counts_.failed),
                  static_cast<long long>(counts_.no_face), static_cast<long long>(total_), workers, seconds);
    std::string out = text;
    if (ignored > 0) out += "; " + std::to_string(ignored) + " other files ignored";
    return out;
}

}  // namespace hairline::app
