#pragma once
// The background that hair hid, rebuilt from the background's own pixels:
// each hidden pixel takes the background seen across the hair's outline,
// mirrored about it along the ray from the head's centre. Real pixels, no
// smearing: the background's grain, blur and structure continue up to the
// head (lines crossing the outline continue mirrored, which at the short
// reach of hair reads as their continuation). Where the mirrored place is
// hidden too, the ray goes on to the nearest background it reaches.
// Neighbouring pixels' rays can meet different background (an irregular
// outline, a ray that runs out of the picture and turns sideways): their
// offsets are averaged over `smooth_px`, so the copied background bends
// smoothly instead of breaking into shards.
// Diffusion fills (Telea, Navier-Stokes) smear over such a band, and the
// exemplar-based ones in OpenCV contrib (FSR, shift-map) take seconds.
//
// Pure function.

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

namespace hairline {

// requires: bgr CV_8UC3; hidden CV_8UC1 of its size (255: to rebuild); want CV_8UC1 (255: needed there);
//           smooth_px >= 0 (0: each pixel's own mirror)
// ensures:  bgr with every wanted hidden pixel rebuilt from background where some lies along its ray
// cost:     about a millisecond per ten thousand wanted pixels, and two blurs of the picture
cv::Mat mirror_fill_background(const cv::Mat& bgr, const cv::Mat& hidden, const cv::Mat& want, glm::dvec2 centre,
                               double smooth_px);

// The copy, and where each of its pixels came from (CV_32FC2; a pixel's
// own place where nothing was copied).
struct BackgroundCopy {
    cv::Mat bgr;
    cv::Mat source;
};
BackgroundCopy mirror_copy_background(const cv::Mat& bgr, const cv::Mat& hidden, const cv::Mat& want, glm::dvec2 centre,
                                      double smooth_px);

}  // namespace hairline
