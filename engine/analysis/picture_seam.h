#pragma once
// Where the picture the face is in begins above it. A photo pasted into a
// collage (a contact sheet, a page of portraits, a group photo made of
// crops) ends at a straight seam, and beyond it is another picture: a chin
// or a face of skin's colour there is not this client's head, and the
// head's outline is not seen past the seam. A seam is a straight
// horizontal step across the head's whole width, the head included (a
// real edge behind the head is hidden where the head is, and one above it
// lies where the head does not reach: cutting there loses nothing).
//
// Pure function of an image and where the face is.

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

namespace hairline {

// The seam's step: the largest channel difference across three rows (a
// JPEG blurs a seam over a pixel or two), on this share of the columns
// within kSeamHalfSpanIod of the glabella.
inline constexpr int kSeamMinStep = 20;
inline constexpr double kSeamMinShare = 0.9;
inline constexpr double kSeamHalfSpanIod = 2.0;
// Searched from just over the brows up to a little over a tall skull.
inline constexpr double kSeamNearestIod = 0.8, kSeamFarthestIod = 4.5;

// requires: bgr CV_8UC3; the face upright within a few tens of degrees
// ensures:  the first row of the face's picture: 0 when no seam is above it
int picture_top(const cv::Mat& bgr, glm::dvec2 glabella_px, double iod_px);

}  // namespace hairline
