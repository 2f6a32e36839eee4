#include "engine/io/image_loader.h"

#include <algorithm>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/io/local_file.h"

namespace hairline {
namespace {

// Enough for any JPEG's APPn segments (EXIF, ICC) before the frame header.
constexpr std::int64_t kHeaderBytes = 1 << 20;

std::string with_thousands(std::int64_t v) {
    std::string digits = std::to_string(v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

Result<FileKind> sniff_path(const std::string& path) {
    auto head = read_local_file(path, kSniffBytes, INT64_MAX);
    if (!head) return head.error();
    return sniff_file_kind(head->bytes);
}

Result<cv::Mat> load_image(const std::string& path, const ImageLimits& limits) {
    auto header = read_local_file(path, kHeaderBytes, limits.max_file_bytes);
    if (!header) return header.error();
    const FileKind kind = sniff_file_kind(header->bytes);
    if (kind == FileKind::Empty) return bad_input(path, "is empty (0 bytes)");
    if (!is_still_image(kind))
        return bad_input(path, std::string("is ") + std::string(describe(kind)) +
                                   ", not a supported image (JPEG, PNG, BMP, WebP, TIFF)");

    std::vector<std::uint8_t> bytes = std::move(header->bytes);
    const bool whole_file = header->file_size <= static_cast<std::int64_t>(bytes.size());
    auto read_whole = [&]() -> Status {
        auto whole = read_local_file(path, limits.max_file_bytes, limits.max_file_bytes);
        if (!whole) return whole.error();
        bytes = std::move(whole->bytes);
        return ok_status();
    };
    auto dims = read_image_dims(kind, bytes);
    // A TIFF's directory is often written after the pixels, past the prefix.
    if (!dims && !whole_file) {
        if (auto read = read_whole(); !read) return read.error();
        dims = read_image_dims(kind, bytes);
    }
    if (!dims) {
        if (auto missing = find_truncation(kind, bytes); !missing.empty()) return bad_input(path, missing);
        return bad_input(path, std::string("corrupt header: cannot read the size of ") + std::string(describe(kind)));
    }
    if (dims->width <= 0 || dims->height <= 0)
        return bad_input(path, "declares an empty image (" + std::to_string(dims->width) + "x" +
                                   std::to_string(dims->height) + ")");
    // Compared by division: width * height of hostile 32-bit sizes overflows.
    if (dims->width > limits.max_pixels / dims->height) {
        const double pixels = static_cast<double>(dims->width) * static_cast<double>(dims->height);
        return bad_input(path, "image is " + std::to_string(dims->width) + "x" + std::to_string(dims->height) + " (" +
                                   with_thousands(static_cast<std::int64_t>(std::min(pixels, 9.0e18))) +
                                   " pixels), over the limit of " + with_thousands(limits.max_pixels) +
                                   " pixels (--max-pixels)");
    }
    if (bytes.size() < static_cast<std::size_t>(header->file_size))
        if (auto read = read_whole(); !read) return read.error();
    if (auto missing = find_truncation(kind, bytes); !missing.empty()) return bad_input(path, missing);

    cv::Mat decoded;
    try {
        decoded = cv::imdecode(bytes, cv::IMREAD_COLOR);
    } catch (const cv::Exception&) {
        decoded.release();
    }
    if (decoded.empty()) return bad_input(path, std::string("cannot decode ") + std::string(describe(kind)));
    // A file whose first header lies about the size (a second TIFF page, a
    // JPEG with two frame headers) is caught here.
    if (static_cast<std::int64_t>(decoded.total()) > limits.max_pixels)
        return bad_input(path, "decoded image is " + std::to_string(decoded.cols) + "x" + std::to_string(decoded.rows) +
                                   ", over the limit of " + with_thousands(limits.max_pixels) + " pixels (--max-pixels)");
    return decoded;
}

}  // namespace hairline
