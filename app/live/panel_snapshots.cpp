// Snapshots panel: this client's saved previews; clicking one restores its design.

#include <cstdint>

#include <imgui.h>

#include "app/live/panels.h"
#include "app/live/snapshot_gallery.h"

namespace hairline::app {

void draw_snapshots_panel(LiveState& state, SnapshotGallery& gallery, PanelRequests& requests) {
    const ImGuiIO& io = ImGui::GetIO();
    const float top = ImGui::GetFrameHeight() + (state.panels.client ? 230.0f : 0.0f);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 330, top), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(330, io.DisplaySize.y - top - ImGui::GetFrameHeightWithSpacing() - 4), ImGuiCond_Always);
    if (!ImGui::Begin("Snapshots", &state.panels.snapshots, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        return;
    }
    if (gallery.items().empty())
        ImGui::TextDisabled(gallery.listing() ? "Reading this client's snapshots..." : "No snapshots for this client yet (Ctrl+S).");
    int column = 0;
    for (const auto& item : gallery.items()) {
        if (!item.texture) continue;  // not uploaded yet (next frame)
        ImGui::PushID(item.files.sidecar.c_str());
        const auto id = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(item.texture.id()));
        if (ImGui::ImageButton(id, ImVec2(static_cast<float>(item.width) * 0.85f, static_cast<float>(item.height) * 0.85f)))
            requests.load_sidecar = item.files.sidecar.string();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\nclick: restore this design", item.files.sidecar.stem().c_str());
        ImGui::PopID();
        if (++column % 2 != 0) ImGui::SameLine();
    }
    ImGui::End();
}

}  // namespace hairline::app
