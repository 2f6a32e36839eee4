#pragma once
// The client's own skin texture for new skin (a shaved scalp): the fine and
// middle detail of their forehead and temples (luminance over its local
// mean), cut into small patches and laid at random, turned and flipped,
// across a tile that repeats seamlessly (patch quilting, Efros & Freeman
// 2001, with feathered overlaps for cuts). The tile is in skin millimetres,
// so on the skull it is foreshortened as real skin is. A scalp has no
// creases: patches come only from the forehead's least oriented places, and
// turned patches break up what lines are left.
//
// Pure function of an image and a mask.

#include <cstdint>
#include <optional>

#include <opencv2/core/mat.hpp>

namespace hairline {

struct SkinTexture {
    cv::Mat ratio;         // CV_32F, periodic: luminance over its local mean (about 1)
    double mm_per_px = 1;  // skin millimetres per tile pixel (the source's)
    double spread = 0;     // standard deviation of `ratio`, as the source's
};

// Patches are this wide on the skin; detail above kTextureBandMm is kept
// (the fine and middle bands: pores, stubble, blotches, fine creases).
inline constexpr double kTexturePatchMm = 9.0;
inline constexpr double kTextureBandMm = 4.0;
// Patches keep their size on the skin down to 1.8 mm per pixel; larger ones
// at coarser scales copied freckle clusters and folds as blotches.
inline constexpr int kMinTexturePatchPx = 5;

// requires: luminance CV_32F (linear light); source CV_8UC1 of its size (255: skin to copy)
// ensures:  nullopt when the source holds too few whole patches
std::optional<SkinTexture> sample_skin_texture(const cv::Mat& luminance, const cv::Mat& source, double mm_per_px,
                                               std::uint32_t seed);

// The texture at a skin position (mm), bilinear, repeating.
float texture_at(const SkinTexture& texture, cv::Vec2f skin_mm);

}  // namespace hairline
