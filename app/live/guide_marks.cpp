#include "app/live/guide_marks.h"

#include <cmath>
#include <cstdio>

namespace hairline::app {
namespace {

constexpr ImU32 kGuideColour = IM_COL32(200, 230, 255, 220);
constexpr ImU32 kThirdsColour = IM_COL32(180, 180, 180, 200);
constexpr ImU32 kBandColour = IM_COL32(120, 255, 160, 255);
constexpr ImU32 kHairlineColour = IM_COL32(255, 220, 120, 255);

// Screen lengths, in points: the guides stay readable at any zoom.
constexpr float kBandHalfWidth = 40.0f;
constexpr float kBandLabelGap = 4.0f;
constexpr float kLongTick = 14.0f, kShortTick = 7.0f;
constexpr float kRulerLabelWidth = 22.0f;
constexpr float kHalfTextHeight = 7.0f;   // centres a label on its line
constexpr int kLongTickEveryMm = 50, kLabelEveryMm = 20;

void add_band(std::vector<GuideMark>& marks, const GuideGeometry& g, const SceneLayout& layout) {
    for (const MidlineMark& m : g.band) {
        const ImVec2 p = layout.to_screen(m.at_px);
        marks.push_back(GuideLine{ImVec2(p.x - kBandHalfWidth, p.y), ImVec2(p.x + kBandHalfWidth, p.y), kBandColour, 1.5f});
        char label[16];
        std::snprintf(label, sizeof label, "%.0f mm", m.height_mm);
        marks.push_back(GuideLabel{ImVec2(p.x + kBandHalfWidth + kBandLabelGap, p.y - kHalfTextHeight), kBandColour, label});
    }
}

void add_ruler(std::vector<GuideMark>& marks, const GuideGeometry& g, const SceneLayout& layout) {
    for (const MidlineMark& m : g.ruler) {
        const ImVec2 p = layout.to_screen(m.at_px);
        const int h = static_cast<int>(std::lround(m.height_mm));
        const float tick = h % kLongTickEveryMm == 0 ? kLongTick : kShortTick;
        marks.push_back(GuideLine{ImVec2(p.x - tick, p.y), p, kGuideColour, 1.0f});
        if (h % kLabelEveryMm == 0) {
            char label[16];  // room for any int, so -Wformat-truncation stays quiet
            std::snprintf(label, sizeof label, "%d", h);
            marks.push_back(GuideLabel{ImVec2(p.x - tick - kRulerLabelWidth, p.y - kHalfTextHeight), kGuideColour, label});
        }
    }
}

}  // namespace

std::vector<GuideMark> guide_marks(const GuideGeometry& g, const ViewOptions& v, const SceneLayout& layout) {
    std::vector<GuideMark> marks;
    auto line = [&](glm::dvec2 a, glm::dvec2 b, ImU32 colour, float width) {
        marks.push_back(GuideLine{layout.to_screen(a), layout.to_screen(b), colour, width});
    };
    if (v.guide_thirds)
        for (const auto& [a, b] : g.thirds) line(a, b, kThirdsColour, 1.0f);
    if (v.guide_temples) {
        line(g.temple_right.first, g.temple_right.second, kGuideColour, 1.5f);
        line(g.temple_left.first, g.temple_left.second, kGuideColour, 1.5f);
    }
    if (v.guide_rule) add_band(marks, g, layout);
    if (v.guide_ruler) add_ruler(marks, g, layout);
    if (v.guide_hairline)
        for (std::size_t i = 0; i + 1 < g.hairline.size(); ++i) line(g.hairline[i], g.hairline[i + 1], kHairlineColour, 1.5f);
    return marks;
}

}  // namespace hairline::app
