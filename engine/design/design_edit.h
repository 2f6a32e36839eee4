#pragma once
// Editing a design's hairline by its control points, as the live app's edit
// mode drags them: pure functions of plain data, under the same limits as
// validate_design(), so an edited design always validates.

#include "engine/design/design.h"
#include "engine/geom/head_model.h"

namespace hairline {

// Smallest lateral gap between neighbouring points while dragging (mm):
// points stay sorted and never merge.
inline constexpr double kControlPointGapMm = 1.0;

// Turns the design's current line (a preset or freeform) into freeform
// control points, kept mirrored (only x >= 0 stored) when `symmetric`.
// ensures: hairline_control_points() gives the same line as before.
void make_freeform(Design& design, const FaceAnchors& anchors, bool symmetric);

// Moves point `index` of the full, mirrored list (as hairline_control_points
// returns it, right temple first) towards `target`: a preset becomes
// freeform first; on a symmetric design the mirror moves too unless `alone`,
// which makes the design asymmetric. The point stays between its neighbours
// (kControlPointGapMm apart), inside kControlPointMaxXMm and the height range,
// and on the midline when it is the middle point of a symmetric design.
// ensures: validate_design(design) passes when it passed before.
void move_control_point(Design& design, const FaceAnchors& anchors, int index, ChartPoint target, bool alone);

// The height control, for presets and freeform lines alike: afterwards the
// line's mid-frontal point (x = 0) is `height_mm` above the glabella along
// the skin. A preset takes it as hairline_height_mm. A freeform line moves up
// or down whole, every control point by the same amount, so the shape the
// practitioner drew is kept; the move stops where a point would leave the
// height range (kControlPointMinHMm..kControlPointMaxHMm), and
// hairline_height_mm follows the line (a preset chosen next starts there).
// ensures: validate_design(design) passes when it passed before.
void set_hairline_height(Design& design, double height_mm);

}  // namespace hairline
