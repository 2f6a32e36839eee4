#include "engine/design/design_checks.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace hairline {
namespace {

[[gnu::format(printf, 1, 2)]] std::string format(const char* pattern, ...) {
    char buf[200];
    va_list args;
    va_start(args, pattern);
    std::vsnprintf(buf, sizeof buf, pattern, args);
    va_end(args);
    return buf;
}

}  // namespace

std::vector<DesignWarning> check_design(const Design& design, const FaceAnchors& anchors) {
    std::vector<DesignWarning> out;
    // Clinical placement: the mid-frontal point 7 cm (aggressive) to 10 cm
    // (conservative) above the glabella.
    const HairlineCurve curve(hairline_control_points(design, anchors));
    const double mid = curve.height_at(0.0);
    if (mid < 70.0)
        out.push_back({"hairline_height",
                       format("Hairline %.0f mm above the glabella is lower than the clinical range (70-100 mm).", mid)});
    if (mid > 100.0)
        out.push_back({"hairline_height",
                       format("Hairline %.0f mm above the glabella is higher than the usual range (70-100 mm).", mid)});
    // The fronto-temporal corners belong on the line up from the lateral
    // canthus; beyond it they sit in front of the temporal recess.
    const double corner = std::max(std::abs(curve.x_min()), std::abs(curve.x_max()));
    if (corner > anchors.canthus_x_mm + 3.0)
        out.push_back({"control_points", format("Temple points lie %.0f mm outside the lateral canthus line.",
                                                corner - anchors.canthus_x_mm)});
    const double corner_rise = std::min(curve.height_at(curve.x_min()), curve.height_at(curve.x_max())) - mid;
    if (corner_rise < 0.0)
        out.push_back({"temple_recession",
                       format("Temple corners sit %.0f mm below the mid-frontal point; adult hairlines recede there.",
                              -corner_rise)});
    if (design.density_per_cm2 < 60.0 || design.density_per_cm2 > 120.0)
        out.push_back({"density", format("Density %.0f/cm² is outside typical SMP values (80-100 impressions/cm²).",
                                         design.density_per_cm2)});
    if (design.dot_size_mm >= 1.0)
        out.push_back({"dot_size", format("Dots of %.1f mm read as tattoo dots rather than follicles (keep under 1 mm).",
                                          design.dot_size_mm)});
    return out;
}

}  // namespace hairline
