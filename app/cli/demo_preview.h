#pragma once

namespace hairline::app {

// Renders the bundled demo photo as a before | after PNG in the XDG data
// folder and prints where. The main job's fallback when there is no display.
int run_demo_preview(const char* reason);

}  // namespace hairline::app
