// The main menu bar: which panels show, the client's view, the theme, help.

#include <imgui.h>

#include "app/live/panels.h"

namespace hairline::app {

void draw_menu_bar(LiveState& state, PanelRequests& requests) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("Panels")) {
        ImGui::MenuItem("Design", nullptr, &state.panels.design);
        ImGui::MenuItem("View", nullptr, &state.panels.view);
        ImGui::MenuItem("Client", nullptr, &state.panels.client);
        ImGui::MenuItem("Snapshots", nullptr, &state.panels.snapshots);
        if (ImGui::MenuItem("Clients...", "F3", state.clients.open)) {
            state.clients.open = !state.clients.open;
            state.clients.stale = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Client view")) {
        ImGui::MenuItem("Presentation mode", "F5", &state.presenting);
        ImGui::MenuItem("Client window (second screen)", "F6", &state.client_window);
        ImGui::Separator();
        if (ImGui::MenuItem("Light theme", nullptr, &state.light_theme)) requests.theme_changed = true;
        ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Help (F1)")) state.show_help = true;
    ImGui::EndMainMenuBar();
}

}  // namespace hairline::app
