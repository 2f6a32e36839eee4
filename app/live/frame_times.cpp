#include "app/live/frame_times.h"

#include <algorithm>

namespace hairline::app {

void FrameTimes::add(double at_s, double work_ms) {
    if (ring_.size() < kCapacity) ring_.push_back({at_s, work_ms});
    else ring_[next_] = {at_s, work_ms};
    next_ = (next_ + 1) % kCapacity;
    ++total_;
}

const FrameTimes::Entry& FrameTimes::back(std::size_t k) const {
    return ring_[(next_ + kCapacity - 1 - k) % kCapacity];
}

double FrameTimes::fps(double now_s, std::size_t n) const {
    n = std::min(n, ring_.size());
    if (n == 0) return 0.0;
    return static_cast<double>(n) / std::max(now_s - back(n - 1).at_s, 1e-3);
}

void FrameTimes::add_stages(const FrameStages& frame) {
    const double k = total_ <= 1 ? 1.0 : 0.05;  // the first frame as it is, then smoothed
    auto blend = [k](double& kept, double now) { kept += k * (now - kept); };
    blend(stages_.results_ms, frame.results_ms);
    blend(stages_.scene_ms, frame.scene_ms);
    blend(stages_.draw_ms, frame.draw_ms);
    blend(stages_.present_ms, frame.present_ms);
}

double FrameTimes::p95_ms(std::size_t n) const {
    n = std::min(n, ring_.size());
    if (n == 0) return 0.0;
    std::vector<double> work;
    work.reserve(n);
    for (std::size_t k = 0; k < n; ++k) work.push_back(back(k).work_ms);
    std::sort(work.begin(), work.end());
    return work[static_cast<std::size_t>(0.95 * static_cast<double>(n - 1) + 0.5)];
}

}  // namespace hairline::app
