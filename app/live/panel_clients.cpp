// Clients panel: the clinic's client records. A searchable list; the chosen
// client's history (snapshots with their designs); make them the current
// client, restore a design, export the record, or delete every file of the
// client after a confirmation. The list, a client's history, exports and
// deletions are read and done off the UI thread by Records (records.h),
// with engine/session/client_records; this panel only asks.

#include <cstdio>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/live/panels.h"

namespace hairline::app {
namespace {


// "2026-12-02T03:24:05Z" -> "2026-12-02 03:24 UTC"
std::string readable_utc(const std::string& iso) {
    if (iso.size() < 16 || iso[10] != 'T') return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

const ClientSummary* selected_client(const LiveState& state) {
    for (const auto& c : state.clients.list)
        if (c.folder == state.clients.selected) return &c;
    return nullptr;
}

void draw_details(LiveState& state, const ClientSummary& c, PanelRequests& requests) {
    ImGui::TextUnformatted(c.name.c_str());
    ImGui::TextDisabled("%d snapshot%s, %lld files, %s", c.snapshots, c.snapshots == 1 ? "" : "s", static_cast<long long>(c.files), size_text(c.bytes).c_str());
    if (ImGui::Button("Make current client")) {
        state.client.name = c.name;
        state.client.notes.clear();
    }
    ImGui::Separator();
    ImGui::TextUnformatted("History");
    if (ImGui::BeginChild("history", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 3.4f), true)) {
        if (state.clients.history.empty()) ImGui::TextDisabled("No snapshots yet.");
        for (const HistoryEntry& e : state.clients.history) {
            ImGui::PushID(e.files.sidecar.c_str());
            ImGui::TextUnformatted(e.saved_utc.empty() ? e.files.sidecar.stem().c_str() : readable_utc(e.saved_utc).c_str());
            if (e.design) {
                ImGui::TextWrapped("%s", history_summary(e).c_str());
                if (ImGui::SmallButton("Restore this design")) requests.load_sidecar = e.files.sidecar.string();
            } else {
                ImGui::TextDisabled("(the design of this snapshot cannot be read)");
            }
            if (!e.notes.empty()) ImGui::TextWrapped("Notes: %s", e.notes.c_str());
            ImGui::Separator();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-160.0f);
    ImGui::InputTextWithHint("##export", "folder to export into", &state.clients.export_dir);
    ImGui::SameLine();
    if (ImGui::Button("Export record") && !state.clients.export_dir.empty()) requests.export_client = c.folder;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copies every file of this client and a PDF sheet into a new folder there.");
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.62f, 0.16f, 0.14f, 1.0f));
    if (ImGui::Button("Delete client...")) ImGui::OpenPopup("Delete client?");
    ImGui::PopStyleColor();
    if (ImGui::BeginPopupModal("Delete client?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Delete every file of %s?", c.name.c_str());
        ImGui::Text("%lld files (%s): snapshots, sheets, notes. This cannot be undone.", static_cast<long long>(c.files),
                    size_text(c.bytes).c_str());
        if (ImGui::Button("Delete all files")) {
            requests.delete_client = c.folder;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace

void draw_clients_panel(LiveState& state, PanelRequests& requests) {
    if (!state.clients.open) return;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.5f * io.DisplaySize.x, 0.5f * io.DisplaySize.y), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(820.0f, io.DisplaySize.x - 40), std::min(520.0f, io.DisplaySize.y - 80)),
                             ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(1.0f);  // over the video and the panels: nothing shows through
    if (state.clients.list.empty() && state.clients.stale) ImGui::SetNextWindowFocus();  // just opened
    if (!ImGui::Begin("Clients (F3)", &state.clients.open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputTextWithHint("##search", "search by name (case and accents ignored)", &state.clients.search);
    const float list_width = 0.42f * ImGui::GetContentRegionAvail().x;
    if (ImGui::BeginChild("list", ImVec2(list_width, 0), true)) {
        int shown = 0;
        for (const ClientSummary& c : state.clients.list) {
            if (!client_matches(c, state.clients.search)) continue;
            ++shown;
            ImGui::PushID(c.folder.c_str());
            const std::string line = c.name + "##row";
            if (ImGui::Selectable(line.c_str(), c.folder == state.clients.selected)) requests.show_history = c.folder;
            ImGui::TextDisabled("   %d snapshot%s%s%s", c.snapshots, c.snapshots == 1 ? "" : "s", c.last_saved_utc.empty() ? "" : ", last ",
                                c.last_saved_utc.substr(0, 10).c_str());
            ImGui::PopID();
        }
        if (shown == 0)
            ImGui::TextDisabled(state.clients.list.empty() ? "No clients yet: a snapshot (Ctrl+S) creates one."
                                                            : "No client matches.");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (ImGui::BeginChild("details", ImVec2(0, 0), false)) {
        if (const ClientSummary* c = selected_client(state)) draw_details(state, *c, requests);
        else ImGui::TextDisabled("Choose a client on the left.");
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace hairline::app
