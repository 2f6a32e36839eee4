#include "app/live/design_actions.h"

#include "engine/design/timeline.h"

namespace hairline::app {

void act_on_design(const PanelRequests& requests, LiveState& state) {
    if (requests.design_committed) state.history.commit(state.design());
    if (requests.undo && state.history.can_undo()) state.design() = state.history.undo();
    if (requests.redo && state.history.can_redo()) state.design() = state.history.redo();
}

bool run_timeline(const PanelRequests& requests, LiveState& state, double now_s) {
    if (requests.play_timeline) {
        if (state.timeline_start_s) {
            state.design() = state.timeline_base;
            state.timeline_start_s.reset();
        } else {
            state.timeline_base = state.design();
            state.timeline_start_s = now_s;
        }
    }
    if (!state.timeline_start_s) return false;
    const double t = now_s - *state.timeline_start_s;
    if (t >= kTimelineSeconds) {
        state.design() = state.timeline_base;
        state.timeline_start_s.reset();
        return false;
    }
    state.design() = timeline_frame(state.timeline_base, t);
    return true;
}

}  // namespace hairline::app
