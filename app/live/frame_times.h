#pragma once
// The live app's frame-time record: a bounded ring of the last frames drawn
// (when, and how long the main thread worked on each), for the status bar
// and the figures printed at exit. Memory stays fixed however long it runs.

#include <cstddef>
#include <vector>

namespace hairline::app {

class FrameTimes {
public:
    static constexpr std::size_t kCapacity = 4096;  // about 2 minutes at 30 fps

    void add(double at_s, double work_ms);
    std::size_t total() const { return total_; }  // frames drawn since start
    // Frames per second over the last `n` frames (of those kept).
    double fps(double now_s, std::size_t n) const;
    // The 95th percentile of the work per frame over the last `n` frames.
    double p95_ms(std::size_t n) const;

private:
    struct Entry {
        double at_s;
        double work_ms;
    };
    const Entry& back(std::size_t k) const;  // k = 0: the newest
    std::vector<Entry> ring_;
    std::size_t next_ = 0;
    std::size_t total_ = 0;
};

}  // namespace hairline::app
