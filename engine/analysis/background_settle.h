#pragma once
// The rebuilt background, settled where the mirror's copy (background_fill.h)
// is untrue to a defocused background: where it squeezes a strip of
// background into streaks (a picture cut close beside or above the head, a
// sliver of background left between hair and frame) or stretches it into a
// warp, and the background behind the head is out of focus (as it mostly is
// behind a portrait), the copy's coarse content gives way to the membrane
// through the seen background around the region (membrane.h), keeping only
// its grain. A crisp background keeps the copy: a membrane there would
// smear its edges.
//
// Pure functions.

#include <opencv2/core/mat.hpp>

#include "engine/analysis/background_fill.h"

namespace hairline {

// How far the copy around each pixel is from a rigid move (CV_32F 0..1,
// smoothed over smooth_px): 1 where it squeezes a strip of background into
// streaks along the rays (a picture cut close beside or above the head, a
// sliver of background left between hair and frame) or stretches it into a
// warp; 0 where it mirrors, and outside the copied pixels (hidden & want,
// as mirror_copy_background took them).
cv::Mat copy_distortion(const cv::Mat& source, const cv::Mat& hidden, const cv::Mat& want, double smooth_px);

// The seen background within ring_px of the hidden region (CV_8UC1, 255).
cv::Mat seen_ring(const cv::Mat& hidden, double ring_px);

// How out of focus the background in `ring` is: 1 where its strongest
// edges are as soft at the finest scale as at a coarser one (bokeh, a
// defocused room), 0 where they are crisp (a wall, a door frame in focus).
double background_softness(const cv::Mat& bgr, const cv::Mat& ring);

// The copy settled as above: by the copy's distortion (smoothed over
// smooth_px) times the background's softness (judged within two smooth_px
// of the region); the grain kept is the detail finer than grain_px, held to
// the seen background's own.
//
// requires: copy from mirror_copy_background with these hidden and want; grain_px > 0, smooth_px > 0
// ensures:  copy.bgr, changed only on wanted hidden pixels
cv::Mat settle_background(const BackgroundCopy& copy, const cv::Mat& hidden, const cv::Mat& want, double grain_px,
                          double smooth_px);

}  // namespace hairline
