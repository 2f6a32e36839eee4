#pragma once
// Textures from OpenCV images: the one place pixels go to the GPU (frames,
// masks, thumbnails), with any row stride and no alignment assumptions.
//
// threads: GL thread, context current.

#include <opencv2/core/mat.hpp>

#include "engine/gl/gl_handle.h"

namespace hairline::gl {

// A 2D texture with this filter (GL_NEAREST, GL_LINEAR) and clamp-to-edge.
Texture make_texture(GLint filter);

// Uploads 8-bit pixels: CV_8UC1 as R8, CV_8UC3 (BGR) and CV_8UC4 (RGBA)
// as RGBA8 (BGR reordered, alpha 1), into the texture's storage when it already
// has that size and format. Leaves the texture bound to GL_TEXTURE_2D.
// requires: pixels of one of those types, not empty
void upload_texture(const Texture& texture, const cv::Mat& pixels);

void set_filter(const Texture& texture, GLint filter);

}  // namespace hairline::gl
