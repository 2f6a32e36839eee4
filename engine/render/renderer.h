#pragma once
// The one SMP renderer, shared by the command line (headless EGL) and the
// live window: draws the camera frame, then multiplies the scene's inked
// dots into it, into an offscreen target.
//
// threads: GL-thread only; create, use and destroy with the context current.

#include <optional>
#include <vector>

#include <glm/vec4.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_program.h"
#include "engine/render/dot_scene.h"
#include "engine/render/dot_splats.h"
#include "engine/render/frame_programs.h"

namespace hairline {

class Renderer {
public:
    // requires: a current GL 3.3 core context
    // ensures:  compiled shaders, or a Runtime error naming the shader file
    static Result<Renderer> create();

    Renderer(Renderer&&) noexcept = default;
    Renderer& operator=(Renderer&&) noexcept = default;

    // requires: frame is CV_8UC3 BGR
    // ensures:  output_texture() holds the frame with the dots (none when
    //           scene is empty or has no field), same size as the frame,
    //           row 0 = image row 0; a Runtime error when the target cannot
    //           be made (framebuffer incomplete)
    Status render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene);

    // As render(), but of a part of the frame (`crop`, image pixels) at
    // `output` size: the frame is resampled and the dots drawn at the
    // output's resolution (a zoomed live view shows real dots, not
    // enlarged pixels).
    Status render_view(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, const cv::Rect2d& crop,
                       cv::Size output);

    cv::Mat read_bgr() const;  // the last render, as an 8-bit BGR image
    GLuint output_texture() const { return target_texture_.id(); }
    GLuint input_texture() const { return frame_texture_.id(); }  // the last frame as given
    int width() const { return width_; }
    int height() const { return height_; }

private:
    Renderer() = default;
    Status ensure_target(int width, int height);
    // Uploads the frame and binds the target at (width, height), sampling
    // the frame with `filter` (GL_NEAREST / GL_LINEAR); the caller picks the program.
    Status begin_frame_pass(const cv::Mat& frame_bgr, int width, int height, GLint filter);
    void end_pass();
    // mask_transform: output pixel -> mask texture coordinate (scale.xy, offset.xy).
    void draw_dots(const DotScene& scene, glm::vec4 mask_transform);

    FrameCopyProgram frame_program_;
    FrameViewProgram frame_view_program_;
    DotProgram dot_program_;
    gl::VertexArray empty_vao_;
    gl::VertexArray dot_vao_;
    gl::Buffer dot_buffer_;
    std::vector<DotSplat> splats_;  // scratch: this frame's visible dots
    gl::Texture frame_texture_;
    gl::Texture mask_texture_;
    gl::Texture no_mask_texture_;  // 1x1 white: dots allowed everywhere
    gl::Texture target_texture_;
    gl::Framebuffer target_fbo_;
    int width_ = 0;
    int height_ = 0;
    cv::Size frame_size_;
};

}  // namespace hairline
