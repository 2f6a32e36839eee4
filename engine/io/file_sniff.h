#pragma once
// Identifies a file by its first bytes and reads image dimensions from the
// header, so that hostile or oversized inputs are refused before any decoder
// runs. Pure functions over byte spans; no I/O.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hairline {

enum class FileKind {
    Empty,
    Jpeg,
    Png,
    Bmp,
    Webp,
    Tiff,
    Heif,      // ISO base media still image: HEIC/HEIF (iPhone photos), AVIF
    HeifSequence,  // an HEIF/AVIF image sequence: refused clearly
    Mp4,       // ISO base media video: .mp4 .mov .m4v .3gp
    Matroska,  // .mkv .webm
    Avi,
    MpegTs,
    Gif,  // recognised to give a clear refusal; not decoded
    Pdf,
    Zip,
    Text,
    Unknown,
};

bool is_still_image(FileKind kind);
bool is_video(FileKind kind);
std::string_view describe(FileKind kind);  // "a JPEG image", "a PDF document"...

// Looks at up to the first kSniffBytes bytes.
inline constexpr std::size_t kSniffBytes = 512;
FileKind sniff_file_kind(std::span<const std::uint8_t> head);

struct ImageDims {
    std::int64_t width = 0;
    std::int64_t height = 0;
};

// Reads the declared dimensions from a complete or partial file image.
// ensures: nullopt when the header is malformed or not present in `bytes`.
std::optional<ImageDims> read_image_dims(FileKind kind, std::span<const std::uint8_t> bytes);

// One marker segment of a JPEG's headers: its marker and its payload
// [begin, end) in the bytes walked (after the length field; `end` may lie
// past the bytes' end when they are a file's first part).
struct JpegSegment {
    std::uint8_t marker = 0;
    std::size_t begin = 0, end = 0;
};
// Walks a JPEG's header segments after SOI, in order, up to its scan (SOS),
// calling `visit` on each; `visit` returns false to stop the walk.
// ensures: true when the walk reached the scan; false at EOI, on a
//          malformed marker, where the bytes run out, or when stopped.
bool walk_jpeg_headers(std::span<const std::uint8_t> bytes, const std::function<bool(const JpegSegment&)>& visit);
// Whether a marker starts a frame header (SOF0..SOF15 but DHT, JPG and DAC).
bool is_jpeg_frame_header(std::uint8_t marker);

// Structural completeness check for JPEG (segments walked to the EOI marker),
// PNG (chunks walked to IEND, lengths inside the file), BMP (declared file
// size, pixel rows), WebP (RIFF size) and TIFF (strips or tiles inside the
// file).
// ensures: empty string when complete, else what is missing.
std::string find_truncation(FileKind kind, std::span<const std::uint8_t> bytes);

}  // namespace hairline
