#include "engine/io/heif_decode.h"

#include <memory>

#include <libheif/heif.h>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

// libheif's handles, released in reverse order of making.
struct HeifDeleter {
    void operator()(heif_context* c) const { heif_context_free(c); }
    void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
    void operator()(heif_image* i) const { heif_image_release(i); }
    void operator()(heif_decoding_options* o) const { heif_decoding_options_free(o); }
};
template <typename T>
using HeifPtr = std::unique_ptr<T, HeifDeleter>;

std::string message(const heif_error& e) { return e.message ? std::string(e.message) : std::string("unknown error"); }

}  // namespace

Result<cv::Mat> decode_heif(std::span<const std::uint8_t> bytes, std::int64_t max_pixels, const std::string& where) {
    HeifPtr<heif_context> context(heif_context_alloc());
    if (!context) return runtime_error(where, "cannot start the HEIF decoder");
    heif_error e = heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(), nullptr);
    if (e.code != heif_error_Ok) return bad_input(where, "cannot read this HEIF/AVIF file: " + message(e));
    heif_image_handle* raw_handle = nullptr;
    e = heif_context_get_primary_image_handle(context.get(), &raw_handle);
    if (e.code != heif_error_Ok) return bad_input(where, "has no primary image: " + message(e));
    HeifPtr<heif_image_handle> handle(raw_handle);
    const std::int64_t w = heif_image_handle_get_width(handle.get()), h = heif_image_handle_get_height(handle.get());
    if (w <= 0 || h <= 0) return bad_input(where, "declares an empty image");
    if (w > max_pixels / h)
        return bad_input(where, "image is " + std::to_string(w) + "x" + std::to_string(h) + ", over the limit of " +
                                    std::to_string(max_pixels) + " pixels (--max-pixels)");
    HeifPtr<heif_decoding_options> options(heif_decoding_options_alloc());
    heif_image* raw_image = nullptr;
    e = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, options.get());
    if (e.code != heif_error_Ok) return bad_input(where, "cannot decode the HEIF/AVIF image: " + message(e));
    HeifPtr<heif_image> image(raw_image);
    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int width = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int height = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (!plane || width <= 0 || height <= 0) return bad_input(where, "decoded to an empty image");
    const cv::Mat rgb(height, width, CV_8UC3, const_cast<std::uint8_t*>(plane), static_cast<std::size_t>(stride));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // a copy: the plane goes with `image`
    return bgr;
}

}  // namespace hairline
