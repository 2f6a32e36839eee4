#pragma once
// How each dot looks for a design: which dots are inked (density, sessions,
// feather), and how their ink shows through the skin (the ink-in-skin model
// of docs/ink-model.md: deposit size, per-channel strength and spread,
// ageing, healing). Pure functions, and the only place these rules live: the
// splats the renderer draws (dot_splats.cpp), its shaders' uniforms and the
// counts the report gives all come from here.

#include <glm/vec3.hpp>

#include "engine/design/design.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"
#include "engine/core/srgb.h"

namespace hairline {

// The ink-in-skin model's constants (sources and calibration: docs/ink-model.md).
namespace ink {
// Lateral spread of a deposit's shadow in the skin, per channel (Gaussian
// variance, mm^2): red light wanders about three times as far in the dermis
// as green and blue before it leaves (d'Eon & Luebke 2007, GPU Gems 3 ch. 14).
inline constexpr glm::vec3 kSpreadVarianceMm2{0.025f, 0.0144f, 0.0121f};
// Share of the light leaving the skin that went deep enough (0.3-0.5 mm,
// where SMP deposits ink) to meet it: short wavelengths scatter back from
// the layers above (Tyndall), which is why black ink reads blue-grey.
inline constexpr glm::vec3 kDepthReach{0.97f, 0.92f, 0.78f};
// Optical depth of a full-strength carbon deposit (opacity 1): dense enough
// that a dot's centre is black where its spread does not dilute it.
inline constexpr float kDepositOpticalDepth = 6.0f;
// A healed impression keeps the core of what the needle group put in: the
// ink in the epidermis and at the wound's edge leaves with the scab.
inline constexpr float kHealedDepositScale = 0.8f;
// Light wanders through the dermis and passes a deposit many times, so ink
// there takes more light than its own area shades (the fluence under the
// surface is several times the incident one): a faint, unsaturated shadow
// around the core. Its integral as a share of the core's, per channel, and
// the variance it adds to green's core (mm^2; one shape for all channels:
// the core already carries red's wider spread, and one Gaussian keeps the
// live draw's cost). Calibrated on bald crowns against the client's own
// stubble (docs/ink-model.md, section 7).
inline constexpr glm::vec3 kHaloShare{0.5f, 0.5f, 0.5f};
inline constexpr double kHaloVarianceMm2 = 0.08;
}  // namespace ink

struct DotStyle {
    // Which dots (select_dot).
    float density_fraction = 0.6f;  // rank threshold where the feather ramp is full
    float feather_mm = 8.0f;
    // The deposit of each dot.
    float radius_mm = 0.21f;        // ink deposit radius (healed: smaller than the needle group)
    float size_variation = 0.3f;
    float opacity = 0.85f;          // ink strength (0..1): the deposit's optical depth is kDepositOpticalDepth times it
    // The ink in skin, per channel (R, G, B).
    glm::vec3 depth_reach = ink::kDepthReach;                // falls for blue as the ink ages
    glm::vec3 spread_variance_mm2 = ink::kSpreadVarianceMm2;  // grows as the ink ages
    glm::vec3 pigment_linear{0.03f};  // what fully inked skin returns, relative to the skin's luminance
    float redness = 0.0f;             // 0..1 healing halo around fresh dots
};

// One dot's shadow in the skin, per channel: its darkening is
//   D(x) = reach * (1 - exp(-tau(x))) + halo(x),
// tau a Gaussian holding the deposit's optical depth (the ink's amount)
// spread by the skin. Dense ink saturates: the centre is black and the
// shadow's integral grows only logarithmically with more ink
// (docs/ink-model.md).
struct InkProfile {
    glm::dvec3 integral_mm2{0.0};       // of D over the skin
    glm::dvec3 tau_variance_mm2{0.0};   // of tau's Gaussian
    glm::dvec3 tau_peak{0.0};           // tau at the centre
    glm::dvec3 halo_integral_mm2{0.0};  // the faint shadow around it (ink::kHaloShare of the core's)
    double halo_variance_mm2 = 0.0;     // its Gaussian's (one for all channels)
};
InkProfile ink_profile(const DotStyle& style, double radius_mm, double strength = 1.0);

// Ein(x) = integral from 0 to x of (1 - e^-t) / t dt: the integral of
// 1 - exp(-x g(r)) over the plane, for g a unit-peak Gaussian of variance v,
// is 2 pi v Ein(x).
double ein(double x);
// The same from a table (relative error under 1e-5), and its inverse: the
// x >= 0 with Ein(x) = e. What the per-dot work uses.
double ein_fast(double x);
double ein_inverse(double e);

// `pigment` is the resolved colour (see resolve_pigment); skin lightness 0..1
// (CIE L*/100) decides how visibly carbon pigment drifts to blue-grey as it
// fades; 0.65 is a typical light-medium skin. `field_max_density` is the
// density of the whole dot field the style selects from.
DotStyle make_dot_style(const Design& design, const Pigment& pigment, double skin_lightness = 0.65,
                        double field_max_density = kMaxDensityPerCm2);

// Fraction of the final density present after `sessions` sessions.
double session_density_fraction(int sessions);

// Density ramp across the feather zone: 0 at the hairline, 1 at feather mm above.
double feather_ramp(double mm_above_hairline, double feather_mm);

// Whether a dot is inked for this design, and its feather ramp (0 at the
// hairline, 1 where full density starts; front-edge dots are drawn finer).
struct DotSelection {
    bool inked = false;
    double ramp = 0.0;
};
// requires: boundary made for the same design
DotSelection select_dot(const Dot& dot, const DotStyle& style, const HairlineBoundary& boundary);
inline bool dot_is_drawn(const Dot& dot, const DotStyle& style, const HairlineBoundary& boundary) {
    return select_dot(dot, style, boundary).inked;
}

// True when the dot's skin faces the camera (facing_camera() > kMinFacing).
bool dot_faces_camera(const Dot& dot, const FaceProjection& projection);

// The visible diameter of one dot on the skin (mm): the full width at half
// maximum of its green shadow (the channel the eye weighs most).
double visible_dot_diameter_mm(const DotStyle& style);

}  // namespace hairline
