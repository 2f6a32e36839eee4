#pragma once
// The live app's frame-time record: a bounded ring of the last frames drawn
// (when, and how long the main thread worked on each), for the status bar
// and the figures printed at exit, and what each stage of a frame costs.
// Memory stays fixed however long it runs.

#include <cstddef>
#include <vector>

namespace hairline::app {

// The main thread's work on one frame, by stage (ms).
struct FrameStages {
    double results_ms = 0;  // what the workers posted back, applied
    double scene_ms = 0;    // the design placed on the frame, the frame's facts, the records' folder
    double draw_ms = 0;     // the preview rendered, the panels built, the requests acted on
    double present_ms = 0;  // ImGui rendered, the swap, the client's window
};

class FrameTimes {
public:
    static constexpr std::size_t kCapacity = 4096;  // about 2 minutes at 30 fps

    void add(double at_s, double work_ms);
    std::size_t total() const { return total_; }  // frames drawn since start
    // Frames per second over the last `n` frames (of those kept).
    double fps(double now_s, std::size_t n) const;
    // The 95th percentile of the work per frame over the last `n` frames.
    double p95_ms(std::size_t n) const;
    // Each stage, smoothed over about the last 20 frames.
    void add_stages(const FrameStages& frame);
    const FrameStages& stages() const { return stages_; }

private:
    struct Entry {
        double at_s;
        double work_ms;
    };
    const Entry& back(std::size_t k) const;  // k = 0: the newest
    std::vector<Entry> ring_;
    std::size_t next_ = 0;
    std::size_t total_ = 0;
    FrameStages stages_;
};

}  // namespace hairline::app
