#include "engine/track/naive_baseline.h"

#include <cmath>
#include <fstream>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

namespace hairline {

struct NaiveDlibBaseline::Impl {
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor predictor;
};

NaiveDlibBaseline::NaiveDlibBaseline() : impl_(std::make_unique<Impl>()) {}
NaiveDlibBaseline::~NaiveDlibBaseline() = default;

Result<std::unique_ptr<NaiveDlibBaseline>> NaiveDlibBaseline::load(const std::filesystem::path& model_path) {
    std::unique_ptr<NaiveDlibBaseline> baseline(new NaiveDlibBaseline());
    try {
        std::ifstream in(model_path, std::ios::binary);
        dlib::deserialize(baseline->impl_->predictor, in);
    } catch (const std::exception&) {
        return bad_input(model_path.string(), "not a dlib shape predictor (cannot deserialize)");
    }
    if (baseline->impl_->predictor.num_parts() != kLandmarkCount)
        return bad_input(model_path.string(), "hairline needs a 68-point predictor");
    return baseline;
}

namespace {

Landmarks to_landmarks(const dlib::full_object_detection& shape) {
    Landmarks out{};
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = {static_cast<double>(shape.part(i).x()), static_cast<double>(shape.part(i).y())};
    return out;
}

}  // namespace

NaiveDlibBaseline::Output NaiveDlibBaseline::process(const cv::Mat& bgr, int upsample) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const dlib::cv_image<unsigned char> view(gray);  // a view of `gray`, used only here
    std::vector<dlib::rectangle> faces;
    if (upsample > 1) {
        cv::Mat big;
        cv::resize(gray, big, cv::Size(), upsample, upsample, cv::INTER_LINEAR);
        const dlib::cv_image<unsigned char> big_view(big);
        for (const auto& f : impl_->detector(big_view))
            faces.emplace_back(f.left() / upsample, f.top() / upsample, f.right() / upsample, f.bottom() / upsample);
    } else {
        faces = impl_->detector(view);
    }
    Output out;
    for (const auto& f : faces)
        out.faces.push_back({static_cast<double>(f.left()), static_cast<double>(f.top()),
                             static_cast<double>(f.width()), static_cast<double>(f.height())});
    if (faces.empty()) return out;
    const auto largest = std::max_element(faces.begin(), faces.end(),
                                          [](const auto& a, const auto& b) { return a.area() < b.area(); });
    out.landmarks = to_landmarks(impl_->predictor(view, *largest));
    return out;
}

Landmarks NaiveDlibBaseline::predict(const cv::Mat& gray, const FaceBox& box) const {
    const dlib::cv_image<unsigned char> view(gray);
    const dlib::rectangle rect(std::lround(box.left), std::lround(box.top), std::lround(box.left + box.width) - 1,
                               std::lround(box.top + box.height) - 1);
    return to_landmarks(impl_->predictor(view, rect));
}

}  // namespace hairline
