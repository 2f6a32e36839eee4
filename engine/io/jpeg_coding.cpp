#include "engine/io/jpeg_coding.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine/io/file_sniff.h"

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

}  // namespace

std::optional<JpegCoding> read_jpeg_coding(Bytes b) {
    if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    JpegCoding coding;
    std::optional<std::array<int, 64>> table;
    bool frame = false, broken = false;
    const bool scan = walk_jpeg_headers(b, [&](const JpegSegment& s) {
        if (s.end > b.size()) {  // the headers must be whole
            broken = true;
            return false;
        }
        if (s.marker == 0xDB && !table) table = luminance_table(b, s.begin, s.end);
        if (s.marker == 0xE1)
            if (const auto o = exif_orientation(b, s.begin, s.end)) coding.orientation = *o;
        if (is_jpeg_frame_header(s.marker) && s.end - s.begin >= 6) {
            const std::size_t components = b[s.begin + 5];
            if (s.end - s.begin < 6 + 3 * components || components == 0) {
                broken = true;
                return false;
            }
            int h = 1, v = 1;
            for (std::size_t c = 0; c < components; ++c) {
                h = std::max(h, b[s.begin + 6 + 3 * c + 1] >> 4);
                v = std::max(v, b[s.begin + 6 + 3 * c + 1] & 0x0F);
            }
            coding.mcu_width = 8 * std::clamp(h, 1, 4);
            coding.mcu_height = 8 * std::clamp(v, 1, 4);
            frame = true;
        }
        return true;
    });
    if (!scan || broken || !table || !frame) return std::nullopt;
    coding.quality = ijg_quality(*table);
    return coding;
}

}  // namespace hairline
