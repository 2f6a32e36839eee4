#pragma once
// dlib's HOG + linear SVM frontal face detector (five filters: frontal,
// left/right profile-ish, and rolled frontal). Its sliding window is 80x80 px
// and it scans an image pyramid down from full size, so its cost grows with
// image area and faces smaller than ~80 px are missed: callers shrink the
// image until the face is about 100 px (or enlarge it to get there).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/track/face_box.h"

namespace hairline {

struct DetectedFace {
    FaceBox box;             // in the coordinates of the image given to detect()
    double confidence = 0;   // SVM score; > 0 is a detection
};

// Under this score a detection is barely positive: patterned cloth, logos,
// a badge on a suit. It never outranks a clear face.
constexpr double kClearDetection = 0.25;
inline bool clear_detection(const DetectedFace& f) { return f.confidence >= kClearDetection; }
// Whether `a` comes before `b`: clear detections first, each group largest first.
bool ranks_before(const DetectedFace& a, const DetectedFace& b);
void rank_detections(std::vector<DetectedFace>& faces);

class FaceDetector {
public:
    // cost: about 0.25 s (dlib decodes its embedded detector; face_detector_cache.h: a few ms).
    FaceDetector();
    ~FaceDetector();
    FaceDetector(FaceDetector&&) noexcept;
    FaceDetector& operator=(FaceDetector&&) noexcept;

    // The detector as dlib serialises it, and back (its cache,
    // face_detector_cache.h): a few milliseconds against the embedded
    // detector's decoding. nullopt when dlib cannot read the bytes.
    std::vector<std::uint8_t> serialized() const;
    static std::optional<FaceDetector> deserialized(std::span<const std::uint8_t> bytes);

    // requires: gray is CV_8UC1
    // ensures:  faces found at `scale` (the image is resized by it first),
    //           boxes mapped back to `gray`'s coordinates, strongest first
    // threads:  not thread-safe; use one detector per thread
    std::vector<DetectedFace> detect(const cv::Mat& gray, double scale = 1.0) const;


private:
    struct Impl;
    explicit FaceDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The reference for "a face is there" in video: dlib's own search of the
// frame enlarged 2x, which finds faces down to about 40 px. Its detector
// scans an image pyramid, each level 5/6 the size of the one before, so it
// looks at the frame at the scales 2 (5/6)^k. Searches and checks look at
// the frame, or a region of it, at the first of those scales where the
// faces in question still fill the detector's window, and the detector's
// pyramid goes on from there (the levels above, where those faces are too
// large for the window, are skipped: that is the saving). Whether a
// borderline face (a tilt, closed eyes, a turn) is found still differs
// from the full search now and then: dlib builds each level from the one
// before, and a crop's pixel grid is not the frame's (measured: the same
// answer on 96-100% of the frames of real footage, docs/tracking.md).
inline constexpr double kReferenceUpsample = 2.0;
inline constexpr double kPyramidStep = 5.0 / 6.0;
inline constexpr double kDetectorWindowPx = 80.0;
// The first reference level at which a face `face_px` wide (frame pixels) is at most `max_px`.
int reference_level_at_most(double face_px, double max_px);
// The last reference level at which a face `face_px` wide still fills the detector's window.
int reference_level_to_find(double face_px);
// Frame pixels per pixel of reference level `level`.
double reference_scale(int level);

// For still photos: tries the scales that make faces of any size reach the
// detector window (shrinks large photos; small ones are also searched
// enlarged 2x, for faces too small for the window at their own size).
// ensures: the faces found at the photo's own size ranked as rank_detections,
//          then those only the enlarged search found (ranked likewise); where
//          the own size finds none, the enlarged search's ranked. A face boxed
//          within 1.25 windows at the own size takes its box from the enlarged search.
std::vector<DetectedFace> detect_faces_in_photo(const FaceDetector& detector, const cv::Mat& gray);

// The narrowest face (px) detect_faces_in_photo finds in a photo of this size.
double smallest_photo_face_px(cv::Size photo);

}  // namespace hairline
