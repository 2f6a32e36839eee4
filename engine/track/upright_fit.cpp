#include "engine/track/upright_fit.h"

#include <cmath>

#include <glm/trigonometric.hpp>

#include "engine/track/face_check.h"
#include "engine/track/rigid_fit.h"

namespace hairline {
namespace {

constexpr double kSettledRad = glm::radians(1.0);
constexpr double kOtherSeedsRad = glm::radians(40.0);
// A first fit this symmetric is upright enough: no other seeds are tried.
constexpr double kClearlyUpright = 0.6;

UprightFit settle(const LandmarkPredictor& predictor, GrayPyramid& pyramid, const FaceBox& box, double roll, bool mirror) {
    UprightFit fit;
    fit.landmarks = predictor.predict_normalised(pyramid, box, roll, LandmarkPredictor::kPredictBoxPx, mirror);
    for (int pass = 0; pass < 4; ++pass) {
        const double found = fit_rigid_2d(fit.landmarks).roll_rad;
        if (std::abs(found - roll) < kSettledRad) break;
        roll = found;
        fit.landmarks = predictor.predict_normalised(pyramid, box_from_landmarks(fit.landmarks), roll,
                                                     LandmarkPredictor::kPredictBoxPx, mirror);
    }
    fit.roll_rad = fit_rigid_2d(fit.landmarks).roll_rad;
    fit.symmetry = face_symmetry(face_patch(pyramid, fit.landmarks, false));
    return fit;
}

}  // namespace

UprightFit fit_upright(const LandmarkPredictor& predictor, GrayPyramid& pyramid, const FaceBox& box, double roll_guess_rad,
                       bool mirror_average, bool other_seeds) {
    UprightFit best = settle(predictor, pyramid, box, roll_guess_rad, mirror_average);
    if (best.symmetry >= kClearlyUpright || !other_seeds) return best;
    for (const double other : {roll_guess_rad + kOtherSeedsRad, roll_guess_rad - kOtherSeedsRad}) {
        UprightFit fit = settle(predictor, pyramid, box, other, mirror_average);
        if (fit.symmetry > best.symmetry) best = fit;
    }
    return best;
}

}  // namespace hairline
