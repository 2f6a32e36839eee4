#include "engine/io/jpeg_coding.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace hairline {
namespace {

using Bytes = std::span<const std::uint8_t>;

// The IJG luminance table at quality 50 (JPEG standard, Annex K), in the
// zig-zag order a DQT segment stores it in.
constexpr std::array<int, 64> kStandardLuminanceZigzag = {
    16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49,
    35, 37, 29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56,
    80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99};

std::uint32_t be16(Bytes b, std::size_t i) { return (std::uint32_t{b[i]} << 8) | b[i + 1]; }

// libjpeg scales the standard table by s = 5000 / q (q < 50) or 200 - 2q
// percent: the median of the table's ratios to the standard gives s back.
int ijg_quality(const std::array<int, 64>& table) {
    std::vector<double> scale;
    for (std::size_t k = 0; k < 64; ++k) scale.push_back(100.0 * table[k] / kStandardLuminanceZigzag[k]);
    std::nth_element(scale.begin(), scale.begin() + 32, scale.end());
    const double s = scale[32];
    const double q = s <= 100.0 ? (200.0 - s) / 2.0 : 5000.0 / s;
    return std::clamp(static_cast<int>(std::lround(q)), 1, 100);
}

// Table 0 of a DQT segment [begin, end), if it holds one.
std::optional<std::array<int, 64>> luminance_table(Bytes b, std::size_t begin, std::size_t end) {
    std::size_t i = begin;
    while (i < end) {
        const int precision = b[i] >> 4, id = b[i] & 0x0F;
        const std::size_t size = precision == 0 ? 64 : 128;
        if (precision > 1 || i + 1 + size > end) return std::nullopt;
        if (id == 0) {
            std::array<int, 64> table{};
            for (std::size_t k = 0; k < 64; ++k) table[k] = precision == 0 ? b[i + 1 + k] : static_cast<int>(be16(b, i + 1 + 2 * k));
            return table;
        }
        i += 1 + size;
    }
    return std::nullopt;
}

// The orientation tag (0x0112) of an APP1 "Exif" segment [begin, end).
std::optional<int> exif_orientation(Bytes b, std::size_t begin, std::size_t end) {
    static constexpr std::uint8_t kExif[] = {'E', 'x', 'i', 'f', 0, 0};
    if (end - begin < 6 + 8 || !std::equal(kExif, kExif + 6, b.begin() + static_cast<std::ptrdiff_t>(begin))) return std::nullopt;
    const std::size_t tiff = begin + 6;
    const bool little = b[tiff] == 'I' && b[tiff + 1] == 'I';
    if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) return std::nullopt;
    auto u16 = [&](std::size_t i) -> std::uint32_t { return little ? (std::uint32_t{b[i + 1]} << 8) | b[i] : be16(b, i); };
    auto u32 = [&](std::size_t i) -> std::uint32_t {
        return little ? (u16(i + 2) << 16) | u16(i) : (u16(i) << 16) | u16(i + 2);
    };
    const std::size_t ifd = tiff + u32(tiff + 4);
    if (ifd < tiff || ifd + 2 > end) return std::nullopt;
    const std::size_t count = u16(ifd);
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t entry = ifd + 2 + 12 * k;
        if (entry + 12 > end) return std::nullopt;
        if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {
            const int value = static_cast<int>(u16(entry + 8));
            return value >= 1 && value <= 8 ? std::optional<int>(value) : std::nullopt;
        }
    }
    return std::nullopt;
}

bool is_frame_header(std::uint8_t marker) {
    // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

}  // namespace

std::optional<JpegCoding> read_jpeg_coding(Bytes b) {
    if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    JpegCoding coding;
    std::optional<std::array<int, 64>> table;
    bool frame = false, scan = false;
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) return std::nullopt;
        while (i < b.size() && b[i] == 0xFF) ++i;  // fill bytes
        if (i + 3 > b.size()) return std::nullopt;
        const std::uint8_t marker = b[i++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // standalone
        if (marker == 0xDA || marker == 0xD9) {  // the scan: the headers are over
            scan = marker == 0xDA;
            break;
        }
        const std::size_t length = be16(b, i);
        if (length < 2 || i + length > b.size()) return std::nullopt;
        const std::size_t begin = i + 2, end = i + length;
        if (marker == 0xDB && !table) table = luminance_table(b, begin, end);
        if (marker == 0xE1)
            if (const auto o = exif_orientation(b, begin, end)) coding.orientation = *o;
        if (is_frame_header(marker) && end - begin >= 6) {
            const std::size_t components = b[begin + 5];
            if (end - begin < 6 + 3 * components || components == 0) return std::nullopt;
            int h = 1, v = 1;
            for (std::size_t c = 0; c < components; ++c) {
                h = std::max(h, b[begin + 6 + 3 * c + 1] >> 4);
                v = std::max(v, b[begin + 6 + 3 * c + 1] & 0x0F);
            }
            coding.mcu_width = 8 * std::clamp(h, 1, 4);
            coding.mcu_height = 8 * std::clamp(v, 1, 4);
            frame = true;
        }
        i = end;
    }
    if (!table || !frame || !scan) return std::nullopt;
    coding.quality = ijg_quality(*table);
    return coding;
}

}  // namespace hairline
