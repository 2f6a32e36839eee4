#pragma once
// From a pixel back onto the scalp: which design-chart point (x_mm, h_mm) the
// practitioner is pointing at. Used to drag hairline control points on the
// video while the design stays in face-relative millimetres.

#include <optional>

#include <glm/vec2.hpp>

#include "engine/geom/head_model.h"
#include "engine/geom/projection.h"

namespace hairline {

// ensures: the chart point where the camera ray through `pixel` first meets
//          the scalp, or nullopt when it misses the head.
std::optional<ChartPoint> pick_scalp(const FaceProjection& projection, const ScalpChart& chart, glm::dvec2 pixel);

// The way back: where a chart point shows in the image (pick_scalp's inverse
// for points the camera sees).
// ensures: the pixel, or nullopt when the chart point is beyond the scalp.
std::optional<glm::dvec2> chart_point_px(const FaceProjection& projection, const ScalpChart& chart, ChartPoint point);

// The chart coordinates of a point on (or very near) the surface.
ChartPoint chart_of_point(const ScalpChart& chart, glm::dvec3 head_point_mm);

}  // namespace hairline
