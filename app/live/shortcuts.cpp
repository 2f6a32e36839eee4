#include "app/live/shortcuts.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace hairline::app {

void handle_shortcuts(const std::vector<GlfwBackend::KeyPress>& presses, LiveState& state, PanelRequests& requests) {
    const bool typing = ImGui::GetIO().WantTextInput;  // in a text field, letters are text
    for (const auto& [key, mods] : presses) {
        const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0, shift = (mods & GLFW_MOD_SHIFT) != 0;
        if (key == GLFW_KEY_F1) state.show_help = !state.show_help;
        if (key == GLFW_KEY_ESCAPE) state.show_help = state.presenting = false;
        if (key == GLFW_KEY_F5) state.presenting = !state.presenting;
        if (key == GLFW_KEY_F6) state.client_window = !state.client_window;
        if (key == GLFW_KEY_F3) {
            state.clients.open = !state.clients.open;
            state.clients.stale = true;
        }
        if (ctrl && key == GLFW_KEY_S) requests.snapshot = true;
        if (ctrl && key == GLFW_KEY_Z) (shift ? requests.redo : requests.undo) = true;
        if (typing || ctrl) continue;
        if (key == GLFW_KEY_SPACE) state.frozen = !state.frozen;
        if (key == GLFW_KEY_TAB) state.view.show_before = !state.view.show_before;
        if (key == GLFW_KEY_E) state.edit_mode = !state.edit_mode;
        if (key == GLFW_KEY_M) state.view.mirror = !state.view.mirror;
        if (key == GLFW_KEY_A) state.active = 0;
        if (key == GLFW_KEY_B) state.active = 1;
    }
}

}  // namespace hairline::app
