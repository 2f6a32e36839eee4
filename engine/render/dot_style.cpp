#include "engine/render/dot_style.h"

#include <algorithm>
#include <cmath>

namespace hairline {

double srgb_to_linear(double c) {
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double linear_to_srgb(double c) {
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

double session_density_fraction(int sessions) {
    // Practitioners build density over 2-3 sessions: about a third, two
    // thirds, then full.
    return std::clamp(sessions, 1, 3) / 3.0;
}

double feather_ramp(double mm_above_hairline, double feather_mm) {
    if (mm_above_hairline < 0.0) return 0.0;
    if (feather_mm <= 0.0) return 1.0;
    const double t = std::min(mm_above_hairline / feather_mm, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

DotStyle make_dot_style(const Design& design, const Pigment& pigment, double skin_lightness,
                        double field_max_density) {
    DotStyle style;
    style.density_fraction =
        static_cast<float>(design.density_per_cm2 / field_max_density * session_density_fraction(design.sessions));
    style.feather_mm = static_cast<float>(design.feather_mm);
    style.size_variation = static_cast<float>(design.dot_size_variation);

    // Fading: pigment particles are cleared by the immune system and spread a
    // little in the dermis: lighter, softer, slightly larger dots.
    const double years = design.fade_years;
    style.radius_mm = static_cast<float>(0.5 * design.dot_size_mm * (1.0 + 0.05 * years));
    style.edge_softness = static_cast<float>(0.3 + 0.06 * years);
    // Early sessions are done lighter; the last one sets the final shade.
    const double session_strength[] = {0.75, 0.9, 1.0};
    // Healing: straight after a session the ink sits high and dark, ringed
    // with redness for a few days; it settles about 20% lighter in two weeks.
    const double days = design.days_since_session;
    const double settling = 1.0 + 0.25 * std::clamp(1.0 - days / 14.0, 0.0, 1.0);
    style.redness = static_cast<float>(0.7 * std::clamp(1.0 - days / 6.0, 0.0, 1.0));
    style.opacity = static_cast<float>(std::min(1.0, design.opacity * settling *
                                                         session_strength[std::clamp(design.sessions, 1, 3) - 1] *
                                                         (1.0 - 0.09 * years)));

    glm::dvec3 linear{srgb_to_linear(pigment.srgb.r), srgb_to_linear(pigment.srgb.g), srgb_to_linear(pigment.srgb.b)};
    // Carbon black seen through fair skin drifts towards blue-grey as it ages
    // (shorter wavelengths scatter back more from deeper, sparser particles).
    const glm::dvec3 blue_grey{srgb_to_linear(0.36), srgb_to_linear(0.42), srgb_to_linear(0.50)};
    const double drift = std::clamp(0.07 * years * std::clamp((skin_lightness - 0.3) / 0.5, 0.0, 1.0), 0.0, 0.35);
    linear = linear * (1.0 - drift) + blue_grey * drift;
    style.pigment_linear = glm::vec3(linear);
    return style;
}

DotSelection select_dot(const Dot& dot, const DotStyle& style, const HairlineBoundary& boundary) {
    DotSelection out;
    const double above = static_cast<double>(dot.h_mm) - boundary.min_h_at(dot.beta);
    out.ramp = feather_ramp(above, static_cast<double>(style.feather_mm));
    out.inked = static_cast<double>(dot.rank) < static_cast<double>(style.density_fraction) * out.ramp;
    return out;
}

bool dot_faces_camera(const Dot& dot, const FaceProjection& projection) {
    return facing_camera(projection.pose, glm::dvec3(dot.position_mm), glm::dvec3(dot.normal)) > kMinFacing;
}

}  // namespace hairline
