#pragma once
// The one image loader every entry point uses: sniff, check the declared size
// against a pixel cap, check structural completeness, then decode.

#include <cstdint>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/io/file_sniff.h"
#include "engine/io/jpeg_coding.h"

namespace hairline {

struct ImageLimits {
    std::int64_t max_pixels = 40'000'000;        // refuse larger images before decoding
    // A 40 Mpx photo is at most ~120 MB even as an uncompressed BMP; the cap
    // keeps a hostile file from filling memory before decoding.
    std::int64_t max_file_bytes = 256LL << 20;   // 256 MiB
    // A JPEG larger than this is decoded at 1/2, 1/4 or 1/8 of its size by
    // libjpeg's scaled decode (the full image is never in memory), so a 48 MP
    // phone photo (at 1/4: 3 MP) costs about what a small one does; a face
    // filling a tenth of it still has an IOD of ~100 px. Its declared size
    // may then be up to 64x the pixel cap. 0: never reduce.
    std::int64_t reduce_above_pixels = 4'000'000;
};

struct ImageInfo {
    std::int64_t full_width = 0, full_height = 0;  // as the file declares (before orientation)
    int reduction = 1;                              // 1, 2, 4 or 8: decoded at 1/reduction of that
    bool had_transparency = false;                  // composited on kTransparentBackdrop
    // A JPEG read at its own size: how it was coded (previews give their
    // changed pixels the same compression, analysis/compression_look.h).
    std::optional<JpegCoding> jpeg;
};

// What a transparent background becomes: a neutral light grey (BGR), like a studio backdrop.
inline constexpr unsigned char kTransparentBackdrop = 200;

// ensures: an 8-bit, 3-channel BGR image (EXIF orientation applied), or a
//          BadInput error naming the file: not found, wrong type ("is a PDF
//          document"), over the pixel cap, truncated, or undecodable.
// threads: safe from any thread.
Result<cv::Mat> load_image(const std::string& path, const ImageLimits& limits = {}, ImageInfo* info = nullptr);

// Identifies a file without decoding it (for routing image vs video input).
Result<FileKind> sniff_path(const std::string& path);

}  // namespace hairline
