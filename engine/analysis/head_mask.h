#pragma once
// An image cue for where the head ends, for still photos: GrabCut segments
// the head (skin and hair) from the background around the fitted scalp
// model, so dots the model would put beyond the real head outline (a head
// smaller than the model, a pose error at the crown) are left out.

#include <optional>

#include <opencv2/core/mat.hpp>

#include <vector>

#include "engine/track/face_box.h"
#include "engine/track/face_fit.h"
#include "engine/track/rigid_fit.h"

namespace hairline {

struct HeadMask {
    cv::Mat alpha;              // CV_8UC1, frame size: 255 where dots may go, soft edge
    double model_kept = 1.0;    // share of the model's scalp area the mask keeps
};

// requires: bgr is CV_8UC3; fit for this frame's face
// ensures:  nullopt when the segmentation is not trustworthy (it would drop
//           more than 40% of the model's scalp), so the model alone decides.
// cost:     about 50 ms (works on a head crop of at most 256 px)
std::optional<HeadMask> estimate_head_mask(const cv::Mat& bgr, const Landmarks& landmarks, const FaceFit& fit);

// Other people in the picture (a group photo's neighbours): each face box
// grown by kOtherFaceGrow on the sides and top, down by kOtherNeckReach
// face heights over their neck and collar, and up over their hair. Never this client's head: no
// dots, no hair and no head outline go there. The client's own face
// (face_keep_zone) is left out of it.
inline constexpr double kOtherFaceGrow = 0.15;
inline constexpr double kOtherNeckReach = 0.3;
// Their hair above the face: the upper half of an ellipse over the grown
// box, reaching this many face heights above the box's top (a head's top
// is about 0.5-0.7 face boxes over it).
inline constexpr double kOtherHairReach = 0.6;
// A neighbour whose face is smaller than this share of the client's stands
// further from the camera: the client's head hides them where it is (their
// zone leaves out `client_head`, the client's head outline in frame pixels).
inline constexpr double kFurtherFaceShare = 0.8;
// ensures: CV_8UC1 of `size`, 255 on the others
cv::Mat other_people_zone(const std::vector<FaceBox>& others, const Landmarks& client, cv::Size size,
                          const std::vector<cv::Point>& client_head = {});

// On video the mask is made every few frames (it costs ~50 ms) and carried to
// the frames in between by the face's 2D similarity from `made_at` to `now`.
// Only `support` moves: it must hold every non-zero pixel of `alpha` (found
// once when the mask is made: live, several masks are carried on every frame).
// ensures: a CV_8UC1 mask of `frame_size`, 0 where the moved mask does not reach.
cv::Mat carry_head_mask(const cv::Mat& alpha, const cv::Rect& support, const RigidPose2D& made_at, const RigidPose2D& now,
                        cv::Size frame_size);

}  // namespace hairline
