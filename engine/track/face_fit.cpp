#include "engine/track/face_fit.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <glm/geometric.hpp>
#include <opencv2/calib3d.hpp>

#include "engine/geom/face_model_3d.h"

namespace hairline {
namespace {

// Head half-width relative to the jaw-contour width (landmarks 0-16): 75 mm
// for the mean face's 143 mm contour width.
constexpr double kHeadWidthPerJawWidth = 0.524;
constexpr double kMinHalfWidthMm = 66.0, kMaxHalfWidthMm = 84.0;

// The model's landmarks as the camera would report them (each projected, then
// averaged like the measured ones).
Landmarks project_model(const FaceProjection& projection, double scale) {
    const auto& model = generic_face_points();
    Landmarks out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = project_point(projection, model[i] * scale);
    return out;
}

HeadPose pose_from_cv(const cv::Mat& rvec, const cv::Mat& tvec) {
    cv::Mat r;
    cv::Rodrigues(rvec, r);
    HeadPose pose;
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) pose.rotation[col][row] = r.at<double>(row, col);
    pose.translation_mm = {tvec.at<double>(0), tvec.at<double>(1), tvec.at<double>(2)};
    return pose;
}

void pose_to_cv(const HeadPose& pose, cv::Mat& rvec, cv::Mat& tvec) {
    cv::Mat r(3, 3, CV_64F);
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) r.at<double>(row, col) = pose.rotation[col][row];
    cv::Rodrigues(r, rvec);
    tvec = (cv::Mat_<double>(3, 1) << pose.translation_mm.x, pose.translation_mm.y, pose.translation_mm.z);
}

// Similarity (scale, rotation, translation) taking the model's projected
// eye axis onto the measured one and its glabella onto the measured glabella.
glm::dmat3 anchor_correction(glm::dvec2 model_right_eye, glm::dvec2 model_left_eye, glm::dvec2 model_glabella,
                             glm::dvec2 right_eye, glm::dvec2 left_eye, glm::dvec2 measured_glabella) {
    const glm::dvec2 from = model_left_eye - model_right_eye, to = left_eye - right_eye;
    const double from_len2 = glm::dot(from, from);
    if (from_len2 < 1e-9) return glm::dmat3{1.0};
    // Complex division to/from gives scale * e^{i angle}.
    const double c = (to.x * from.x + to.y * from.y) / from_len2;
    const double s = (to.y * from.x - to.x * from.y) / from_len2;
    const glm::dvec2 rotated{c * model_glabella.x - s * model_glabella.y, s * model_glabella.x + c * model_glabella.y};
    const glm::dvec2 t = measured_glabella - rotated;
    // Column-major: columns (c, s, 0), (-s, c, 0), (tx, ty, 1).
    return glm::dmat3{c, s, 0.0, -s, c, 0.0, t.x, t.y, 1.0};
}

}  // namespace

Result<HeadPose> estimate_head_pose(const Landmarks& landmarks, const CameraIntrinsics& camera, double ipd_mm,
                                    const std::optional<HeadPose>& previous) {
    const auto& model = generic_face_points();
    const double scale = ipd_mm / kModelIpdMm;
    std::vector<cv::Point3d> object;
    std::vector<cv::Point2d> image;
    for (int i : rigid_landmark_indices()) {
        const glm::dvec3 p = model[static_cast<std::size_t>(i)] * scale;
        object.emplace_back(p.x, p.y, p.z);
        image.emplace_back(landmarks[static_cast<std::size_t>(i)].x, landmarks[static_cast<std::size_t>(i)].y);
    }
    const cv::Matx33d k(camera.focal_px, 0, camera.principal_px.x, 0, camera.focal_px, camera.principal_px.y, 0, 0, 1);
    cv::Mat rvec, tvec;
    bool solved = false;
    try {
        if (previous) {
            pose_to_cv(*previous, rvec, tvec);
            solved = cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE);
        } else {
            solved = cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP);
            if (solved) cv::solvePnPRefineLM(object, image, k, cv::noArray(), rvec, tvec);
        }
    } catch (const cv::Exception&) {
        solved = false;
    }
    if (!solved || !cv::checkRange(rvec) || !cv::checkRange(tvec))
        return runtime_error("head pose", "could not be estimated from the landmarks");
    HeadPose pose = pose_from_cv(rvec, tvec);
    if (pose.translation_mm.z <= 0) return runtime_error("head pose", "solution puts the face behind the camera");
    return pose;
}

FaceFit complete_face_fit(const Landmarks& landmarks, const CameraIntrinsics& camera, const HeadPose& pose,
                          double ipd_mm) {
    FaceFit fit;
    fit.projection.camera = camera;
    fit.projection.pose = pose;
    fit.angles = pose_angles(pose);

    const Landmarks model = project_model({camera, pose, glm::dmat3{1.0}}, ipd_mm / kModelIpdMm);
    const glm::dvec2 right = right_eye_center(landmarks), left = left_eye_center(landmarks);
    fit.glabella_px = glabella(landmarks);
    fit.projection.image_correction = anchor_correction(right_eye_center(model), left_eye_center(model),
                                                        glabella(model), right, left, fit.glabella_px);

    fit.iod_px = glm::distance(right, left);
    fit.mm_per_px = fit.iod_px > 0 ? ipd_mm / fit.iod_px : 0.0;

    // Lengths measured along the eye line are foreshortened by yaw alike, so
    // their ratio to the IOD holds when the head turns a little.
    const glm::dvec2 eye_axis = fit.iod_px > 0 ? (left - right) / fit.iod_px : glm::dvec2{1, 0};
    const double canthi_px = glm::dot(landmarks[lm::kLeftEyeOuter] - landmarks[lm::kRightEyeOuter], eye_axis);
    fit.anchors.canthus_x_mm = std::clamp(0.5 * canthi_px * fit.mm_per_px, 35.0, 55.0);
    const double jaw_px = glm::dot(landmarks[lm::kJawLast] - landmarks[lm::kJawFirst], eye_axis);
    fit.head.half_width_mm =
        std::clamp(kHeadWidthPerJawWidth * jaw_px * fit.mm_per_px, kMinHalfWidthMm, kMaxHalfWidthMm);
    return fit;
}

Result<FaceFit> fit_face(const Landmarks& landmarks, const CameraIntrinsics& camera, double ipd_mm,
                         const std::optional<HeadPose>& previous) {
    auto pose = estimate_head_pose(landmarks, camera, ipd_mm, previous);
    if (!pose) return pose.error();
    return complete_face_fit(landmarks, camera, *pose, ipd_mm);
}

FaceFit translated(FaceFit fit, glm::dvec2 by_px) {
    // Column-major: the third column is the translation.
    const glm::dmat3 shift{1.0, 0.0, 0.0, 0.0, 1.0, 0.0, by_px.x, by_px.y, 1.0};
    fit.projection.image_correction = shift * fit.projection.image_correction;
    fit.glabella_px += by_px;
    return fit;
}

}  // namespace hairline
