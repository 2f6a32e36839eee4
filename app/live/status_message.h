#pragma once
// The status line's message: the last action's result, shown for a while.

#include <string>
#include <utility>

#include "app/live/live_state.h"

namespace hairline::app {

inline void say(LiveState& state, std::string message, double now_s) {
    state.message = std::move(message);
    state.message_until_s = now_s + 6.0;
}

}  // namespace hairline::app
