#pragma once
// What the panels and keys ask of the design being edited: record a finished
// edit, undo, redo, and the Timeline's play-through of sessions and years.
// Main thread; no disk (restoring a snapshot's design is records.h's).

#include "app/live/live_state.h"
#include "app/live/panels.h"

namespace hairline::app {

void act_on_design(const PanelRequests& requests, LiveState& state);

// The play-through: started or stopped on request, then the design of this
// moment; the design as it was when it ends.
// ensures: true while it runs (draw again).
bool run_timeline(const PanelRequests& requests, LiveState& state, double now_s);

}  // namespace hairline::app
