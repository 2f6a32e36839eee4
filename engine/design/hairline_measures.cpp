#include "engine/design/hairline_measures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hairline {

Verdict judge(double value, GuidelineRange range) {
    if (value < range.low) return Verdict::Below;
    if (value > range.high) return Verdict::Above;
    return Verdict::Within;
}

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::Below: return "below";
        case Verdict::Within: return "within";
        case Verdict::Above: return "above";
    }
    return "within";
}

std::string range_text(GuidelineRange range) {
    char text[48];
    std::snprintf(text, sizeof text, "%.0f-%.0f", range.low, range.high);
    return text;
}

std::string guidelines_text() {
    return "hairline " + range_text(kHeightGuidelineMm) +
           " mm above the glabella, temples on the line up from the outer eye corner, " +
           range_text(kDensityGuidelinePerCm2) + " impressions per cm²";
}

HairlineMeasures measure_hairline(const Design& design, const HairlineCurve& curve, const FaceAnchors& anchors) {
    HairlineMeasures m;
    m.height_mm = curve.height_at(0.0);
    const double right = curve.height_at(curve.x_min()), left = curve.height_at(curve.x_max());
    m.temple_recession_mm = 0.5 * (right + left) - m.height_mm;
    m.lower_corner_rise_mm = std::min(right, left) - m.height_mm;
    m.corner_half_width_mm = 0.5 * (curve.x_max() - curve.x_min());
    m.corner_outside_canthus_mm = std::max(std::abs(curve.x_min()), std::abs(curve.x_max())) - anchors.canthus_x_mm;
    m.density_per_cm2 = design.density_per_cm2;
    m.height = judge(m.height_mm, kHeightGuidelineMm);
    m.density = judge(m.density_per_cm2, kDensityGuidelinePerCm2);
    m.corners_on_temple_line = m.corner_outside_canthus_mm <= kCornerOutsideCanthusToleranceMm;
    m.corners_recede = m.lower_corner_rise_mm >= 0.0;
    return m;
}

HairlineMeasures measure_hairline(const Design& design, const FaceAnchors& anchors) {
    return measure_hairline(design, HairlineCurve(hairline_control_points(design, anchors)), anchors);
}

}  // namespace hairline
