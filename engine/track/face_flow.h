#pragma once
// Frame-to-frame motion of the face from sparse optical flow (pyramidal
// Lucas-Kanade) on its most rigid landmarks. The landmark predictor only
// finds a face inside the box it is given; when the head jumps by a large
// part of its width between frames, flow puts the box back on the face.

#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/track/gray_pyramid.h"
#include "engine/track/landmarks.h"

namespace hairline {

// requires: both frames the same size; `landmarks` located in `previous`
// ensures:  the landmarks moved by the similarity that best explains the
//           flow of the brow, nose and eye points into `current`; nullopt
//           when too few points could be followed.
// cost:     about 0.3 ms (works on a pyramid level where the face is ~100 px)
std::optional<Landmarks> follow_by_flow(GrayPyramid& previous, GrayPyramid& current, const Landmarks& landmarks);

}  // namespace hairline
