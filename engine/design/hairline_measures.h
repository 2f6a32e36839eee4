#pragma once
// The hairline's measures and the one set of clinical guidelines they are
// judged by. A scene measures the curve it draws once (PreviewScene::hairline);
// the report, the consultation sheet, the guides' label, the notices, the
// Design panel, the checks and the client history all read that, so one sheet
// cannot print two heights, and a freeform line prints its own height rather
// than the preset slider's. Pure functions of plain structs.

#include <optional>
#include <string>
#include <string_view>

#include "engine/design/design.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/head_model.h"

namespace hairline {

// A clinical range: inside it (ends included) a value is within the
// guidelines; outside it the checks warn and the sheet says so.
struct GuidelineRange {
    double low;
    double high;
};

// The clinic's figures: the mid-frontal point 7 cm (aggressive) to 10 cm
// (conservative) above the glabella, 8 cm usual; SMP laid at 80-100
// impressions per cm² (below reads as thinning hair, above the dots merge as
// they age). The checks, the sheet's sentence and the live guide's band all
// use these.
inline constexpr GuidelineRange kHeightGuidelineMm{70.0, 100.0};
inline constexpr GuidelineRange kDensityGuidelinePerCm2{80.0, 100.0};
// The fronto-temporal corners belong on the line up from the lateral
// canthus; this far outside it is still on it (a hand's precision).
inline constexpr double kCornerOutsideCanthusToleranceMm = 3.0;
// Dots this large or larger read as tattoo dots rather than follicles.
inline constexpr double kFollicleDotMaxMm = 1.0;

enum class Verdict { Below, Within, Above };
Verdict judge(double value, GuidelineRange range);
std::string_view verdict_name(Verdict verdict);  // "below", "within", "above"

// "70-100": a range as the sheet and the checks print it.
std::string range_text(GuidelineRange range);

// "hairline 70-100 mm above the glabella, temples on the line up from the
// outer eye corner, 80-100 impressions per cm²": what "within the clinical
// guidelines" means on the sheet.
std::string guidelines_text();

struct HairlineMeasures {
    double height_mm = 0.0;                     // the mid-frontal point (x = 0) above the glabella, along the skin
    std::optional<double> projected_height_mm;  // the same point as photographed (set by the scene; nullopt: no face)
    double temple_recession_mm = 0.0;           // the corners' mean height above the mid-frontal point
    double lower_corner_rise_mm = 0.0;          // the lower corner's height above it (< 0: below it)
    double corner_half_width_mm = 0.0;          // the corners' mean distance from the midline
    double corner_outside_canthus_mm = 0.0;     // the wider corner's distance outside the canthus line (< 0: inside)
    double density_per_cm2 = 0.0;
    Verdict height = Verdict::Within;           // height_mm against kHeightGuidelineMm
    Verdict density = Verdict::Within;          // density_per_cm2 against kDensityGuidelinePerCm2
    bool corners_on_temple_line = true;         // corner_outside_canthus_mm within the tolerance
    bool corners_recede = true;                 // neither corner below the mid-frontal point

    bool operator==(const HairlineMeasures&) const = default;
};

// requires: curve made from hairline_control_points(design, anchors)
// ensures:  every field but projected_height_mm
// threads:  pure
HairlineMeasures measure_hairline(const Design& design, const HairlineCurve& curve, const FaceAnchors& anchors);

// The same, building the curve (tests, and sidecars that recorded no measures).
// The height on the midline does not depend on the anchors: presets place
// their mid-frontal point at hairline_height_mm, freeform lines where drawn.
HairlineMeasures measure_hairline(const Design& design, const FaceAnchors& anchors = {});

}  // namespace hairline
