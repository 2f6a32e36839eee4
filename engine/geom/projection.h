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

// The two camera models, one per kind of input; lens and crop are unknown
// for both, so the focal length is long (about 23 degrees across the longer
// side, a portrait lens): the hairline is then drawn where the face's own
// appearance puts it, and a face that is merely off-centre is not read as a
// turned head (a wide-angle assumption would; see docs/tracking.md).
inline constexpr double kFocalPerLongerSide = 2.5;

// Video and cameras: centred on the frame (the camera does not aim at the
// face, and the model must not change from frame to frame).
CameraIntrinsics video_intrinsics(int width_px, int height_px);

// Still photos: centred on the face, as if the photographer aimed at it.
// Assuming a camera centred on a cropped portrait would read the face's
// offset from the image centre as a head tilt.
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

// The head's left-right axis (+x, towards its left ear) as the camera shows
// it at the head's origin: a unit image vector from the pose, where the
// landmarks' eye line (face_axes) would carry their noise.
glm::dvec2 head_across_px(const FaceProjection& projection);

glm::dvec3 to_camera(const HeadPose& pose, glm::dvec3 head_point_mm);

// How squarely a surface point faces the camera: the cosine between its
// outward normal and the direction to the camera; -1 when it is behind the
// camera. Points with facing_camera() <= kMinFacing are not seen.
inline constexpr double kMinFacing = 0.02;
double facing_camera(const HeadPose& pose, glm::dvec3 head_point_mm, glm::dvec3 normal);

}  // namespace hairline
