#pragma once
// HEIC/HEIF (the iPhone's photo format) and AVIF stills, decoded by libheif
// (Debian's libheif1: HEVC through libde265, AV1 through dav1d/libaom). The
// primary image, with its rotation and mirroring (irot/imir) applied as the
// camera meant it; its size is checked against the pixel cap before any
// pixel is decoded.

#include <cstdint>
#include <span>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"

namespace hairline {

// requires: bytes is the whole file
// ensures:  8-bit BGR, or BadInput naming `where` (not HEIF, over the cap, undecodable)
Result<cv::Mat> decode_heif(std::span<const std::uint8_t> bytes, std::int64_t max_pixels, const std::string& where);

}  // namespace hairline
