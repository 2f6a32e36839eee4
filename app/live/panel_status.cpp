// Status bar (frame rate, what each stage costs, face, source, last action)
// and the F1 help overlay listing every shortcut.

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/live/panels.h"

namespace hairline::app {
namespace {

// "track 24  scene 1.8  draw 9.5  present 18 ms  |  snapshot 310  sheet 840 ms (1 running)":
// the tracking worker's, the main thread's stages, then the background jobs'.
std::string cost_text(const LiveContext& context) {
    const FrameStages& s = context.stages;
    char text[160];
    std::snprintf(text, sizeof text, "track %.0f  scene %.1f  draw %.1f  present %.1f ms", context.status.track_ms,
                  s.results_ms + s.scene_ms, s.draw_ms, s.present_ms);
    std::string out = text;
    if (context.jobs.empty() && context.jobs_pending == 0) return out;
    out += "  |";
    for (const JobCost& job : context.jobs) {
        std::snprintf(text, sizeof text, "  %s %.0f", job.name.c_str(), job.ms);
        out += text;
    }
    if (!context.jobs.empty()) out += " ms";
    if (context.jobs_pending > 0) out += " (" + std::to_string(context.jobs_pending) + " running)";
    return out;
}

}  // namespace

void draw_status_bar(const LiveState& state, const LiveContext& context) {
    ImGuiIO& io = ImGui::GetIO();
    const float height = ImGui::GetFrameHeightWithSpacing() + 4;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::Text("%.0f fps  UI p95 %.0f ms  |  %s  |  %s", context.ui_fps, context.ui_p95_ms, context.status.source.c_str(),
                context.fit ? "face tracked" : "no face");
    if (state.frozen) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.5f, 0.8f, 1.0f, 1.0f), "  FROZEN (Space)");
    }
    if (!state.message.empty() && context.now_s < state.message_until_s) {
        ImGui::SameLine();
        ImGui::TextUnformatted(("  |  " + state.message).c_str());
    }
    // The costs last: on a narrow window they are cut, never the message.
    ImGui::SameLine();
    ImGui::TextDisabled("  |  %s", cost_text(context).c_str());
    ImGui::End();

    // Banners for what the practitioner must know now.
    std::string banner;
    if (context.status.camera_lost) banner = "Camera disconnected: reconnecting (the design is kept)";
    else if (!context.status.notice.empty())
        banner = context.status.notice + (context.status.reconnect_attempts > 0 && context.status.frames == 0
                                              ? " - retrying every second"
                                              : "");
    else if (!context.fit) banner = "Looking for a face...";
    else if (!context.notices.empty()) banner = "Note: " + context.notices.front();
    if (!banner.empty()) {
        // Wrapped to the video between the side panels, so it covers neither.
        const float room = std::max(300.0f, io.DisplaySize.x - (state.panels.design || state.panels.view ? 400.0f : 0.0f) -
                                                (state.panels.client || state.panels.snapshots ? 330.0f : 0.0f) - 40.0f);
        const ImVec2 size = ImGui::CalcTextSize(banner.c_str(), nullptr, false, room);
        const float left = state.panels.design || state.panels.view ? 400.0f : 0.0f;
        const float right = io.DisplaySize.x - (state.panels.client || state.panels.snapshots ? 330.0f : 0.0f);
        ImGui::SetNextWindowPos(ImVec2(0.5f * (left + right - size.x) - 8, ImGui::GetFrameHeight() + 6));
        ImGui::SetNextWindowBgAlpha(0.75f);
        ImGui::Begin("##banner", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
        // Amber that reads on either theme's background.
        const ImVec4 amber = state.light_theme ? ImVec4(0.55f, 0.32f, 0.0f, 1.0f) : ImVec4(1.0f, 0.85f, 0.4f, 1.0f);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + room);
        ImGui::PushStyleColor(ImGuiCol_Text, amber);
        ImGui::TextWrapped("%s", banner.c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::End();
    }
}

void draw_help_overlay(LiveState& state) {
    if (!state.show_help) return;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.5f * io.DisplaySize.x, 0.5f * io.DisplaySize.y), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::Begin("Shortcuts (F1)", &state.show_help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
    static constexpr const char* kShortcuts[][2] = {
        {"Ctrl+S", "snapshot: preview, before | after and sidecar for this client"},
        {"Space", "freeze / resume the frame"},
        {"Tab", "before / after"},
        {"E", "edit mode: drag the hairline's points (Alt: one side only)"},
        {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo design changes"},
        {"A / B", "switch between design A and B"},
        {"M", "mirror view on / off"},
        {"F5", "presentation: only the client's before | after, large (drag the divider)"},
        {"F6", "client view window (on the second screen when there is one)"},
        {"F3", "client records: list, search, history, export, delete"},
        {"F1", "this help"},
        {"Esc", "close this help, leave presentation"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
        for (const auto& row : kShortcuts) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(ImVec4(0.6f, 0.85f, 1.0f, 1.0f), "%s", row[0]);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(row[1]);
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace hairline::app
