#pragma once
// The scalp is not the model's smooth ellipsoid: the skull's own bumps and
// the soft tissue over it tilt the surface by a few degrees over a
// centimetre or so. In the scene's light they shade the skin in soft
// blotches and break the crown's highlight up, as on a real shaved head;
// without them a lit skull reads as a moulded cap.
//
// A tile of small normal offsets in skin millimetres (smoothed noise,
// periodic), so the bumps stay on the same skin as the head moves and
// foreshorten with it.
//
// Pure function of a seed.

#include <cstdint>

#include <opencv2/core/mat.hpp>

namespace hairline {

// Bumps about this wide (the noise's smoothing, mm) and this steep (the
// standard deviation of each component of the normal's offset, radians).
inline constexpr double kBumpScaleMm = 4.0;
inline constexpr double kBumpSlope = 0.06;

struct SkullBumps {
    cv::Mat offset;            // CV_32FC3, periodic: added to a normal before it is renormalised
    double mm_per_px = 0.5;    // skin millimetres per tile pixel
};

// ensures: each channel mean 0, standard deviation kBumpSlope; the tile repeats without a seam
SkullBumps make_skull_bumps(std::uint32_t seed);

// The normal tilted by the bumps at this skin position (bilinear, repeating).
cv::Vec3f bumped_normal(const SkullBumps& bumps, const cv::Vec3f& normal, cv::Vec2f skin_mm);

}  // namespace hairline
