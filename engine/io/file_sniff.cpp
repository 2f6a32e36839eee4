#include "engine/io/file_sniff.h"

#include <algorithm>
#include <cstring>

namespace hairline {
namespace {

using Bytes = std::span<const std::uint8_t>;

bool starts_with(Bytes b, std::size_t offset, std::string_view magic) {
    if (b.size() < offset + magic.size()) return false;
    return std::memcmp(b.data() + offset, magic.data(), magic.size()) == 0;
}

std::uint32_t be16(Bytes b, std::size_t i) { return (std::uint32_t{b[i]} << 8) | b[i + 1]; }
std::uint32_t be32(Bytes b, std::size_t i) { return (be16(b, i) << 16) | be16(b, i + 2); }
std::uint32_t le16(Bytes b, std::size_t i) { return std::uint32_t{b[i]} | (std::uint32_t{b[i + 1]} << 8); }
std::uint32_t le24(Bytes b, std::size_t i) { return le16(b, i) | (std::uint32_t{b[i + 2]} << 16); }
std::uint32_t le32(Bytes b, std::size_t i) { return le16(b, i) | (le16(b, i + 2) << 16); }

// Printable ASCII and well-formed UTF-8 (a sequence cut by the end of the
// sniffed head is allowed: the head is a prefix of the file).
bool looks_like_text(Bytes head) {
    if (head.empty()) return false;
    for (std::size_t i = 0; i < head.size();) {
        const std::uint8_t c = head[i];
        if (c < 0x80) {
            if (!(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7f))) return false;
            ++i;
            continue;
        }
        const std::size_t continuation = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        if (continuation == 0) return false;  // a stray continuation byte or an invalid lead byte
        for (std::size_t k = 1; k <= continuation && i + k < head.size(); ++k)
            if ((head[i + k] & 0xC0) != 0x80) return false;
        i += continuation + 1;
    }
    return true;
}

bool is_standalone_jpeg_marker(std::uint8_t marker) {
    return marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

std::optional<ImageDims> jpeg_dims(Bytes b) {
    std::optional<ImageDims> dims;
    walk_jpeg_headers(b, [&](const JpegSegment& s) {
        if (!is_jpeg_frame_header(s.marker)) return true;
        if (s.begin + 5 <= b.size()) dims = ImageDims{be16(b, s.begin + 3), be16(b, s.begin + 1)};
        return false;
    });
    return dims;
}

std::optional<ImageDims> webp_dims(Bytes b) {
    if (b.size() < 30) return std::nullopt;
    if (starts_with(b, 12, "VP8 ")) {
        return ImageDims{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
    }
    if (starts_with(b, 12, "VP8L")) {
        const std::uint32_t bits = le32(b, 21);
        return ImageDims{1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
    }
    if (starts_with(b, 12, "VP8X")) {
        return ImageDims{1 + std::int64_t{le24(b, 24)}, 1 + std::int64_t{le24(b, 27)}};
    }
    return std::nullopt;
}

std::optional<ImageDims> bmp_dims(Bytes b) {
    if (b.size() < 26) return std::nullopt;
    const std::uint32_t header_size = le32(b, 14);
    if (header_size == 12) return ImageDims{le16(b, 18), le16(b, 20)};
    if (header_size < 40) return std::nullopt;
    const auto width = static_cast<std::int32_t>(le32(b, 18));
    const auto height = static_cast<std::int32_t>(le32(b, 22));  // negative: top-down rows
    if (width <= 0 || height == 0 || height == INT32_MIN) return std::nullopt;
    return ImageDims{width, height < 0 ? -std::int64_t{height} : height};
}

std::optional<ImageDims> tiff_dims(Bytes b) {
    if (b.size() < 8) return std::nullopt;
    const bool little = b[0] == 'I';
    auto u16 = [&](std::size_t i) { return little ? le16(b, i) : be16(b, i); };
    auto u32 = [&](std::size_t i) { return little ? le32(b, i) : be32(b, i); };
    if (u16(2) != 42) return std::nullopt;  // BigTIFF (43) is not supported
    const std::size_t ifd = u32(4);
    if (ifd + 2 > b.size()) return std::nullopt;
    const std::uint32_t entries = u16(ifd);
    std::optional<std::int64_t> width, height;
    for (std::uint32_t e = 0; e < entries; ++e) {
        const std::size_t at = ifd + 2 + std::size_t{e} * 12;
        if (at + 12 > b.size()) return std::nullopt;
        const std::uint32_t tag = u16(at), type = u16(at + 2);
        const std::int64_t value = type == 3 ? u16(at + 8) : type == 4 ? u32(at + 8) : -1;
        if (value < 0) continue;
        if (tag == 256) width = value;
        if (tag == 257) height = value;
    }
    if (!width || !height) return std::nullopt;
    return ImageDims{*width, *height};
}

std::string jpeg_truncation(Bytes b) {
    std::size_t i = 2;
    while (i < b.size()) {
        if (b[i] != 0xFF) return "corrupt JPEG segment structure";
        while (i < b.size() && b[i] == 0xFF) ++i;
        if (i >= b.size()) break;
        const std::uint8_t marker = b[i++];
        if (marker == 0xD9) return {};
        if (is_standalone_jpeg_marker(marker)) continue;
        if (i + 2 > b.size()) break;
        const std::uint32_t length = be16(b, i);
        if (length < 2) return "corrupt JPEG segment length";
        if (i + length > b.size()) break;
        i += length;
        if (marker != 0xDA) continue;
        // Entropy-coded data: runs until a marker that is neither a stuffed
        // 0xFF00 nor a restart marker.
        while (i + 1 < b.size() &&
               !(b[i] == 0xFF && b[i + 1] != 0x00 && !(b[i + 1] >= 0xD0 && b[i + 1] <= 0xD7)))
            ++i;
        if (i + 1 >= b.size()) break;
    }
    return "truncated: the JPEG end marker is missing";
}

std::string png_truncation(Bytes b) {
    std::size_t i = 8;
    while (i + 8 <= b.size()) {
        const std::uint64_t length = be32(b, i);
        if (length > 0x7FFFFFFFu) return "corrupt PNG chunk length";
        if (i + 12 + length > b.size()) break;
        if (starts_with(b, i + 4, "IEND")) return {};
        i += 12 + length;
    }
    return "truncated: the PNG end chunk is missing";
}

// The BMP header declares the file size and the pixel data offset; an
// uncompressed bitmap also fixes the pixel data size.
std::string bmp_truncation(Bytes b) {
    if (b.size() < 34) return "truncated: the BMP header is incomplete";
    const std::uint64_t declared_size = le32(b, 2), pixel_offset = le32(b, 10);
    if (declared_size > b.size()) return "truncated: the BMP header declares " + std::to_string(declared_size) +
                                         " bytes, the file has " + std::to_string(b.size());
    if (pixel_offset > b.size()) return "truncated: the BMP pixel data is missing";
    const std::uint32_t header_size = le32(b, 14);
    if (header_size < 40) return {};
    const std::uint32_t bits = le16(b, 28), compression = le32(b, 30);
    const auto dims = bmp_dims(b);
    if (!dims || (compression != 0 && compression != 3) || bits == 0 || bits > 32) return {};
    const std::uint64_t row_bytes = (static_cast<std::uint64_t>(dims->width) * bits + 31) / 32 * 4;
    const std::uint64_t pixel_bytes = b.size() - pixel_offset;  // no overflow: both operands are checked
    if (row_bytes > pixel_bytes || static_cast<std::uint64_t>(dims->height) > pixel_bytes / row_bytes)
        return "truncated: the BMP pixel rows end early";
    return {};
}

// A TIFF's first directory lists where its strips (or tiles) are and how
// long each is: all of them must lie inside the file.
std::string tiff_truncation(Bytes b) {
    if (b.size() < 8) return "truncated: the TIFF header is incomplete";
    const bool little = b[0] == 'I';
    auto u16 = [&](std::size_t i) { return little ? le16(b, i) : be16(b, i); };
    auto u32 = [&](std::size_t i) { return little ? le32(b, i) : be32(b, i); };
    const std::size_t ifd = u32(4);
    if (ifd + 2 > b.size()) return "truncated: the TIFF directory is missing";
    const std::uint32_t entries = u16(ifd);
    if (ifd + 2 + std::size_t{entries} * 12 > b.size()) return "truncated: the TIFF directory ends early";
    // (tag, values) for offsets and byte counts; each value SHORT or LONG.
    struct Array {
        std::uint32_t type = 0, count = 0;
        std::size_t at = 0;  // where the values are
    };
    std::optional<Array> offsets, counts;
    for (std::uint32_t e = 0; e < entries; ++e) {
        const std::size_t at = ifd + 2 + std::size_t{e} * 12;
        const std::uint32_t tag = u16(at), type = u16(at + 2), count = u32(at + 4);
        if (type != 3 && type != 4) continue;
        const std::uint64_t bytes = std::uint64_t{count} * (type == 3 ? 2 : 4);
        const std::size_t values_at = bytes <= 4 ? at + 8 : u32(at + 8);
        if (values_at + bytes > b.size()) return "truncated: a TIFF directory entry points past the end";
        const Array array{type, count, values_at};
        if (tag == 273 || tag == 324) offsets = array;
        if (tag == 279 || tag == 325) counts = array;
    }
    if (!offsets || !counts || offsets->count != counts->count) return {};  // not ours to judge: libtiff decides
    auto value = [&](const Array& a, std::uint32_t i) -> std::uint64_t {
        return a.type == 3 ? u16(a.at + 2 * std::size_t{i}) : u32(a.at + 4 * std::size_t{i});
    };
    for (std::uint32_t i = 0; i < offsets->count; ++i)
        if (value(*offsets, i) + value(*counts, i) > b.size()) return "truncated: the TIFF image data ends early";
    return {};
}

// RIFF declares its payload size right after the magic.
std::string webp_truncation(Bytes b) {
    if (b.size() < 12) return "truncated: the WebP header is incomplete";
    const std::uint64_t declared = std::uint64_t{le32(b, 4)} + 8;
    if (declared > b.size()) return "truncated: the WebP file declares " + std::to_string(declared) +
                                    " bytes, the file has " + std::to_string(b.size());
    return {};
}

}  // namespace

bool is_still_image(FileKind kind) {
    return kind == FileKind::Jpeg || kind == FileKind::Png || kind == FileKind::Bmp ||
           kind == FileKind::Webp || kind == FileKind::Tiff || kind == FileKind::Heif;
}

bool is_video(FileKind kind) {
    return kind == FileKind::Mp4 || kind == FileKind::Matroska || kind == FileKind::Avi ||
           kind == FileKind::MpegTs;
}

std::string_view describe(FileKind kind) {
    switch (kind) {
        case FileKind::Empty: return "an empty file";
        case FileKind::Jpeg: return "a JPEG image";
        case FileKind::Png: return "a PNG image";
        case FileKind::Bmp: return "a BMP image";
        case FileKind::Webp: return "a WebP image";
        case FileKind::Tiff: return "a TIFF image";
        case FileKind::Heif: return "a HEIC/HEIF/AVIF image";
        case FileKind::HeifSequence: return "a HEIF/AVIF image sequence";
        case FileKind::Mp4: return "an MP4/QuickTime video";
        case FileKind::Matroska: return "a Matroska/WebM video";
        case FileKind::Avi: return "an AVI video";
        case FileKind::MpegTs: return "an MPEG transport stream";
        case FileKind::Gif: return "a GIF image";
        case FileKind::Pdf: return "a PDF document";
        case FileKind::Zip: return "a ZIP archive";
        case FileKind::Text: return "a text file";
        case FileKind::Unknown: break;
    }
    return "an unrecognised binary file";
}

namespace {

// ISO base media (ISO/IEC 14496-12) says what it holds in its ftyp box: the
// major brand and the compatible ones. HEIF stills (ISO/IEC 23008-12) carry
// mif1/heic/heix/avif; image sequences msf1/hevc/avis; anything else is a video.
FileKind iso_media_kind(Bytes head) {
    const std::uint32_t box = head.size() >= 8 ? (std::uint32_t{head[0]} << 24 | std::uint32_t{head[1]} << 16 |
                                                  std::uint32_t{head[2]} << 8 | head[3])
                                               : 0;
    const std::size_t end = std::min<std::size_t>(head.size(), box >= 16 && box <= 4096 ? box : 16);
    auto has_brand = [&](std::string_view brand) {
        if (starts_with(head, 8, brand)) return true;  // major
        for (std::size_t at = 16; at + 4 <= end; at += 4)
            if (starts_with(head, at, brand)) return true;
        return false;
    };
    const bool video_major = starts_with(head, 8, "isom") || starts_with(head, 8, "mp4") || starts_with(head, 8, "qt  ") ||
                             starts_with(head, 8, "M4V") || starts_with(head, 8, "3gp") || starts_with(head, 8, "avc1");
    if (video_major) return FileKind::Mp4;
    for (const std::string_view still : {"heic", "heix", "heim", "heis", "mif1", "avif", "mif2"})
        if (starts_with(head, 8, still)) return FileKind::Heif;
    for (const std::string_view sequence : {"msf1", "hevc", "hevx", "avis"})
        if (starts_with(head, 8, sequence)) return FileKind::HeifSequence;
    // Major brand of another kind: the compatible list decides.
    if (has_brand("mif1") || has_brand("heic") || has_brand("avif")) return FileKind::Heif;
    if (has_brand("msf1") || has_brand("avis")) return FileKind::HeifSequence;
    return FileKind::Mp4;
}

}  // namespace

FileKind sniff_file_kind(Bytes head) {
    if (head.empty()) return FileKind::Empty;
    if (head.size() >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return FileKind::Jpeg;
    if (starts_with(head, 0, "\x89PNG\r\n\x1a\n")) return FileKind::Png;
    if (starts_with(head, 0, "BM") && head.size() >= 18) return FileKind::Bmp;
    if (starts_with(head, 0, "RIFF") && starts_with(head, 8, "WEBP")) return FileKind::Webp;
    if (starts_with(head, 0, "RIFF") && starts_with(head, 8, "AVI ")) return FileKind::Avi;
    if (starts_with(head, 0, std::string_view("II*\0", 4)) || starts_with(head, 0, std::string_view("MM\0*", 4)))
        return FileKind::Tiff;
    if (starts_with(head, 4, "ftyp")) return iso_media_kind(head);
    if (starts_with(head, 4, "moov") || starts_with(head, 4, "mdat")) return FileKind::Mp4;
    if (starts_with(head, 0, "\x1a\x45\xdf\xa3")) return FileKind::Matroska;
    if (starts_with(head, 0, "GIF87a") || starts_with(head, 0, "GIF89a")) return FileKind::Gif;
    // MPEG-TS has no magic, only a sync byte every 188-byte packet: ask for three.
    if (head.size() >= 2 * 188 + 1 && head[0] == 0x47 && head[188] == 0x47 && head[2 * 188] == 0x47)
        return FileKind::MpegTs;
    if (starts_with(head, 0, "%PDF")) return FileKind::Pdf;
    if (starts_with(head, 0, "PK\x03\x04")) return FileKind::Zip;
    if (looks_like_text(head)) return FileKind::Text;
    return FileKind::Unknown;
}

std::optional<ImageDims> read_image_dims(FileKind kind, Bytes bytes) {
    switch (kind) {
        case FileKind::Png:
            if (bytes.size() < 24 || !starts_with(bytes, 12, "IHDR")) return std::nullopt;
            return ImageDims{be32(bytes, 16), be32(bytes, 20)};
        case FileKind::Jpeg: return jpeg_dims(bytes);
        case FileKind::Bmp: return bmp_dims(bytes);
        case FileKind::Webp: return webp_dims(bytes);
        case FileKind::Tiff: return tiff_dims(bytes);
        default: return std::nullopt;
    }
}

std::string find_truncation(FileKind kind, Bytes bytes) {
    if (kind == FileKind::Jpeg) return jpeg_truncation(bytes);
    if (kind == FileKind::Png) return png_truncation(bytes);
    if (kind == FileKind::Bmp) return bmp_truncation(bytes);
    if (kind == FileKind::Webp) return webp_truncation(bytes);
    if (kind == FileKind::Tiff) return tiff_truncation(bytes);
    return {};
}

bool is_jpeg_frame_header(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool walk_jpeg_headers(Bytes b, const std::function<bool(const JpegSegment&)>& visit) {
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) return false;
        while (i < b.size() && b[i] == 0xFF) ++i;  // fill bytes
        if (i >= b.size()) return false;
        const std::uint8_t marker = b[i++];
        if (is_standalone_jpeg_marker(marker)) continue;
        if (marker == 0xDA) return true;
        if (marker == 0xD9 || i + 2 > b.size()) return false;
        const std::uint32_t length = be16(b, i);
        if (length < 2) return false;
        if (!visit(JpegSegment{marker, i + 2, i + length})) return false;
        i += length;
    }
    return false;
}

}  // namespace hairline
