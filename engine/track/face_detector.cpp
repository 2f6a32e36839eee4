#include "engine/track/face_detector.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

constexpr int kMaxReferenceLevel = 30;

}  // namespace

struct FaceDetector::Impl {
    dlib::frontal_face_detector detector;
};

FaceDetector::FaceDetector() : impl_(std::make_unique<Impl>()) { impl_->detector = dlib::get_frontal_face_detector(); }
FaceDetector::FaceDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceDetector::~FaceDetector() = default;
FaceDetector::FaceDetector(FaceDetector&&) noexcept = default;
FaceDetector& FaceDetector::operator=(FaceDetector&&) noexcept = default;

std::vector<std::uint8_t> FaceDetector::serialized() const {
    std::ostringstream out;
    dlib::serialize(impl_->detector, out);
    const std::string bytes = out.str();
    return {bytes.begin(), bytes.end()};
}

std::optional<FaceDetector> FaceDetector::deserialized(std::span<const std::uint8_t> bytes) {
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    auto impl = std::make_unique<Impl>();
    try {
        dlib::deserialize(impl->detector, in);
    } catch (const std::exception&) {  // dlib's serialization_error, or sizes too large to allocate
        return std::nullopt;
    }
    // All of it, and a detector with something to detect.
    if (in.peek() != std::char_traits<char>::eof() || impl->detector.num_detectors() == 0) return std::nullopt;
    return FaceDetector(std::move(impl));
}

std::vector<DetectedFace> FaceDetector::detect(const cv::Mat& gray, double scale) const {
    cv::Mat resized;
    if (scale == 1.0) {
        resized = gray;
    } else {
        cv::resize(gray, resized, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    if (resized.cols < 20 || resized.rows < 20) return {};
    // cv_image is a view of `resized`, which outlives it in this scope.
    const dlib::cv_image<unsigned char> view(resized);
    std::vector<dlib::rect_detection> found;
    impl_->detector(view, found, 0.0);
    std::vector<DetectedFace> faces;
    for (const auto& d : found) {
        // dlib rectangles are inclusive: width = right - left + 1.
        const FaceBox box{static_cast<double>(d.rect.left()), static_cast<double>(d.rect.top()),
                          static_cast<double>(d.rect.width()), static_cast<double>(d.rect.height())};
        faces.push_back({scaled(box, 1.0 / scale), d.detection_confidence});
    }
    std::sort(faces.begin(), faces.end(), [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
    return faces;
}

double reference_scale(int level) { return kReferenceUpsample * std::pow(kPyramidStep, level); }

int reference_level_at_most(double face_px, double max_px) {
    int level = 0;
    while (face_px * reference_scale(level) > max_px && level < kMaxReferenceLevel) ++level;
    return level;
}

int reference_level_to_find(double face_px) {
    int level = 0;
    while (face_px * reference_scale(level + 1) >= kDetectorWindowPx && level < kMaxReferenceLevel) ++level;
    return level;
}

namespace {

// Large photos: faces in them are large too, and the pyramid finds them at
// 1280 px; small photos: enlarge so ~40 px faces reach the 80 px window.
// Boxes of one face found at two scales overlap at least this much.
constexpr double kSameFaceOverlap = 0.3;
// A face boxed narrower than this many detector windows at the photo's own
// size is boxed by the enlarged search (detect_faces_in_photo).
constexpr double kNearWindowShare = 1.25;
constexpr double kPhotoSearchPx = 1280.0, kEnlargeUpToPx = 2048.0, kWindowPx = 80.0;
double photo_base_scale(double longest) { return std::min(1.0, kPhotoSearchPx / longest); }
bool photo_enlarged(double longest) { return longest * 2.0 <= kEnlargeUpToPx; }

}  // namespace

double smallest_photo_face_px(cv::Size photo) {
    const double longest = std::max(photo.width, photo.height);
    return kWindowPx / (photo_enlarged(longest) ? 2.0 : photo_base_scale(longest));
}

std::vector<DetectedFace> detect_faces_in_photo(const FaceDetector& detector, const cv::Mat& gray) {
    const double longest = std::max(gray.cols, gray.rows);
    std::vector<DetectedFace> faces = detector.detect(gray, photo_base_scale(longest));
    rank_detections(faces);
    if (!photo_enlarged(longest)) return faces;
    std::vector<DetectedFace> enlarged = detector.detect(gray, 2.0);
    rank_detections(enlarged);
    if (faces.empty()) return enlarged;
    // Faces found at the photo's own size keep their order (the client is
    // chosen as before); the enlarged search adds the ones too small for the
    // window there (a group photo's neighbours). A face barely the window's
    // size was boxed at the pyramid's first level, where the window cannot
    // shrink to it: its box from the enlarged search is the closer one.
    const double near_window_px = kNearWindowShare * kWindowPx / photo_base_scale(longest);
    for (const auto& f : enlarged) {
        const auto same = std::find_if(faces.begin(), faces.end(), [&](const DetectedFace& g) {
            return intersection_over_union(f.box, g.box) > kSameFaceOverlap;
        });
        if (same == faces.end())
            faces.push_back(f);
        else if (same->box.width < near_window_px)
            same->box = f.box;
    }
    return faces;
}

bool ranks_before(const DetectedFace& a, const DetectedFace& b) {
    if (clear_detection(a) != clear_detection(b)) return clear_detection(a);
    return a.box.area() > b.box.area();
}

void rank_detections(std::vector<DetectedFace>& faces) { std::stable_sort(faces.begin(), faces.end(), ranks_before); }

}  // namespace hairline
