#pragma once
// The one SMP renderer, shared by `hairline render` (headless EGL) and the
// live window: draws the camera frame, then multiplies the selected dots of
// the dot field into it, into an offscreen target of the frame's size.
//
// threads: GL-thread only; create, use and destroy with the context current.

#include <cstdint>
#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_style.h"

namespace hairline {

// Everything the dot pass needs for one face on one frame.
struct DotScene {
    FaceProjection projection;
    HairlineBoundary boundary;
    DotStyle style;
    cv::Mat head_mask;  // optional CV_8UC1, frame size: where dots may go (255) from image cues
};

class Renderer {
public:
    // requires: a current GL 3.3 core context
    // ensures:  compiled shaders, or a Runtime error naming the shader file
    static Result<Renderer> create();

    Renderer(Renderer&&) noexcept = default;
    Renderer& operator=(Renderer&&) noexcept = default;

    // Uploads the dots (only when the field changed: new head shape or seed).
    void set_dot_field(const DotField& field);
    std::size_t dot_count() const { return dot_count_; }

    // requires: frame is CV_8UC3 BGR
    // ensures:  output_texture() holds the frame with the dots (none when
    //           scene is empty), same size as the frame, row 0 = image row 0
    void render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene);

    cv::Mat read_bgr() const;  // the last render, as an 8-bit BGR image
    GLuint output_texture() const { return target_texture_.id(); }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    Renderer() = default;
    void ensure_target(int width, int height);

    gl::Program frame_program_;
    gl::Program dot_program_;
    gl::VertexArray empty_vao_;
    gl::VertexArray dot_vao_;
    gl::Buffer dot_buffer_;
    gl::Texture frame_texture_;
    gl::Texture mask_texture_;
    gl::Texture no_mask_texture_;  // 1x1 white: dots allowed everywhere
    gl::Texture target_texture_;
    gl::Framebuffer target_fbo_;
    std::size_t dot_count_ = 0;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace hairline
