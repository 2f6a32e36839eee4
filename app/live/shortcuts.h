#pragma once
// The live app's keyboard shortcuts (the F1 overlay lists them): each key
// either toggles a view flag or asks for what its button asks for.

#include <vector>

#include "app/live/glfw_backend.h"
#include "app/live/live_state.h"
#include "app/live/panels.h"

namespace hairline::app {

// `presses`: this frame's, in order. Letters are text while a field is typed in.
void handle_shortcuts(const std::vector<GlfwBackend::KeyPress>& presses, LiveState& state, PanelRequests& requests);

}  // namespace hairline::app
