#pragma once
// How each dot looks for a design: which dots are inked (density, sessions,
// feather), their size, ink strength and colour (pigment, fading). Pure
// functions, and the only place these rules live: the splats the renderer
// draws (dot_splats.cpp) and the counts the report gives both ask them.

#include <glm/vec3.hpp>

#include "engine/design/design.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"

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

// sRGB <-> linear for one channel in 0..1.
double srgb_to_linear(double c);
double linear_to_srgb(double c);

}  // namespace hairline
