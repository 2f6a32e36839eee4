#pragma once
// An image cue for where the head ends, for still photos: GrabCut segments
// the head (skin and hair) from the background around the fitted scalp
// model, so dots the model would put beyond the real head outline (a head
// smaller than the model, a pose error at the crown) are left out.

#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/track/face_fit.h"

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

}  // namespace hairline
