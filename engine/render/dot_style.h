#pragma once
// How each dot looks for a design: which dots are inked (density, sessions,
// feather), their size, ink strength and colour (pigment, fading). Pure
// functions; dot_is_drawn() is the CPU twin of the test in shaders/dots.vert
// (keep them in step; tests/gl checks they agree).

#include <glm/vec3.hpp>

#include "engine/design/design.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"

namespace hairline {

struct DotStyle {
    float density_fraction = 0.6f;  // rank threshold where the feather ramp is full
    float feather_mm = 8.0f;
    float radius_mm = 0.3f;         // half the nominal dot diameter
    float size_variation = 0.3f;
    float opacity = 0.85f;          // ink strength at a dot's centre
    float edge_softness = 0.3f;     // half-width of the edge falloff, relative to radius
    glm::vec3 pigment_linear{0.03f};  // linear-light transmittance of full ink
    float redness = 0.0f;           // 0..1 healing halo around fresh dots
};

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

// requires: boundary made for the same design
bool dot_is_drawn(const Dot& dot, const DotStyle& style, const HairlineBoundary& boundary);

// sRGB <-> linear for one channel in 0..1.
double srgb_to_linear(double c);
double linear_to_srgb(double c);

}  // namespace hairline
