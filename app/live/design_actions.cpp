#include "app/live/design_actions.h"

#include "engine/design/timeline.h"

namespace hairline::app {

void act_on_design(const PanelRequests& requests, LiveState& state) {
    if (requests.design_committed) commit_design(state, state.active);
    if (requests.other_design_committed) commit_design(state, 1 - state.active);
    if (requests.undo) undo_design(state);
    if (requests.redo) redo_design(state);
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
