#pragma once
// The naive way, kept as the benchmark baseline: dlib's HOG detector on every
// full frame, then dlib's own shape predictor on the largest face. This is
// what `hairline bench` compares the Tracker against.

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/track/face_box.h"
#include "engine/track/landmarks.h"

namespace hairline {

class NaiveDlibBaseline {
public:
    static Result<std::unique_ptr<NaiveDlibBaseline>> load(const std::filesystem::path& model_path);
    ~NaiveDlibBaseline();

    struct Output {
        std::optional<Landmarks> landmarks;  // the largest face's, whole pixels as dlib gives them
        std::vector<FaceBox> faces;          // every detection
    };
    // upsample 2: the detector sees the frame at twice its size (finds faces
    // down to about 40 px; the reference the tracker is checked against).
    Output process(const cv::Mat& bgr, int upsample = 1);

    // dlib's predictor alone on a given box (for comparing predictor cost).
    Landmarks predict(const cv::Mat& gray, const FaceBox& box) const;

private:
    NaiveDlibBaseline();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hairline
