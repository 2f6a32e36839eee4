#pragma once
// The one image loader every entry point uses: sniff, check the declared size
// against a pixel cap, check structural completeness, then decode.

#include <cstdint>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/io/file_sniff.h"

namespace hairline {

struct ImageLimits {
    std::int64_t max_pixels = 40'000'000;        // refuse larger images before decoding
    // A 40 Mpx photo is at most ~120 MB even as an uncompressed BMP; the cap
    // keeps a hostile file from filling memory before decoding.
    std::int64_t max_file_bytes = 256LL << 20;   // 256 MiB
};

// ensures: an 8-bit, 3-channel BGR image (EXIF orientation applied), or a
//          BadInput error naming the file: not found, wrong type ("is a PDF
//          document"), over the pixel cap, truncated, or undecodable.
// threads: safe from any thread.
Result<cv::Mat> load_image(const std::string& path, const ImageLimits& limits = {});

// Identifies a file without decoding it (for routing image vs video input).
Result<FileKind> sniff_path(const std::string& path);

}  // namespace hairline
