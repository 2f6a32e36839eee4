#include "engine/design/design_labels.h"

#include <cmath>
#include <cstdio>

namespace hairline {
namespace {

constexpr KeyLabel kKeyLabels[] = {
    {"hairline_height", "Hairline height", "7 cm aggressive, 8 cm usual, 10 cm conservative (above the glabella)."},
    {"temple_recession", "Temple recession", "How far the temple corners sit back: 0-10 mm young, 15-25 mm mature."},
    {"irregularity", "Irregularity", "A natural front edge is slightly uneven: 0.3-0.5 looks real, 0 looks drawn."},
    {"density", "Density", "Impressions per cm²: 80-100 is a full buzz cut, 40-60 reads as thinning."},
    {"dot_size", "Dot size", "Healed dot diameter: 0.5-0.7 mm is usual; larger dots merge into a 'helmet'."},
    {"dot_size_variation", "Size variation", "Real stubble varies: 0.2-0.4."},
    {"feather", "Transition zone", "Soft front edge where density fades in: 5-10 mm."},
    {"opacity", "Ink strength", "0.85 a fresh healed session; lower for a softer, diluted look."},
    {"ipd", "Client's IPD", "Measured interpupillary distance; sets the scale (adults 50-75 mm, mean 63)."},
    {"seed", "Dot layout", "Another number gives another, equally natural, placement of the same dots."},
    {"sessions", "Sessions done", "SMP builds up over 2-3 sessions 10-30 days apart."},
    {"days_since_session", "Days since session", "Redness and darker dots settle over the first days to weeks."},
    {"fade_years", "Years of fading", "Pigment softens and greys over 3-5 years."},
};

}  // namespace

const KeyLabel* key_label(std::string_view key) {
    for (const KeyLabel& l : kKeyLabels)
        if (l.key == key) return &l;
    return nullptr;
}

std::string describe_value(const NumericKey& key, double value) {
    char number[32];
    if (key.integer || std::abs(value - std::round(value)) < 1e-9) std::snprintf(number, sizeof number, "%.0f", value);
    else std::snprintf(number, sizeof number, "%.2g", value);
    if (key.unit.empty()) return number;
    // The sheet is read by clients: "impressions/cm²" in words.
    const std::string unit = key.unit == "impressions/cm²" ? "impressions per cm²" : std::string(key.unit);
    return std::string(number) + " " + unit;
}

std::string_view preset_label(Preset preset) {
    switch (preset) {
        case Preset::Rounded: return "Rounded";
        case Preset::Straight: return "Straight";
        case Preset::WidowsPeak: return "Widow's peak";
        case Preset::Mature: return "Mature (receded temples)";
        case Preset::Broken: return "Broken (soft, irregular)";
    }
    return "Rounded";
}

std::string_view hair_mode_label(HairMode mode) {
    switch (mode) {
        case HairMode::Auto: return "Automatic";
        case HairMode::AsIs: return "As it is";
        case HairMode::Shave: return "Shaved for the preview";
        case HairMode::Under: return "Dots under the hair";
    }
    return "Automatic";
}

}  // namespace hairline
