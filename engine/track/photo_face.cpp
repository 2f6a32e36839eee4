#include "engine/track/photo_face.h"

#include <opencv2/imgproc.hpp>

#include "engine/track/rigid_fit.h"

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
    // A first pass gives the roll; the second sees the face upright, at the
    // model's scale, and mirrored (as the tracker does).
    const Landmarks first = predictor.predict(gray, out.detector_box);
    GrayPyramid pyramid(gray);
    out.landmarks = predictor.predict_normalised(pyramid, out.detector_box, fit_rigid_2d(first).roll_rad,
                                                 LandmarkPredictor::kPredictBoxPx, true);
    return out;
}

}  // namespace hairline
