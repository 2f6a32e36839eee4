// Design panel: every design key with its unit and range, presets, the
// pigment with the skin-tone suggestion, sessions and fading, A/B, edit mode,
// warnings and undo/redo.

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include <imgui.h>

#include "app/live/panels.h"
#include "engine/design/design_labels.h"
#include "engine/design/design_edit.h"

namespace hairline::app {
namespace {

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// One slider for a numeric key; true when an edit finished.
bool key_slider(Design& design, std::string_view name) {
    const NumericKey* key = find_numeric_key(name);
    if (!key) return false;
    const KeyLabel* l = key_label(name);
    const std::string label = l ? std::string(l->label) : std::string(name);
    std::string unit;  // appended, not " " + unit: GCC 12 warns falsely (-Wrestrict) on that
    if (!key->unit.empty()) unit.append(" ").append(key->unit);
    if (key->integer) {
        int v = static_cast<int>(key->get(design));
        if (ImGui::SliderInt(label.c_str(), &v, static_cast<int>(key->min_value), static_cast<int>(key->max_value),
                             ("%d" + unit).c_str()))
            key->set(design, v);
    } else {
        float v = static_cast<float>(key->get(design));
        const std::string format = (key->max_value - key->min_value <= 5 ? "%.2f" : "%.0f") + unit;
        if (ImGui::SliderFloat(label.c_str(), &v, static_cast<float>(key->min_value), static_cast<float>(key->max_value),
                               format.c_str()))
            key->set(design, v);
    }
    const bool committed = ImGui::IsItemDeactivatedAfterEdit();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n%s (%s)\n[design key: %s]", l ? std::string(l->hint).c_str() : "", std::string(key->help).c_str(),
                          describe_range(*key).c_str(), std::string(name).c_str());
    return committed;
}

bool key_sliders(Design& design, std::initializer_list<std::string_view> names) {
    bool committed = false;
    for (const std::string_view name : names) committed |= key_slider(design, name);
    return committed;
}

// The height control. A preset's is its key slider; a freeform line's shows
// the drawn height (the scene's measure) and moving it moves the whole line
// (set_hairline_height). True when an edit finished.
bool height_slider(Design& design, const LiveContext& context) {
    if (design.control_points.empty()) return key_slider(design, "hairline_height");
    const NumericKey* key = find_numeric_key("hairline_height");
    const KeyLabel* l = key_label("hairline_height");
    float v = static_cast<float>(context.hairline ? context.hairline->height_mm : design.hairline_height_mm);
    if (ImGui::SliderFloat(l ? std::string(l->label).c_str() : "Hairline height", &v, static_cast<float>(key->min_value),
                           static_cast<float>(key->max_value), "%.0f mm (drawn)"))
        set_hairline_height(design, v);
    const bool committed = ImGui::IsItemDeactivatedAfterEdit();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\nThe drawn line's mid-frontal point; moving it moves the whole line up or down.",
                          l ? std::string(l->hint).c_str() : "");
    return committed;
}

// A/B: two designs to flip or split between.
void ab_switch(LiveState& state, PanelRequests& requests) {
    ImGui::TextUnformatted("Design");
    ImGui::SameLine();
    if (ImGui::RadioButton("A", state.active == 0)) state.active = 0;
    ImGui::SameLine();
    if (ImGui::RadioButton("B", state.active == 1)) state.active = 1;
    ImGui::SameLine();
    ImGui::Checkbox("split A | B", &state.ab_split);
    ImGui::SameLine();
    if (ImGui::SmallButton(state.active == 0 ? "copy to B" : "copy to A")) {
        state.designs[static_cast<std::size_t>(1 - state.active)] = state.design();
        requests.other_design_committed = true;
    }
}

void shape_section(LiveState& state, const LiveContext& context, PanelRequests& requests) {
    Design& design = state.design();
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader("Shape")) return;
    const bool freeform = !design.control_points.empty();
    const std::string current = freeform ? "Freeform (edited)" : std::string(preset_label(design.preset));
    if (ImGui::BeginCombo("Preset", current.c_str())) {
        for (Preset p : kAllPresets) {
            const std::string name(preset_label(p));
            if (ImGui::Selectable(name.c_str(), !freeform && design.preset == p)) {
                design.preset = p;
                design.control_points.clear();
                requests.design_committed = true;
            }
        }
        ImGui::EndCombo();
    }
    help_marker("Drag the points on the video in edit mode (E) for a freeform line.");
    requests.design_committed |= height_slider(design, context);
    ImGui::BeginDisabled(freeform);  // a freeform line's corners are where they were dragged
    requests.design_committed |= key_slider(design, "temple_recession");
    ImGui::EndDisabled();
    requests.design_committed |= key_slider(design, "irregularity");
    if (ImGui::Checkbox("Edit mode: drag the hairline (E)", &state.edit_mode)) state.dragging_point = -1;
    if (state.edit_mode) ImGui::TextWrapped("Points move in mirror pairs; hold Alt to move one alone.");
}

void density_section(Design& design, PanelRequests& requests) {
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader("Density")) return;
    requests.design_committed |= key_sliders(design, {"density", "dot_size", "dot_size_variation", "feather"});
    if (ImGui::Button("New dot layout")) {
        design.seed = (design.seed * 1103515245u + 12345u) & 0x7fffffffu;
        requests.design_committed = true;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("seed %u", design.seed);
}

// Hair: what the preview does with the client's own hair (docs/design.md).
void hair_section(Design& design, const LiveContext& context, PanelRequests& requests) {
    static constexpr const char* kHairLabels[] = {"auto", "as is", "shave", "under"};
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader("Hair")) return;
    for (const HairMode mode : kAllHairModes) {
        ImGui::SameLine();
        if (mode != kAllHairModes[0]) ImGui::SameLine();
        if (ImGui::RadioButton(kHairLabels[static_cast<int>(mode)], design.hair == mode)) {
            design.hair = mode;
            requests.design_committed = true;
        }
    }
    help_marker("as is: the scalp as the camera shows it (shaved or bald heads). shave: the head after a fresh "
                "buzz cut, then the SMP. under: keep the hair, dots only where scalp shows between hairs. "
                "auto: shave when the designed area is mostly hair.");
    if (!context.fit) return;
    const char* used = context.hair_used == HairMode::Shave ? "shaved" : context.hair_used == HairMode::Under ? "dots under the hair" : "as it is";
    if (!context.hair_known)
        ImGui::TextDisabled("  head shown as it is (hair not read yet)");
    else
        ImGui::TextWrapped("Head shown %s; the designed scalp is %.0f%% hair.", used, 100.0 * context.designed_hair_fraction);
}

// Pigment: automatic from the skin tone, or chosen.
void pigment_section(Design& design, const LiveContext& context, PanelRequests& requests) {
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader("Pigment")) return;
    requests.design_committed |= key_slider(design, "opacity");
    bool automatic = design.pigment.automatic;
    if (ImGui::Checkbox("Matched to skin", &automatic)) {
        design.pigment.automatic = automatic;
        if (!automatic && context.skin_tone) design.pigment = pigment_for_skin(*context.skin_tone);
        requests.design_committed = true;
    }
    if (context.skin_tone) {
        const Pigment suggested = pigment_for_skin(*context.skin_tone);
        ImGui::SameLine();
        ImGui::ColorButton("##suggested", ImVec4(static_cast<float>(suggested.srgb.r), static_cast<float>(suggested.srgb.g),
                                                 static_cast<float>(suggested.srgb.b), 1.0f));
        ImGui::TextWrapped("Skin type %s (ITA %.0f°, confidence %.0f%%): suggested %s%s",
                           std::string(fitzpatrick_roman(context.skin_tone->fitzpatrick)).c_str(), context.skin_tone->ita_deg,
                           100.0 * context.skin_tone->confidence, pigment_to_string(suggested).c_str(),
                           context.skin_tone->confidence < kSkinToneMinConfidence ? " (light uncertain: middle shade)" : "");
    }
    if (!design.pigment.automatic) {
        float rgb[3] = {static_cast<float>(design.pigment.srgb.r), static_cast<float>(design.pigment.srgb.g),
                        static_cast<float>(design.pigment.srgb.b)};
        if (ImGui::ColorEdit3("Pigment", rgb, ImGuiColorEditFlags_DisplayHex)) design.pigment.srgb = {rgb[0], rgb[1], rgb[2]};
        requests.design_committed |= ImGui::IsItemDeactivatedAfterEdit();
    }
}

void timeline_section(const LiveState& state, Design& design, PanelRequests& requests) {
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader("Timeline")) return;
    if (state.timeline_start_s) {
        ImGui::Text("Session %d of 3, day %.0f, %.1f years of fading", design.sessions, design.days_since_session,
                    design.fade_years);
        if (ImGui::Button("Stop")) requests.play_timeline = true;
        return;
    }
    requests.design_committed |= key_sliders(design, {"sessions", "days_since_session", "fade_years"});
    if (ImGui::Button("Play: three sessions, then five years")) requests.play_timeline = true;
    help_marker("Shows the healing after each session (a month each) and the fading over 5 years, in 12 s; "
                "the design comes back as it was.");
}

// Live measures (the scene's, as drawn) and warnings.
void measures_and_warnings(const LiveContext& context) {
    ImGui::Separator();
    if (context.fit && context.hairline) {
        const HairlineMeasures& m = *context.hairline;
        ImGui::TextWrapped("Height above the glabella: %.0f mm along the skin, %.0f mm in view.", m.height_mm,
                           m.projected_height_mm.value_or(0.0));
        ImGui::TextWrapped("Temple recession: %.0f mm (corners %.0f mm from the midline).", m.temple_recession_mm,
                           m.corner_half_width_mm);
    } else {
        ImGui::TextDisabled("No face: measures appear when a face is tracked.");
    }
    for (const DesignWarning& w : context.warnings) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.78f, 0.3f, 1.0f));
        ImGui::TextWrapped("! %s", w.message.c_str());
        ImGui::PopStyleColor();
    }
}

void undo_redo(LiveState& state, PanelRequests& requests) {
    ImGui::Separator();
    ImGui::BeginDisabled(!state.history().can_undo());
    if (ImGui::Button("undo (Ctrl+Z)")) requests.undo = true;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.history().can_redo());
    if (ImGui::Button("redo (Ctrl+Shift+Z)")) requests.redo = true;
    ImGui::EndDisabled();
}

}  // namespace

void draw_design_panel(LiveState& state, const LiveContext& context, PanelRequests& requests) {
    const ImGuiIO& io = ImGui::GetIO();
    const float top = ImGui::GetFrameHeight(), height = io.DisplaySize.y - top - ImGui::GetFrameHeightWithSpacing() - 4;
    ImGui::SetNextWindowPos(ImVec2(0, top), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(400, state.panels.view ? 0.7f * height : height), ImGuiCond_Always);
    if (!ImGui::Begin("Design", &state.panels.design, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        return;
    }
    ab_switch(state, requests);
    ImGui::PushItemWidth(-150.0f);  // room for the short labels
    shape_section(state, context, requests);
    Design& design = state.design();
    density_section(design, requests);
    hair_section(design, context, requests);
    pigment_section(design, context, requests);
    timeline_section(state, design, requests);
    ImGui::SetNextItemOpen(false, ImGuiCond_Once);
    if (ImGui::CollapsingHeader("Client measure")) requests.design_committed |= key_slider(design, "ipd");
    ImGui::PopItemWidth();
    measures_and_warnings(context);
    undo_redo(state, requests);
    if (state.scroll_design_to_end) ImGui::SetScrollHereY(1.0f);  // docs: the lower sections in view
    ImGui::End();
}

}  // namespace hairline::app
