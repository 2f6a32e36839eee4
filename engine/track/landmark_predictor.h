#pragma once
// The 68-point landmark predictor: dlib's ensemble of regression trees
// (Kazemi & Sullivan 2014), read from dlib's own model file but evaluated by
// our code so that results keep sub-pixel precision. dlib's
// shape_predictor rounds every landmark and every sampled feature position to
// whole pixels, which makes its output jump in 1 px steps as a head moves
// smoothly. Here the box is fractional, feature pixels are sampled
// bilinearly and landmarks stay in floating point; SamplingMode::DlibCompatible
// reproduces dlib's integer behaviour for comparison.
//
// The packaged model was trained on iBUG 300-W, whose terms are
// non-commercial; --model accepts any other 68-point dlib predictor.

#include <filesystem>
#include <memory>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/track/face_box.h"
#include "engine/track/gray_pyramid.h"
#include "engine/track/landmarks.h"

namespace hairline {

enum class SamplingMode {
    SubPixel,        // fractional box, bilinear feature pixels, float output
    DlibCompatible,  // integer box, nearest pixels, rounded output (as dlib)
};

class LandmarkPredictor {
public:
    // ensures: a loaded 68-point model, or BadInput naming the file.
    // cost:    about 0.5 s for the 99 MB packaged model (landmark_model_cache.h: ~30 ms).
    static Result<std::shared_ptr<const LandmarkPredictor>> load(const std::filesystem::path& path);

    // requires: gray is CV_8UC1; box in its pixel coordinates, non-empty
    // threads:  const; safe to call from several threads at once
    // cost:     about 1 ms, independent of image size
    Landmarks predict(const cv::Mat& gray, const FaceBox& box, SamplingMode mode = SamplingMode::SubPixel) const;

    // As predict(), on a normalised view of the face: turned upright by
    // `roll_rad` (the model was trained on mostly upright faces, so a tilted
    // head drifts) and, when larger than `max_box_px`, shrunk (area-averaged)
    // to that size (the model samples single pixels: on a large face those
    // land on pores, stubble and sensor noise, and the landmarks jitter).
    // The box is given upright, centred on the face; landmarks come back in
    // `gray`'s pixels.
    // With `mirror_average`, the mirror image is predicted too and the two
    // averaged (twice the cost, about half the systematic error).
    // Large faces are taken from a coarser level of `frame` (shared with
    // other per-frame work), so the cost does not grow with the face.
    Landmarks predict_normalised(GrayPyramid& frame, const FaceBox& box, double roll_rad,
                                 double max_box_px = kPredictBoxPx, bool mirror_average = false) const;
    static constexpr double kPredictBoxPx = 160.0;

    int cascade_count() const;
    int tree_count() const;

    ~LandmarkPredictor();
    LandmarkPredictor(const LandmarkPredictor&) = delete;
    LandmarkPredictor& operator=(const LandmarkPredictor&) = delete;

    struct Model;  // landmark_model.h (internal)
    // The parsed model, for its cache (landmark_model_cache.h).
    const Model& model() const { return *model_; }
    static std::shared_ptr<const LandmarkPredictor> from_model(Model model);

private:
    LandmarkPredictor();
    std::unique_ptr<Model> model_;
};

}  // namespace hairline
