#include "engine/track/photo_face.h"

#include <opencv2/imgproc.hpp>

namespace hairline {

Result<PhotoFace> find_largest_face(const cv::Mat& bgr, const FaceDetector& detector,
                                    const LandmarkPredictor& predictor, std::string_view where) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const auto faces = detect_faces_in_photo(detector, gray);
    if (faces.empty()) return runtime_error(std::string(where), "no face found");
    PhotoFace out;
    out.faces_found = static_cast<int>(faces.size());
    out.detector_box = faces.front().box;
    out.landmarks = predictor.predict(gray, out.detector_box);
    return out;
}

}  // namespace hairline
