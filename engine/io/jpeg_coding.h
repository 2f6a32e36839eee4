#pragma once
// How a JPEG file was coded, read from its headers: the quality its
// luminance quantisation table stands for (on the IJG scale of libjpeg's
// encoder), the size of its coding unit (the MCU: 8x8 pixels, or 16 wide
// and/or high where the chroma is subsampled) and its EXIF orientation.
// What a preview needs to give the pixels it changes the photo's own
// compression (analysis/compression_look.h).
//
// Pure function of bytes; every length is checked (files are hostile).

#include <cstdint>
#include <optional>
#include <span>

namespace hairline {

struct JpegCoding {
    int quality = 0;                     // 1..100 (IJG scale)
    int mcu_width = 8, mcu_height = 8;   // the coding unit, pixels of the stored image
    int orientation = 1;                 // EXIF 1..8 (1: shown as stored)
};

// ensures: nullopt unless `bytes` hold a JPEG's headers up to its scan with a
//          luminance quantisation table and a frame header.
std::optional<JpegCoding> read_jpeg_coding(std::span<const std::uint8_t> bytes);

}  // namespace hairline
