#include "engine/geom/projection.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace hairline {
namespace {

// The head frame has Y up and Z towards the camera; the camera frame has y
// down and z away. A face looking straight into the camera has this rotation.
const glm::dmat3 kFacingCamera{1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, -1.0};

glm::dmat3 rotation_x(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return glm::transpose(glm::dmat3{1, 0, 0, 0, c, -s, 0, s, c});
}
glm::dmat3 rotation_y(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return glm::transpose(glm::dmat3{c, 0, s, 0, 1, 0, -s, 0, c});
}
glm::dmat3 rotation_z(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return glm::transpose(glm::dmat3{c, -s, 0, s, c, 0, 0, 0, 1});
}

}  // namespace

CameraIntrinsics video_intrinsics(int width_px, int height_px) {
    return CameraIntrinsics{kFocalPerLongerSide * std::max(width_px, height_px), {0.5 * width_px, 0.5 * height_px}};
}

// glm matrices are column-major: m[col][row]. The head-relative rotation is
// M = Ry(yaw) Rx(pitch) Rz(roll), and pose.rotation = kFacingCamera * M.
PoseAngles pose_angles(const HeadPose& pose) {
    const glm::dmat3 m = kFacingCamera * pose.rotation;  // kFacingCamera is its own inverse
    auto at = [&](int row, int col) { return m[col][row]; };
    PoseAngles out;
    out.pitch_deg = glm::degrees(std::asin(std::clamp(-at(1, 2), -1.0, 1.0)));
    out.yaw_deg = glm::degrees(std::atan2(at(0, 2), at(2, 2)));
    out.roll_deg = glm::degrees(std::atan2(at(1, 0), at(1, 1)));
    return out;
}

HeadPose pose_from_angles(const PoseAngles& angles, glm::dvec3 translation_mm) {
    const glm::dmat3 m = rotation_y(glm::radians(angles.yaw_deg)) * rotation_x(glm::radians(angles.pitch_deg)) *
                         rotation_z(glm::radians(angles.roll_deg));
    return HeadPose{kFacingCamera * m, translation_mm};
}

CameraIntrinsics photo_intrinsics(int width_px, int height_px, glm::dvec2 face_center_px) {
    return CameraIntrinsics{kFocalPerLongerSide * std::max(width_px, height_px), face_center_px};
}

glm::dvec3 to_camera(const HeadPose& pose, glm::dvec3 head_point_mm) {
    return pose.rotation * head_point_mm + pose.translation_mm;
}

double facing_camera(const HeadPose& pose, glm::dvec3 head_point_mm, glm::dvec3 normal) {
    const glm::dvec3 c = to_camera(pose, head_point_mm);
    if (c.z <= 1.0) return -1.0;
    return glm::dot(pose.rotation * normal, glm::normalize(-c));
}

glm::dvec2 project_point(const FaceProjection& projection, glm::dvec3 head_point_mm) {
    const glm::dvec3 c = to_camera(projection.pose, head_point_mm);
    const glm::dvec2 pinhole = projection.camera.principal_px + projection.camera.focal_px * glm::dvec2(c.x, c.y) / c.z;
    const glm::dvec3 corrected = projection.image_correction * glm::dvec3(pinhole, 1.0);
    return {corrected.x, corrected.y};
}

glm::dvec2 head_across_px(const FaceProjection& projection) {
    return glm::normalize(project_point(projection, {1, 0, 0}) - project_point(projection, {0, 0, 0}));
}

}  // namespace hairline
