// View panel: mirror, before/after, split and side-by-side, and guides.

#include <string>

#include <imgui.h>

#include "app/live/panels.h"
#include "engine/design/hairline_measures.h"

namespace hairline::app {

void draw_view_panel(LiveState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    const float top = ImGui::GetFrameHeight(), height = io.DisplaySize.y - top - ImGui::GetFrameHeightWithSpacing() - 4;
    const float y = state.panels.design ? top + 0.7f * height : top;
    ImGui::SetNextWindowPos(ImVec2(0, y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(400, top + height - y), ImGuiCond_Always);
    if (!ImGui::Begin("View", &state.panels.view, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        return;
    }
    ViewOptions& v = state.view;
    ImGui::Checkbox("mirror", &v.mirror);
    ImGui::SameLine();
    ImGui::Checkbox("SMP overlay", &v.overlay);
    ImGui::SameLine();
    ImGui::Checkbox("before (Tab)", &v.show_before);
    ImGui::Checkbox("zoom to the face", &v.follow_face);
    int mode = static_cast<int>(v.compare);
    ImGui::RadioButton("preview", &mode, static_cast<int>(CompareMode::Preview));
    ImGui::SameLine();
    ImGui::RadioButton("before | after split", &mode, static_cast<int>(CompareMode::Split));
    ImGui::SameLine();
    ImGui::RadioButton("side by side", &mode, static_cast<int>(CompareMode::SideBySide));
    v.compare = static_cast<CompareMode>(mode);
    if (v.compare == CompareMode::Split) ImGui::SliderFloat("split", &v.split, 0.0f, 1.0f, "%.2f");
    ImGui::Separator();
    ImGui::TextUnformatted("Guides");
    ImGui::Checkbox("hairline", &v.guide_hairline);
    ImGui::SameLine();
    ImGui::Checkbox("facial thirds", &v.guide_thirds);
    ImGui::SameLine();
    const std::string band = range_text(kHeightGuidelineMm) + " mm band";
    ImGui::Checkbox(band.c_str(), &v.guide_rule);
    ImGui::Checkbox("temple lines", &v.guide_temples);
    ImGui::SameLine();
    ImGui::Checkbox("mm ruler", &v.guide_ruler);
    ImGui::Checkbox("save snapshots mirrored", &v.save_mirrored);
    ImGui::End();
}

}  // namespace hairline::app
