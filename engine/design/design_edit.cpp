#include "engine/design/design_edit.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/design/hairline_shape.h"

namespace hairline {

void make_freeform(Design& design, const FaceAnchors& anchors, bool symmetric) {
    const std::vector<HairlinePoint> full = hairline_control_points(design, anchors);
    design.symmetric = symmetric;
    design.control_points.clear();
    for (const auto& p : full)
        if (!symmetric || p.x_mm >= 0.0) design.control_points.push_back(p);
}

void move_control_point(Design& design, const FaceAnchors& anchors, int index, ChartPoint target, bool alone) {
    if (alone && design.symmetric) make_freeform(design, anchors, false);
    if (design.control_points.empty()) make_freeform(design, anchors, design.symmetric);
    auto& pts = design.control_points;
    const int n = static_cast<int>(pts.size());
    int i = index;
    double x = std::clamp(target.x_mm, -kControlPointMaxXMm, kControlPointMaxXMm);
    if (design.symmetric) {
        // Full list index -> the stored half's index; the left side edits its mirror.
        const int middle = n - 1;
        i = std::abs(index - middle);
        x = i == 0 ? 0.0 : std::abs(x);
    }
    i = std::clamp(i, 0, n - 1);
    const auto at = [&](int k) { return pts[static_cast<std::size_t>(k)].x_mm; };
    const double lo = i > 0 ? at(i - 1) + kControlPointGapMm : (design.symmetric ? 0.0 : -kControlPointMaxXMm);
    const double hi = i + 1 < n ? at(i + 1) - kControlPointGapMm : kControlPointMaxXMm;
    // Neighbours closer than two gaps (a hand-written file): the point keeps its x.
    if (!(design.symmetric && i == 0)) x = lo <= hi ? std::clamp(x, lo, hi) : at(i);
    pts[static_cast<std::size_t>(i)] = {x, std::clamp(target.h_mm, kControlPointMinHMm, kControlPointMaxHMm)};
}

void set_hairline_height(Design& design, double height_mm) {
    const NumericKey* key = find_numeric_key("hairline_height");
    if (design.control_points.empty()) {
        design.hairline_height_mm = std::clamp(height_mm, key->min_value, key->max_value);
        return;
    }
    // The curve through the points is the same function of shifted points,
    // shifted: its midline moves by exactly the points' shift.
    const double now_mm = HairlineCurve(hairline_control_points(design, FaceAnchors{})).height_at(0.0);
    const auto [lowest, highest] = std::minmax_element(
        design.control_points.begin(), design.control_points.end(),
        [](const HairlinePoint& a, const HairlinePoint& b) { return a.h_mm < b.h_mm; });
    const double shift =
        std::clamp(height_mm - now_mm, kControlPointMinHMm - lowest->h_mm, kControlPointMaxHMm - highest->h_mm);
    for (HairlinePoint& p : design.control_points)  // (the clamp only guards against rounding)
        p.h_mm = std::clamp(p.h_mm + shift, kControlPointMinHMm, kControlPointMaxHMm);
    design.hairline_height_mm = std::clamp(now_mm + shift, key->min_value, key->max_value);
}

}  // namespace hairline
