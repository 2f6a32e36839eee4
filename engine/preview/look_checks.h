#pragma once
// What the ink will look like over the years on this client, as warnings a
// practitioner wants before committing: dots that will merge into a solid
// "helmet", and pigment that will turn blue-grey on light skin. With the
// clinical rules of check_design(), the one list the UI and the sheet show.
// Pure functions.

#include <optional>
#include <vector>

#include "engine/analysis/skin_tone.h"
#include "engine/design/design_checks.h"

namespace hairline {

// Dots read as separate follicles while their visible diameter stays under
// this share of their spacing; past it the gaps close and the scalp reads as
// one flat shade (the "helmet" look).
inline constexpr double kHelmetDiameterPerSpacing = 0.8;

// Years within which the design's dots, spreading as they age, pass
// kHelmetDiameterPerSpacing (0: already now; nullopt: not within 5 years).
std::optional<int> helmet_after_years(const Design& design);

// requires: measures of this design (PreviewScene::hairline)
// ensures: check_design()'s warnings, then "helmet" and "blue_cast" ones.
std::vector<DesignWarning> design_warnings(const Design& design, const HairlineMeasures& measures,
                                           const std::optional<SkinTone>& tone);

}  // namespace hairline
