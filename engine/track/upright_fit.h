#pragma once
// A new face's landmarks, predicted with the face turned upright. dlib's
// detector finds faces rolled up to about 45 degrees but says nothing of
// the roll, and the predictor, given the wrong roll, returns a plausible
// face at about the roll it was given. So: predict from the guess and from
// the guess +-40 degrees, let each settle (predict again upright by the
// landmarks' own roll until it moves less than a degree), and keep the one
// whose inner face is most left-right symmetric (face_check.h): a face
// fitted upright is symmetric, one fitted 40 degrees off is not.
//
// cost: 2-5 predictions (1-2 ms each) when the guess is clearly right,
// up to 15 otherwise; only when a face is first found.

#include "engine/track/face_box.h"
#include "engine/track/gray_pyramid.h"
#include "engine/track/landmark_predictor.h"

namespace hairline {

struct UprightFit {
    Landmarks landmarks{};
    double roll_rad = 0.0;
    double symmetry = 0.0;  // face_symmetry of the result
};

// `other_seeds`: whether the guess +-40 degrees are tried too (false: a
// guess known to be within the detector's own reach, about 30 degrees).
UprightFit fit_upright(const LandmarkPredictor& predictor, GrayPyramid& pyramid, const FaceBox& box, double roll_guess_rad,
                       bool mirror_average, bool other_seeds = true);

}  // namespace hairline
