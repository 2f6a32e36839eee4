#include "engine/render/renderer.h"

#include <cstddef>

#include <glm/gtc/type_ptr.hpp>

#include "engine/gl/gl_program.h"
#include "engine/render/dot_splats.h"

namespace hairline {
namespace {

void set_float(const gl::Program& p, const char* name, float v) { glUniform1f(gl::uniform(p, name), v); }

}  // namespace

Result<Renderer> Renderer::create() {
    Renderer r;
    auto frame = gl::build_program("frame.vert", "frame.frag");
    if (!frame) return frame.error();
    auto dots = gl::build_program("dots.vert", "dots.frag");
    if (!dots) return dots.error();
    auto view = gl::build_program("frame_view.vert", "frame_view.frag");
    if (!view) return view.error();
    r.frame_view_program_ = std::move(*view);
    r.frame_program_ = std::move(*frame);
    r.dot_program_ = std::move(*dots);
    r.empty_vao_ = gl::VertexArray::create();
    r.dot_vao_ = gl::VertexArray::create();
    r.dot_buffer_ = gl::Buffer::create();
    r.frame_texture_ = gl::Texture::create();

    glBindVertexArray(r.dot_vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r.dot_buffer_.id());
    const auto stride = static_cast<GLsizei>(sizeof(DotSplat));
    auto attribute = [&](GLuint index, GLint size, std::size_t offset) {
        glEnableVertexAttribArray(index);
        glVertexAttribPointer(index, size, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offset));
    };
    attribute(0, 2, offsetof(DotSplat, center_px));
    attribute(1, 3, offsetof(DotSplat, inverse_cov));
    attribute(2, 1, offsetof(DotSplat, amplitude));
    attribute(3, 1, offsetof(DotSplat, halo));
    attribute(4, 2, offsetof(DotSplat, half_extent));
    glBindVertexArray(0);

    glBindTexture(GL_TEXTURE_2D, r.frame_texture_.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    r.mask_texture_ = gl::Texture::create();
    r.no_mask_texture_ = gl::Texture::create();
    for (const gl::Texture* t : {&r.mask_texture_, &r.no_mask_texture_}) {
        glBindTexture(GL_TEXTURE_2D, t->id());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    const std::uint8_t white = 255;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, 1, 1, 0, GL_RED, GL_UNSIGNED_BYTE, &white);
    glBindTexture(GL_TEXTURE_2D, 0);
    return r;
}

void Renderer::set_dot_field(const DotField& field) { field_ = field.dots; }

void Renderer::ensure_target(int width, int height) {
    if (width == width_ && height == height_ && target_fbo_) return;
    target_texture_ = gl::Texture::create();
    glBindTexture(GL_TEXTURE_2D, target_texture_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    target_fbo_ = gl::Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target_texture_.id(), 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    width_ = width;
    height_ = height;
}

void Renderer::upload_frame(const cv::Mat& frame_bgr) {
    CV_Assert(frame_bgr.type() == CV_8UC3);
    glBindTexture(GL_TEXTURE_2D, frame_texture_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(frame_bgr.step / frame_bgr.elemSize()));
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, frame_bgr.cols, frame_bgr.rows, 0, GL_BGR, GL_UNSIGNED_BYTE,
                 frame_bgr.data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    frame_size_ = frame_bgr.size();
}

void Renderer::begin_frame_pass(const cv::Mat& frame_bgr, int width, int height, const gl::Program& program,
                                GLint filter) {
    ensure_target(width, height);
    upload_frame(frame_bgr);
    glBindTexture(GL_TEXTURE_2D, frame_texture_.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);

    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glViewport(0, 0, width_, height_);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(program.id());
    glUniform1i(gl::uniform(program, "u_frame"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(empty_vao_.id());
}

void Renderer::end_pass() {
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Renderer::render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene) {
    // Output pixels are frame pixels: sample them exactly.
    begin_frame_pass(frame_bgr, frame_bgr.cols, frame_bgr.rows, frame_program_, GL_NEAREST);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    if (scene) draw_dots(*scene, glm::vec4(1.0f / static_cast<float>(width_), 1.0f / static_cast<float>(height_), 0, 0));
    end_pass();
}

void Renderer::render_view(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, const cv::Rect2d& crop,
                           cv::Size output) {
    const gl::Program& p = frame_view_program_;
    begin_frame_pass(frame_bgr, output.width, output.height, p, GL_LINEAR);
    const float w = static_cast<float>(frame_bgr.cols), h = static_cast<float>(frame_bgr.rows);
    glUniform4f(gl::uniform(p, "u_crop_uv"), static_cast<float>(crop.x) / w, static_cast<float>(crop.y) / h,
                static_cast<float>(crop.x + crop.width) / w, static_cast<float>(crop.y + crop.height) / h);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    if (scene) {
        // Image pixels -> output pixels (pixel centres on integers in both):
        // x' = (x + 0.5 - crop.x) / k - 0.5 with k image pixels per output pixel.
        DotScene zoomed = *scene;
        const double kx = crop.width / output.width, ky = crop.height / output.height;
        const glm::dmat3 to_view{1.0 / kx, 0.0, 0.0, 0.0, 1.0 / ky, 0.0,
                                 (0.5 - crop.x) / kx - 0.5, (0.5 - crop.y) / ky - 0.5, 1.0};
        zoomed.projection.image_correction = to_view * scene->projection.image_correction;
        // The mask is in frame pixels: u = (crop.x + fragment.x * k) / width.
        draw_dots(zoomed, glm::vec4(static_cast<float>(kx) / w, static_cast<float>(ky) / h,
                                    static_cast<float>(crop.x) / w, static_cast<float>(crop.y) / h));
    }
    end_pass();
}

void Renderer::draw_dots(const DotScene& scene, glm::vec4 mask_transform) {
    submitted_ = 0;
    if (field_.empty()) return;
    compute_dot_splats(field_, scene, splats_);
    submitted_ = splats_.size();
    if (submitted_ == 0) return;
    glBindBuffer(GL_ARRAY_BUFFER, dot_buffer_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(splats_.size() * sizeof(DotSplat)), splats_.data(),
                 GL_STREAM_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    const gl::Program& p = dot_program_;
    glUseProgram(p.id());
    glUniform2f(gl::uniform(p, "u_viewport_px"), static_cast<float>(width_), static_cast<float>(height_));
    const DotStyle& s = scene.style;
    set_float(p, "u_edge_softness", s.edge_softness);
    glUniform3fv(gl::uniform(p, "u_pigment_linear"), 1, glm::value_ptr(s.pigment_linear));
    glActiveTexture(GL_TEXTURE1);
    const cv::Mat& mask = scene.head_mask;
    if (!mask.empty() && mask.type() == CV_8UC1 && mask.size() == frame_size_) {
        glBindTexture(GL_TEXTURE_2D, mask_texture_.id());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(mask.step));
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, mask.cols, mask.rows, 0, GL_RED, GL_UNSIGNED_BYTE, mask.data);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glUniform4fv(gl::uniform(p, "u_mask_transform"), 1, glm::value_ptr(mask_transform));
    } else {
        const glm::vec4 anywhere(0, 0, 0.5f, 0.5f);
        glUniform4fv(gl::uniform(p, "u_mask_transform"), 1, glm::value_ptr(anywhere));
        glBindTexture(GL_TEXTURE_2D, no_mask_texture_.id());
    }
    glUniform1i(gl::uniform(p, "u_head_mask"), 1);
    glActiveTexture(GL_TEXTURE0);

    glEnable(GL_BLEND);
    glBlendFunc(GL_DST_COLOR, GL_ZERO);  // result = skin * transmittance
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(dot_vao_.id());
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(submitted_));
    glDisable(GL_PROGRAM_POINT_SIZE);
    glDisable(GL_BLEND);
}

cv::Mat Renderer::read_bgr() const {
    cv::Mat out(height_, width_, CV_8UC3);
    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_BGR, GL_UNSIGNED_BYTE, out.data);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return out;
}

}  // namespace hairline
