#pragma once
// A design placed on one fitted face: the pieces the renderer draws and the
// measurements the CLI reports. Pure functions; no GL.

#include <vector>

#include <glm/vec2.hpp>

#include "engine/design/design.h"
#include "engine/geom/dot_field.h"
#include "engine/render/renderer.h"
#include "engine/render/skin_tone.h"
#include "engine/track/face_fit.h"

namespace hairline {

inline constexpr int kHairlinePolylinePoints = 33;

// `tone`: the client's skin (for pigment "auto" and the fading colour shift);
// a typical light-medium skin when unknown.
DotScene make_dot_scene(const Design& design, const FaceFit& fit, const std::optional<SkinTone>& tone);

// The designed hairline (smooth, without the zigzag) in image pixels, from
// the subject's right fronto-temporal corner to the left one.
std::vector<glm::dvec2> hairline_polyline_px(const Design& design, const FaceFit& fit,
                                             int count = kHairlinePolylinePoints);

// The mid-frontal point in the image, as an observer measures it: its
// distance above the glabella along the face's vertical axis (perpendicular
// to the eye line), converted to mm with the interpupillary distance.
double projected_hairline_height_mm(const Design& design, const FaceFit& fit);

// True when the dot faces the camera (the shader's back-face test).
bool dot_faces_camera(const Dot& dot, const FaceProjection& projection);

struct DotCount {
    std::size_t drawn = 0;   // inked and facing the camera
    double area_cm2 = 0.0;   // skin area above the hairline that is drawn, full or feathered
};
DotCount count_drawn_dots(const DotField& field, const DotScene& scene);

}  // namespace hairline
