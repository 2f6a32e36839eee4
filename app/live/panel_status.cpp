// Status bar (frame rate, tracking cost, face, source, last action) and the
// F1 help overlay listing every shortcut.

#include <imgui.h>

#include "app/live/panels.h"

namespace hairline::app {

void draw_status_bar(const LiveState& state, const LiveContext& context) {
    ImGuiIO& io = ImGui::GetIO();
    const float height = ImGui::GetFrameHeightWithSpacing() + 4;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::Text("%.0f fps  UI p95 %.1f ms  tracking %.1f ms  |  %s  |  %s", context.ui_fps, context.ui_p95_ms,
                context.status.track_ms, context.status.source.c_str(),
                context.fit ? "face tracked" : "no face");
    if (state.frozen) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.5f, 0.8f, 1.0f, 1.0f), "  FROZEN (Space)");
    }
    if (!state.message.empty() && context.now_s < state.message_until_s) {
        ImGui::SameLine();
        ImGui::TextUnformatted(("  |  " + state.message).c_str());
    }
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
        const ImVec2 size = ImGui::CalcTextSize(banner.c_str());
        ImGui::SetNextWindowPos(ImVec2(0.5f * (io.DisplaySize.x - size.x) - 12, 14));
        ImGui::SetNextWindowBgAlpha(0.75f);
        ImGui::Begin("##banner", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
        ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.4f, 1.0f), "%s", banner.c_str());
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
        {"F1", "this help"},
        {"Esc", "close this help"},
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
