#include "engine/track/photo_face.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "engine/track/rigid_fit.h"
#include "engine/track/upright_fit.h"

namespace hairline {

Result<PhotoFace> find_largest_face(const cv::Mat& bgr, const FaceDetector& detector,
                                    const LandmarkPredictor& predictor, std::string_view where) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const auto faces = detect_faces_in_photo(detector, gray);
    if (faces.empty()) {
        // Say what size would have been found, not just "no".
        return runtime_error(std::string(where), "no face found (in a " + std::to_string(gray.cols) + "x" +
                                                     std::to_string(gray.rows) + " photo faces are found from about " +
                                                     std::to_string(static_cast<int>(std::lround(smallest_photo_face_px(gray.size())))) +
                                                     " px wide, looking at the camera; crop closer or use a larger photo)");
    }
    PhotoFace out;
    out.faces_found = static_cast<int>(faces.size());
    out.detector_box = faces.front().box;
    for (std::size_t i = 1; i < faces.size(); ++i) out.others.push_back(faces[i].box);
    // A first pass gives the roll; then the face is seen upright, at the
    // model's scale, and mirrored, as the tracker does (upright_fit.h).
    const Landmarks first = predictor.predict(gray, out.detector_box);
    GrayPyramid pyramid(gray);
    out.landmarks = fit_upright(predictor, pyramid, out.detector_box, fit_rigid_2d(first).roll_rad, true).landmarks;
    return out;
}

}  // namespace hairline
