// Client panel: who this consultation is for, notes, and the record actions.

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/live/panels.h"

namespace hairline::app {

void draw_client_panel(LiveState& state, const LiveContext& context, PanelRequests& requests) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 330, ImGui::GetFrameHeight()), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(330, 230), ImGuiCond_Always);
    if (!ImGui::Begin("Client", &state.panels.client, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        return;
    }
    ImGui::InputTextWithHint("name or ID", "e.g. client-0042", &state.client.name);
    ImGui::InputTextMultiline("notes", &state.client.notes, ImVec2(-1, 70));
    if (ImGui::Button("snapshot (Ctrl+S)")) requests.snapshot = true;
    ImGui::SameLine();
    if (ImGui::Button("consultation sheet")) requests.export_sheet = true;
    if (!context.client_folder.empty()) ImGui::TextDisabled("Saved under %s/", context.client_folder.filename().string().c_str());
    ImGui::End();
}

}  // namespace hairline::app
