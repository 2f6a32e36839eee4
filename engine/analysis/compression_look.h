#pragma once
// The photo's own JPEG compression, given to the pixels a preview changes.
// A JPEG's pixels carry its coding: 8x8 blocks whose edges show faintly,
// detail quantised away inside them, colour in 16-pixel blocks where the
// chroma is subsampled. A shaved scalp or ink drawn in clean pixels next
// to them is too clean: seen enlarged, or with its channels stretched, the
// changed area is the one without blocks (the blind viewer named it on 4 of
// 5 shaved previews). The changed pixels are passed through the photo's
// coding (its quality, its subsampling) on the photo's own block grid, and
// the pixels the preview did not change stay the photo's, byte for byte.
//
// Pure functions of images and the file's coding (io/jpeg_coding.h).

#include <opencv2/core/mat.hpp>

#include "engine/io/jpeg_coding.h"

namespace hairline {

struct CompressionLook {
    int quality = 0;                // IJG scale, 1..100
    bool chroma_subsampled = false; // colour coded in blocks twice the size (4:2:0)
    cv::Size block{8, 8};           // the coding unit as the picture is shown
    cv::Point phase{0, 0};          // where the units start in the shown picture (0..block-1)
};

// The coding of a JPEG stored at `stored` size, on the picture as shown
// (its EXIF orientation applied: the coding units turn with it).
CompressionLook compression_look_of(const JpegCoding& coding, cv::Size stored);

// requires: original and edited 8-bit BGR of one size
// ensures:  edited, with each pixel that differs from original replaced by
//           the same pixel of edited coded and decoded as `look` says (on its
//           grid); all other pixels as they are
// cost:     one JPEG encode and decode of the changed area's box
cv::Mat with_compression_look(const cv::Mat& original, const cv::Mat& edited, const CompressionLook& look);

}  // namespace hairline
