#pragma once
// The practitioner's guides on the live view: the engine's GuideGeometry
// (make_guides, the same lines `render --guides` paints) mapped to the
// screen, with the live view's colours, widths and screen-sized ticks. No
// guide geometry is computed here, only placed: what the guide is and where
// it lies on the face comes from the engine.

#include <string>
#include <variant>
#include <vector>

#include <imgui.h>

#include "app/live/live_state.h"
#include "app/live/scene_view.h"
#include "engine/preview/guides.h"

namespace hairline::app {

struct GuideLine {
    ImVec2 a, b;      // screen points
    ImU32 colour = 0;
    float width = 1.5f;
};

struct GuideLabel {
    ImVec2 at;        // top left, screen points
    ImU32 colour = 0;
    std::string text;
};

using GuideMark = std::variant<GuideLine, GuideLabel>;

// The guides the view options ask for, in drawing order (later on top).
// ensures: every line's ends are layout.to_screen() of GuideGeometry points,
//          offset only by fixed screen lengths (the band's width, ruler ticks)
// threads: pure
std::vector<GuideMark> guide_marks(const GuideGeometry& guides, const ViewOptions& view, const SceneLayout& layout);

}  // namespace hairline::app
