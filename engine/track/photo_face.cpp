#include "engine/track/photo_face.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

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
    // Seen upright, at the model's scale, and mirrored, as the tracker sees
    // a face found in an upright frame (upright_fit.h): settled from roll 0,
    // within the detector's own reach. Trying rolls 40 degrees off let the
    // symmetry test pick a face lying on its side in group photos.
    GrayPyramid pyramid(gray);
    out.landmarks = fit_upright(predictor, pyramid, out.detector_box, 0.0, true, false).landmarks;
    return out;
}

}  // namespace hairline
