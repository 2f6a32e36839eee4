#pragma once
// How a point of the head frame (mm) lands on the image (px): head pose,
// pinhole camera, then a small 2D similarity that pins the fitted generic
// face to this client's measured eyes and glabella (see face_fit.cpp).

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

namespace hairline {

struct CameraIntrinsics {
    double focal_px = 1000.0;  // fx = fy
    glm::dvec2 principal_px{640.0, 360.0};
};

// A default camera for live video of this size: about a 53° field of view on
// the longer side, typical of laptop webcams (see docs/tracking.md).
CameraIntrinsics default_intrinsics(int width_px, int height_px);

// For still photos, whose lens and crop are unknown: a long focal length
// (about 23°, a portrait lens) centred on the face, as if the photographer
// aimed at it. Assuming a wide lens centred on a cropped portrait would read
// the face's offset from the image centre as a head tilt.
CameraIntrinsics photo_intrinsics(int width_px, int height_px, glm::dvec2 face_center_px);

// Head frame -> camera frame (OpenCV axes: x right, y down, z forward).
struct HeadPose {
    glm::dmat3 rotation{1.0};
    glm::dvec3 translation_mm{0.0, 0.0, 600.0};
};

// Head orientation relative to facing the camera squarely, in degrees.
// yaw > 0: the face turns towards the image right; pitch > 0: chin down;
// roll > 0: the head tilts counter-clockwise as seen in the image.
struct PoseAngles {
    double yaw_deg = 0.0;
    double pitch_deg = 0.0;
    double roll_deg = 0.0;
};
PoseAngles pose_angles(const HeadPose& pose);
HeadPose pose_from_angles(const PoseAngles& angles, glm::dvec3 translation_mm);

struct FaceProjection {
    CameraIntrinsics camera;
    HeadPose pose;
    glm::dmat3 image_correction{1.0};  // homogeneous 2D similarity applied to pixels
};

// requires: the point is in front of the camera (z > 0 after the pose)
glm::dvec2 project_point(const FaceProjection& projection, glm::dvec3 head_point_mm);
glm::dvec3 to_camera(const HeadPose& pose, glm::dvec3 head_point_mm);

}  // namespace hairline
