#include "engine/capture/demo_photo.h"

#include <opencv2/imgcodecs.hpp>

#ifndef HAIRLINE_DEMO_PHOTO_PATH
#error "HAIRLINE_DEMO_PHOTO_PATH must name assets/astronaut.png"
#endif

// The assembler copies the file's bytes into read-only data at build time.
asm(".section .rodata\n"
    ".balign 16\n"
    "hairline_demo_photo_begin:\n"
    ".incbin \"" HAIRLINE_DEMO_PHOTO_PATH "\"\n"
    "hairline_demo_photo_end:\n"
    ".previous\n");
extern "C" const std::uint8_t hairline_demo_photo_begin[];
extern "C" const std::uint8_t hairline_demo_photo_end[];

namespace hairline {

std::span<const std::uint8_t> demo_photo_png() {
    return {hairline_demo_photo_begin, static_cast<std::size_t>(hairline_demo_photo_end - hairline_demo_photo_begin)};
}

cv::Mat demo_photo() {
    const auto bytes = demo_photo_png();
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
    return cv::imdecode(encoded, cv::IMREAD_COLOR);
}

}  // namespace hairline
