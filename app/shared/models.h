#pragma once
// Loading the face models, for every mode (subcommands and the live app).

#include <memory>
#include <optional>
#include <string>

#include "engine/core/result.h"
#include "engine/track/face_detector.h"
#include "engine/track/landmark_predictor.h"

namespace hairline::app {

struct FaceModels {
    std::shared_ptr<const LandmarkPredictor> predictor;
    std::unique_ptr<FaceDetector> detector;
};
// Finds and loads the landmark model while the detector initialises on a
// second thread (each takes a few hundred ms, a few tens from the user's
// cache of them: landmark_model_cache.h, face_detector_cache.h).
Result<FaceModels> load_face_models(const std::optional<std::string>& model_path);

// The face detector, through the user's cache where there is one (about a
// quarter of a second less at every start).
std::unique_ptr<FaceDetector> make_face_detector();

// Finds and loads only the landmark model.
Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor(const std::optional<std::string>& model_path);

}  // namespace hairline::app
