#include "app/shared/models.h"

#include <future>

#include "engine/io/xdg_paths.h"
#include "engine/track/face_detector_cache.h"
#include "engine/track/landmark_model_cache.h"
#include "engine/track/model_locator.h"

namespace hairline::app {
namespace {

// Through the user's cache of the parsed model where there is one to use.
Result<std::shared_ptr<const LandmarkPredictor>> load_predictor(const std::filesystem::path& model) {
    if (const auto cache = xdg_cache_dir()) return load_landmark_predictor_cached(model, *cache);
    return LandmarkPredictor::load(model);
}

}  // namespace

std::unique_ptr<FaceDetector> make_face_detector() {
    if (const auto cache = xdg_cache_dir()) return make_face_detector_cached(*cache);
    return std::make_unique<FaceDetector>();
}

Result<FaceModels> load_face_models(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    auto detector = std::async(std::launch::async, [] { return make_face_detector(); });
    auto predictor = load_predictor(*located);
    FaceModels models;
    models.detector = detector.get();
    if (!predictor) return predictor.error();
    models.predictor = std::move(*predictor);
    return models;
}

Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    return load_predictor(*located);
}

}  // namespace hairline::app
