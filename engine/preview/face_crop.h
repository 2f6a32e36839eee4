#pragma once
// How much of a picture around the face to show, from the eye distance: the
// one place where these proportions live (live view, contact-sheet tiles,
// consultation sheet). Adult proportions in IOD units (inter-ocular distance,
// about 63 mm): the head top is about 1.9 IOD above the glabella, the chin
// about 2.2 IOD below it.

#include <opencv2/core/types.hpp>

#include "engine/track/face_fit.h"

namespace hairline {

enum class FaceCrop {
    Head,      // from above the head top to below the chin, with some air
    Forehead,  // the forehead and scalp down to the eyes (where the design is)
};

// The rectangle (image pixels) centred on the face; `aspect` (width/height)
// sets the width for Head (0: the crop's own proportion).
// requires: fit.iod_px > 0
cv::Rect2d face_crop(const FaceFit& fit, FaceCrop what, double aspect = 0.0);

}  // namespace hairline
