#pragma once
// The bundled demo photo (assets/astronaut.png: NASA portrait of Eileen
// Collins, public domain), compiled into the binary so the demo needs no
// files next to it.

#include <cstdint>
#include <span>

#include <opencv2/core/mat.hpp>

namespace hairline {

std::span<const std::uint8_t> demo_photo_png();

// ensures: the decoded photo, 8-bit BGR, 512x512.
cv::Mat demo_photo();

}  // namespace hairline
