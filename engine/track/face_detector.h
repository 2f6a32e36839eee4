#pragma once
// dlib's HOG + linear SVM frontal face detector (five filters: frontal,
// left/right profile-ish, and rolled frontal). Its sliding window is 80x80 px
// and it scans an image pyramid down from full size, so its cost grows with
// image area and faces smaller than ~80 px are missed: callers shrink the
// image until the face is about 100 px (or enlarge it to get there).

#include <memory>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/track/face_box.h"

namespace hairline {

struct DetectedFace {
    FaceBox box;             // in the coordinates of the image given to detect()
    double confidence = 0;   // SVM score; > 0 is a detection
};

class FaceDetector {
public:
    // cost: about 0.4 s (dlib decodes its embedded detector).
    FaceDetector();
    ~FaceDetector();
    FaceDetector(FaceDetector&&) noexcept;
    FaceDetector& operator=(FaceDetector&&) noexcept;

    // requires: gray is CV_8UC1
    // ensures:  faces found at `scale` (the image is resized by it first),
    //           boxes mapped back to `gray`'s coordinates, strongest first
    // threads:  not thread-safe; use one detector per thread
    std::vector<DetectedFace> detect(const cv::Mat& gray, double scale = 1.0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// For still photos: tries the scales that make faces of any size reach the
// detector window (shrinks large photos, enlarges small ones).
// ensures: clear detections (confidence >= 0.25) first, each group largest first.
std::vector<DetectedFace> detect_faces_in_photo(const FaceDetector& detector, const cv::Mat& gray);

// The narrowest face (px) detect_faces_in_photo finds in a photo of this size.
double smallest_photo_face_px(cv::Size photo);

}  // namespace hairline
