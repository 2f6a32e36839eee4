#pragma once
// The play-through of a treatment: the same design after each session as
// the dots heal (day 0 to 30), then fading over five years. Pure: the live
// app shows timeline_frame(design, t) for t in [0, kTimelineSeconds).

#include "engine/design/design.h"

namespace hairline {

inline constexpr double kTimelineSeconds = 12.0;  // 3 s per session, 3 s of fading

// ensures: `design` with sessions, days_since_session and fade_years set for
//          the moment t_s of the play-through (clamped to its ends).
Design timeline_frame(const Design& design, double t_s);

}  // namespace hairline
