#pragma once
// landmarks -> head pose -> everything the hairline needs on one face: the
// projection from head-frame mm to pixels, the fitted scalp, the anchors the
// design is measured from, and the real-world scale.

#include <optional>

#include "engine/core/result.h"
#include "engine/geom/head_model.h"
#include "engine/geom/projection.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct FaceFit {
    FaceProjection projection;
    HeadShape head;
    FaceAnchors anchors;
    PoseAngles angles;
    glm::dvec2 glabella_px{0.0};
    double iod_px = 0.0;
    double mm_per_px = 0.0;  // at the eyes, from the client's ipd
};

// Head pose by PnP of the generic face (scaled to ipd_mm) on the rigid
// landmarks. `previous` seeds the solver when tracking (steadier, faster).
// ensures: a pose with the face in front of the camera, or a Runtime error.
Result<HeadPose> estimate_head_pose(const Landmarks& landmarks, const CameraIntrinsics& camera, double ipd_mm,
                                    const std::optional<HeadPose>& previous = std::nullopt);

// Completes a fit from a pose. Pure: no solver, deterministic.
// The projection is corrected by a 2D similarity so that the model's eye
// centres and glabella land exactly on the measured ones: heights above the
// glabella in the picture then match what the design says, whatever this
// face's proportions are compared with the generic model.
FaceFit complete_face_fit(const Landmarks& landmarks, const CameraIntrinsics& camera, const HeadPose& pose,
                          double ipd_mm);

Result<FaceFit> fit_face(const Landmarks& landmarks, const CameraIntrinsics& camera, double ipd_mm,
                         const std::optional<HeadPose>& previous = std::nullopt);

// The same fit on a picture whose pixels sit `by_px` away (a crop's origin
// at -by_px): everything it projects moves by `by_px`.
FaceFit translated(FaceFit fit, glm::dvec2 by_px);

}  // namespace hairline
