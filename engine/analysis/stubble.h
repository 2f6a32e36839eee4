#pragma once
// Hair cut to stubble by clippers, where hair grew: one follicle per
// kFollicleSpacingMm squared of skin (scalp hair grows at about 1-3 per mm²;
// a fresh buzz cut shows them as dark stubs and the roots under the skin),
// each a small dark spot of the hair's own colour, jittered on a grid in
// skin millimetres so it foreshortens with the skull, and spread over the
// pixel it falls in (area-integrated: at photo scale a follicle is smaller
// than a pixel and the stubble reads as a grainy shade, up close as dots).
//
// Pure function of the skull's skin positions; the same skin gives the same
// follicles on every frame (a hash of the grid cell, not a random stream).

#include <cstdint>

#include <opencv2/core/mat.hpp>

namespace hairline {

inline constexpr double kFollicleSpacingMm = 0.75;
// The dark area of one cut follicle on the skin (stub and root), mm²: about
// a 0.3 mm spot. At 1.8 per mm² the stubble covers about 15% of the skin.
inline constexpr double kFollicleAreaMm2 = 0.085;
// Hair does not grow evenly: follicular units hold one to four hairs, and
// the density drifts from patch to patch. The stubble's cover varies by up
// to this share either way over patches about kDensityPatchMm across.
inline constexpr double kDensityVariation = 0.3;
inline constexpr double kDensityPatchMm = 4.0;

// Seen edge-on at the head's outline the stubble stands out of the skin:
// hairs this long (mm, a fresh clipper cut) fringe the silhouette, covering
// at most kFringeCover of what lies just beyond it and thinning to their
// tips, each pixel's a little longer or shorter.
inline constexpr double kStubbleLengthMm = 1.0;
inline constexpr double kFringeCover = 0.6;

// requires: skin_mm CV_32FC2, mm_per_px CV_32FC1, strength CV_32FC1 (0..1: where and how much stubble), one size
// ensures:  CV_32FC1 of that size: the share of each pixel the stubble darkens (0..1)
cv::Mat stubble_coverage(const cv::Mat& skin_mm, const cv::Mat& mm_per_px, const cv::Mat& strength, std::uint32_t seed);

// requires: skull CV_32FC1 0..1 (the skull's cover of each pixel), strength CV_32FC1 of its size (the
//           stubble's, as stubble_coverage takes it); length_px: the hairs' length in pixels
// ensures:  CV_32FC1 of that size: the share of each pixel outside the skull the hairs' tips cover
//           (0 inside it and beyond the hairs' reach; all 0 when the hairs are shorter than half a pixel,
//           where the outline's own blur shows them)
cv::Mat stubble_fringe(const cv::Mat& skull, const cv::Mat& strength, double length_px);

}  // namespace hairline
