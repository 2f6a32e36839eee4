#pragma once
// Cheap per-frame checks that the face being tracked is still there (dlib's
// predictor returns a face shape wherever it is pointed: on a wall after a
// scene cut, on a hand over the face). Pure functions of images and
// landmarks; the tracker combines them into a confidence (docs/tracking.md).
//
//   appearance  the inner face (brows to mouth), normalised to a small patch
//               by the landmarks, against the track's running template:
//               zero-mean normalised cross-correlation (robust to exposure)
//   scene cut   the whole frame, as a thumbnail, against the last frame
//   turn        dlib's frontal model holds to about 30-40 degrees of yaw
//
// cost: about 0.05 ms per frame (a 32x32 patch and a 48x27 thumbnail from
// the pyramid level that is already built).

#include <opencv2/core/mat.hpp>

#include "engine/geom/projection.h"
#include "engine/track/gray_pyramid.h"
#include "engine/track/landmarks.h"

namespace hairline {

inline constexpr int kFacePatchPx = 32;

// The inner face normalised by the eyes' line and distance, CV_32F, zero
// mean and unit norm; empty when the face is degenerate or partly outside
// the frame (then it cannot be compared).
// With whole_only false, a face partly outside is filled from its border.
cv::Mat face_patch(GrayPyramid& pyramid, const Landmarks& landmarks, bool whole_only = true);

// How left-right symmetric the patch is (its correlation with its mirror
// image, -1..1): a face fitted upright is (about 0.5-0.9), one fitted at the
// wrong roll is not (below about 0.35).
double face_symmetry(const cv::Mat& patch);

// The frame as a small blurred thumbnail, CV_32F, zero mean, unit norm.
cv::Mat frame_thumbnail(GrayPyramid& pyramid);

// Normalised cross-correlation of two normalised images (-1..1); 0 when
// either is empty or their sizes differ.
double normalised_correlation(const cv::Mat& a, const cv::Mat& b);

// A template followed slowly: `rate` of the new patch, renormalised.
cv::Mat blend_template(const cv::Mat& current, const cv::Mat& patch, double rate);

// 1 while the head's yaw is within 30 degrees (pitch 25), falling to 0 at
// 45 (pitch 40): past that the 68-point frontal model's fit is not trusted.
double turn_confidence(const PoseAngles& angles);

// How far the brows, nose and eyes (points 17-47) of `now` are from those of
// `before` once the two are aligned by a similarity, rms in IODs. Tracking
// noise is about 0.01; a predictor misled by a hand over the face, 0.05+.
double shape_change(const Landmarks& now, const Landmarks& before);

// 0 below `gone`, 1 above `sure`, linear between.
double ramp(double value, double gone, double sure);

}  // namespace hairline
