#pragma once
// Still photos: find the largest face and its landmarks.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/track/face_detector.h"
#include "engine/track/landmark_predictor.h"

namespace hairline {

struct PhotoFace {
    FaceBox detector_box;
    Landmarks landmarks;
    int faces_found = 0;
    std::vector<FaceBox> others;  // the other faces found (a group photo's neighbours)
};

// requires: bgr is CV_8UC3
// ensures:  the largest face's landmarks, or Runtime "no face found"
Result<PhotoFace> find_largest_face(const cv::Mat& bgr, const FaceDetector& detector,
                                    const LandmarkPredictor& predictor, std::string_view where);

}  // namespace hairline
