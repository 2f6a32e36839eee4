#include "engine/io/image_loader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/io/local_file.h"

namespace hairline {
namespace {

constexpr std::int64_t kSniffBytes = 64;
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

    const auto dims = read_image_dims(kind, header->bytes);
    if (!dims) return bad_input(path, std::string("corrupt header: cannot read the size of ") + std::string(describe(kind)));
    if (dims->width <= 0 || dims->height <= 0)
        return bad_input(path, "declares an empty image (" + std::to_string(dims->width) + "x" +
                                   std::to_string(dims->height) + ")");
    const std::int64_t pixels = dims->width * dims->height;
    if (pixels > limits.max_pixels)
        return bad_input(path, "image is " + std::to_string(dims->width) + "x" + std::to_string(dims->height) +
                                   " (" + with_thousands(pixels) + " pixels), over the limit of " +
                                   with_thousands(limits.max_pixels) + " pixels");

    std::vector<std::uint8_t> bytes = std::move(header->bytes);
    if (header->file_size > static_cast<std::int64_t>(bytes.size())) {
        auto whole = read_local_file(path, limits.max_file_bytes, limits.max_file_bytes);
        if (!whole) return whole.error();
        bytes = std::move(whole->bytes);
    }
    if (auto missing = find_truncation(kind, bytes); !missing.empty()) return bad_input(path, missing);

    cv::Mat decoded;
    try {
        decoded = cv::imdecode(bytes, cv::IMREAD_COLOR);
    } catch (const cv::Exception&) {
        decoded.release();
    }
    if (decoded.empty()) return bad_input(path, std::string("cannot decode ") + std::string(describe(kind)));
    return decoded;
}

}  // namespace hairline
