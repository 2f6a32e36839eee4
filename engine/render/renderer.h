#pragma once
// The one SMP renderer, shared by the command line (headless EGL) and the
// live window, into an offscreen target. Without a scene it copies the frame;
// with one it draws the ink in skin (docs/ink-model.md) in two passes: the
// dots' per-channel shadows into a float target, then the composite of
// frame, ink, head mask and the camera's grain.
//
// threads: GL-thread only; create, use and destroy with the context current.

#include <optional>
#include <vector>

#include <glm/vec4.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_scene.h"
#include "engine/render/dot_splats.h"
#include "engine/render/frame_programs.h"
#include "engine/render/ink_programs.h"

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
    GLuint output_texture() const { return output_.texture.id(); }
    GLuint input_texture() const { return frame_texture_.id(); }  // the last frame as given
    int width() const { return width_; }
    int height() const { return height_; }

private:
    // An offscreen colour target of one size and format.
    struct Target {
        gl::Texture texture;
        gl::Framebuffer fbo;
        int width = 0;
        int height = 0;
    };
    Renderer() = default;
    static Status ensure_target(Target& target, int width, int height, GLint internal_format, GLint filter);
    void upload_frame(const cv::Mat& frame_bgr, GLint filter);
    // crop_uv: the part of the frame shown; grain_cell: output px -> frame px.
    Status draw(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, glm::vec4 crop_uv, cv::Size output,
                glm::vec4 mask_transform, glm::vec2 grain_cell, GLint frame_filter);
    // ensures: the dots' shadows in ink_ over the returned rectangle (target
    //          pixels, empty: no dot reaches the target); ink_ outside it is stale
    cv::Rect draw_ink(const DotScene& scene);
    void bind_head_mask(const DotScene& scene, glm::vec4& mask_transform);

    FrameCopyProgram frame_program_;
    FrameViewProgram frame_view_program_;
    InkProgram ink_program_;
    CompositeProgram composite_program_;
    gl::VertexArray empty_vao_;
    gl::VertexArray dot_vao_;
    gl::Buffer dot_buffer_;
    std::vector<DotSplat> splats_;  // scratch: this frame's visible dots
    gl::Texture frame_texture_;
    gl::Texture mask_texture_;
    gl::Texture no_mask_texture_;  // 1x1 white: dots allowed everywhere
    Target output_;                // RGBA8, what read_bgr() and output_texture() give
    Target ink_;                   // RGBA16F: per-channel shadow, redness in alpha
    int width_ = 0;
    int height_ = 0;
    cv::Size frame_size_;
};

}  // namespace hairline
