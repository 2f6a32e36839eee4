#include "engine/design/timeline.h"

#include <algorithm>
#include <cmath>

namespace hairline {

Design timeline_frame(const Design& design, double t_s) {
    constexpr double kStep = kTimelineSeconds / 4.0;
    const double t = std::clamp(t_s, 0.0, kTimelineSeconds);
    Design d = design;
    const int phase = std::min(3, static_cast<int>(t / kStep));
    const double within = std::clamp((t - phase * kStep) / kStep, 0.0, 1.0);
    if (phase < 3) {  // session 1, 2, 3: healing from the day of the session to a month
        d.sessions = phase + 1;
        d.days_since_session = std::round(30.0 * within);
        d.fade_years = 0.0;
    } else {  // after the last session: the years
        d.sessions = 3;
        d.days_since_session = 30.0;
        d.fade_years = std::round(50.0 * within) / 10.0;
    }
    return d;
}

}  // namespace hairline
