#pragma once
// The one SMP renderer, shared by `hairline render` (headless EGL) and the
// live window: draws the camera frame, then multiplies the selected dots of
// the dot field into it, into an offscreen target of the frame's size.
//
// threads: GL-thread only; create, use and destroy with the context current.

#include <cstdint>
#include <optional>
#include <vector>

#include <glm/vec4.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_scene.h"
#include "engine/render/dot_splats.h"

namespace hairline {

class Renderer {
public:
    // requires: a current GL 3.3 core context
    // ensures:  compiled shaders, or a Runtime error naming the shader file
    static Result<Renderer> create();

    Renderer(Renderer&&) noexcept = default;
    Renderer& operator=(Renderer&&) noexcept = default;

    // Keeps the dots (call when the field changed: new head shape or seed).
    void set_dot_field(const DotField& field);
    std::size_t dot_count() const { return field_.size(); }
    // Dots sent to the GPU by the last render: only those inked and facing
    // the camera (see compute_dot_splats).
    std::size_t dots_submitted() const { return submitted_; }

    // requires: frame is CV_8UC3 BGR
    // ensures:  output_texture() holds the frame with the dots (none when
    //           scene is empty), same size as the frame, row 0 = image row 0
    void render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene);

    // As render(), but of a part of the frame (`crop`, image pixels) at
    // `output` size: the frame is resampled and the dots drawn at the
    // output's resolution (a zoomed live view shows real dots, not
    // enlarged pixels).
    void render_view(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, const cv::Rect2d& crop,
                     cv::Size output);

    cv::Mat read_bgr() const;  // the last render, as an 8-bit BGR image
    GLuint output_texture() const { return target_texture_.id(); }
    GLuint input_texture() const { return frame_texture_.id(); }  // the last frame as given
    int width() const { return width_; }
    int height() const { return height_; }

private:
    Renderer() = default;
    void ensure_target(int width, int height);
    void upload_frame(const cv::Mat& frame_bgr);
    // Uploads the frame, binds the target at (width, height) and starts the
    // frame pass with `program` and `filter` (GL_NEAREST / GL_LINEAR).
    void begin_frame_pass(const cv::Mat& frame_bgr, int width, int height, const gl::Program& program, GLint filter);
    void end_pass();
    // mask_transform: output pixel -> mask texture coordinate (scale.xy, offset.xy).
    void draw_dots(const DotScene& scene, glm::vec4 mask_transform);

    gl::Program frame_program_;
    gl::Program frame_view_program_;
    gl::Program dot_program_;
    gl::VertexArray empty_vao_;
    gl::VertexArray dot_vao_;
    gl::Buffer dot_buffer_;
    std::vector<Dot> field_;      // CPU copy, sorted by rank
    std::vector<DotSplat> splats_;  // scratch: this frame's visible dots
    std::size_t submitted_ = 0;
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
