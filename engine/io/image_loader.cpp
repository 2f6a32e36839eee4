#include "engine/io/image_loader.h"

#include <algorithm>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/io/heif_decode.h"
#include "engine/io/jpeg_coding.h"
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

// Any depth and channel count to 8-bit BGR; alpha composited on the backdrop.
cv::Mat to_bgr8(const cv::Mat& image, bool& transparent) {
    cv::Mat m = image;
    if (m.depth() == CV_16U) m.convertTo(m, CV_8U, 1.0 / 257.0);
    else if (m.depth() != CV_8U) m.convertTo(m, CV_8U);
    if (m.channels() == 1) {
        cv::cvtColor(m, m, cv::COLOR_GRAY2BGR);
        return m;
    }
    if (m.channels() == 3) return m;
    if (m.channels() == 2) {  // grey + alpha
        std::vector<cv::Mat> ga;
        cv::split(m, ga);
        cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, m);
    }
    cv::Mat out(m.size(), CV_8UC3);
    transparent = false;
    for (int y = 0; y < m.rows; ++y) {
        const cv::Vec4b* src = m.ptr<cv::Vec4b>(y);
        cv::Vec3b* dst = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < m.cols; ++x) {
            const int a = src[x][3];
            transparent |= a < 255;
            for (int c = 0; c < 3; ++c) dst[x][c] = static_cast<unsigned char>((src[x][c] * a + kTransparentBackdrop * (255 - a) + 127) / 255);
        }
    }
    return out;
}

}  // namespace

Result<FileKind> sniff_path(const std::string& path) {
    auto head = read_local_file(path, kSniffBytes, INT64_MAX);
    if (!head) return head.error();
    return sniff_file_kind(head->bytes);
}

Result<cv::Mat> load_image(const std::string& path, const ImageLimits& limits, ImageInfo* info) {
    auto header = read_local_file(path, kHeaderBytes, limits.max_file_bytes);
    if (!header) return header.error();
    const FileKind kind = sniff_file_kind(header->bytes);
    if (kind == FileKind::Empty) return bad_input(path, "is empty (0 bytes)");
    if (!is_still_image(kind))
        return bad_input(path, std::string("is ") + std::string(describe(kind)) +
                                   ", not a supported image (JPEG, PNG, BMP, WebP, TIFF, HEIC, AVIF)");

    std::vector<std::uint8_t> bytes = std::move(header->bytes);
    const bool whole_file = header->file_size <= static_cast<std::int64_t>(bytes.size());
    auto read_whole = [&]() -> Status {
        auto whole = read_local_file(path, limits.max_file_bytes, limits.max_file_bytes);
        if (!whole) return whole.error();
        bytes = std::move(whole->bytes);
        return ok_status();
    };
    if (kind == FileKind::Heif) {
        // libheif reads the size from its own boxes before decoding a pixel.
        if (!whole_file)
            if (auto read = read_whole(); !read) return read.error();
        auto decoded = decode_heif(bytes, limits.max_pixels, path);
        if (decoded && info) *info = ImageInfo{decoded->cols, decoded->rows, 1, false, std::nullopt};
        return decoded;
    }
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
    // A large JPEG is decoded reduced: the smallest libjpeg scale (1/2, 1/4,
    // 1/8) that brings it under reduce_above_pixels; the cap then applies to that.
    int reduction = 1;
    if (kind == FileKind::Jpeg && limits.reduce_above_pixels > 0)
        while (reduction < 8 && dims->width / reduction > limits.reduce_above_pixels / std::max<std::int64_t>(1, dims->height / reduction))
            reduction *= 2;
    const std::int64_t decoded_width = (dims->width + reduction - 1) / reduction;
    const std::int64_t decoded_height = (dims->height + reduction - 1) / reduction;
    // Compared by division: width * height of hostile 32-bit sizes overflows.
    if (decoded_width > limits.max_pixels / decoded_height) {
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
    bool transparent = false;
    try {
        const int reduced[] = {cv::IMREAD_COLOR, cv::IMREAD_REDUCED_COLOR_2, cv::IMREAD_REDUCED_COLOR_4, 0,
                               cv::IMREAD_REDUCED_COLOR_8};
        if (kind == FileKind::Png) {
            // Kept with its alpha, then laid on a neutral backdrop (not black).
            decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
            if (!decoded.empty()) decoded = to_bgr8(decoded, transparent);
        } else {
            decoded = cv::imdecode(bytes, reduced[reduction / 2]);
        }
    } catch (const cv::Exception&) {
        decoded.release();
    }
    if (decoded.empty()) return bad_input(path, std::string("cannot decode ") + std::string(describe(kind)));
    if (info) {
        *info = ImageInfo{dims->width, dims->height, reduction, transparent, std::nullopt};
        if (kind == FileKind::Jpeg && reduction == 1) info->jpeg = read_jpeg_coding(bytes);
    }
    // A file whose first header lies about the size (a second TIFF page, a
    // JPEG with two frame headers) is caught here.
    if (static_cast<std::int64_t>(decoded.total()) > limits.max_pixels)
        return bad_input(path, "decoded image is " + std::to_string(decoded.cols) + "x" + std::to_string(decoded.rows) +
                                   ", over the limit of " + with_thousands(limits.max_pixels) + " pixels (--max-pixels)");
    return decoded;
}

}  // namespace hairline
