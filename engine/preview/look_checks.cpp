#include "engine/preview/look_checks.h"

#include <cmath>
#include <cstdio>

#include "engine/render/dot_style.h"

namespace hairline {

std::optional<int> helmet_after_years(const Design& design) {
    const double spacing_mm = 10.0 / std::sqrt(design.density_per_cm2);
    for (int years = static_cast<int>(std::floor(design.fade_years)); years <= 5; ++years) {
        Design aged = design;
        aged.fade_years = std::max(design.fade_years, static_cast<double>(years));
        aged.days_since_session = 30;  // healed
        const DotStyle style = make_dot_style(aged, Pigment{});
        if (visible_dot_diameter_mm(style) > kHelmetDiameterPerSpacing * spacing_mm)
            return years - static_cast<int>(std::floor(design.fade_years));
    }
    return std::nullopt;
}

std::vector<DesignWarning> design_warnings(const Design& design, const HairlineMeasures& measures,
                                           const std::optional<SkinTone>& tone) {
    std::vector<DesignWarning> out = check_design(design, measures);
    char text[200];
    if (const auto years = helmet_after_years(design)) {
        if (*years == 0)
            std::snprintf(text, sizeof text,
                          "Dots of %.1f mm at %.0f/cm² touch: the scalp reads as a solid 'helmet', not as stubble.",
                          design.dot_size_mm, design.density_per_cm2);
        else
            std::snprintf(text, sizeof text,
                          "As the ink spreads, these dots merge into a solid 'helmet' look within %d year%s.", *years,
                          *years == 1 ? "" : "s");
        out.push_back({"dot_size", text});
    }
    // Carbon black seen through light skin drifts to blue-grey; a pigment
    // darker than the shade meant for the skin type makes it worse.
    const SkinTone skin = tone.value_or(SkinTone{});
    if (skin.fitzpatrick <= 3) {
        const Pigment chosen = resolve_pigment(design.pigment, tone);
        const Pigment suited = pigment_for_skin(skin);
        const double chosen_y = srgb_to_linear(chosen.srgb.g), suited_y = srgb_to_linear(suited.srgb.g);
        if (chosen_y < 0.6 * suited_y) {
            std::snprintf(text, sizeof text,
                          "Pigment %s is darker than the shade for skin type %s (%s): it will turn blue-grey as it ages.",
                          pigment_to_string(chosen).c_str(), std::string(fitzpatrick_roman(skin.fitzpatrick)).c_str(),
                          pigment_to_string(suited).c_str());
            out.push_back({"pigment", text});
        } else if (design.fade_years >= 3 && skin.fitzpatrick <= 2) {
            out.push_back({"fade_years", "After 3 years and more, carbon ink on this light skin reads blue-grey: plan a touch-up."});
        }
    }
    return out;
}

}  // namespace hairline
