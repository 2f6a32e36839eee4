#include "app/shared/models.h"

#include <future>

#include "engine/track/model_locator.h"

namespace hairline::app {

Result<FaceModels> load_face_models(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    auto detector = std::async(std::launch::async, [] { return std::make_unique<FaceDetector>(); });
    auto predictor = LandmarkPredictor::load(*located);
    FaceModels models;
    models.detector = detector.get();
    if (!predictor) return predictor.error();
    models.predictor = std::move(*predictor);
    return models;
}

Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    return LandmarkPredictor::load(*located);
}

}  // namespace hairline::app
