#include "engine/design/design_checks.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace hairline {
namespace {

[[gnu::format(printf, 1, 2)]] std::string format(const char* pattern, ...) {
    char buf[240];
    va_list args;
    va_start(args, pattern);
    std::vsnprintf(buf, sizeof buf, pattern, args);
    va_end(args);
    return buf;
}

}  // namespace

std::vector<DesignWarning> check_design(const Design& design, const HairlineMeasures& m) {
    std::vector<DesignWarning> out;
    const std::string height_range = range_text(kHeightGuidelineMm);
    if (m.height != Verdict::Within)
        out.push_back({"hairline_height",
                       format("Hairline %.0f mm above the glabella is %s than the clinical range (%s mm).", m.height_mm,
                              m.height == Verdict::Below ? "lower" : "higher", height_range.c_str())});
    if (!m.corners_on_temple_line)
        out.push_back({"control_points", format("Temple points lie %.0f mm outside the lateral canthus line.",
                                                m.corner_outside_canthus_mm)});
    if (!m.corners_recede)
        out.push_back({"temple_recession",
                       format("Temple corners sit %.0f mm below the mid-frontal point; adult hairlines recede there.",
                              -m.lower_corner_rise_mm)});
    const std::string density_range = range_text(kDensityGuidelinePerCm2);
    if (m.density != Verdict::Within)
        out.push_back({"density", format("Density %.0f/cm² is %s the clinical range (%s impressions/cm²): %s.",
                                         m.density_per_cm2, std::string(verdict_name(m.density)).c_str(),
                                         density_range.c_str(),
                                         m.density == Verdict::Below
                                             ? "it reads as thinning hair rather than a full shaved look"
                                             : "dots this close merge as the ink spreads")});
    if (design.dot_size_mm >= kFollicleDotMaxMm)
        out.push_back({"dot_size", format("Dots of %.1f mm read as tattoo dots rather than follicles (keep under %.0f mm).",
                                          design.dot_size_mm, kFollicleDotMaxMm)});
    return out;
}

}  // namespace hairline
