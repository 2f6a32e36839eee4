#include "engine/render/renderer.h"

#include <cstddef>

#include <glm/gtc/type_ptr.hpp>

#include "engine/gl/gl_program.h"

namespace hairline {
namespace {

// Footprint of one pixel for anti-aliasing (Gaussian sigma, px).
constexpr float kPixelSigma = 0.45f;

void set_float(const gl::Program& p, const char* name, float v) { glUniform1f(gl::uniform(p, name), v); }

}  // namespace

Result<Renderer> Renderer::create() {
    Renderer r;
    auto frame = gl::build_program("frame.vert", "frame.frag");
    if (!frame) return frame.error();
    auto dots = gl::build_program("dots.vert", "dots.frag");
    if (!dots) return dots.error();
    r.frame_program_ = std::move(*frame);
    r.dot_program_ = std::move(*dots);
    r.empty_vao_ = gl::VertexArray::create();
    r.dot_vao_ = gl::VertexArray::create();
    r.dot_buffer_ = gl::Buffer::create();
    r.frame_texture_ = gl::Texture::create();

    glBindVertexArray(r.dot_vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r.dot_buffer_.id());
    const auto stride = static_cast<GLsizei>(sizeof(Dot));
    auto attribute = [&](GLuint index, GLint size, std::size_t offset) {
        glEnableVertexAttribArray(index);
        glVertexAttribPointer(index, size, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offset));
        glVertexAttribDivisor(index, 1);
    };
    attribute(0, 3, offsetof(Dot, position_mm));
    attribute(1, 3, offsetof(Dot, normal));
    attribute(2, 1, offsetof(Dot, beta));
    attribute(3, 1, offsetof(Dot, h_mm));
    attribute(4, 1, offsetof(Dot, rank));
    attribute(5, 1, offsetof(Dot, jitter));
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

void Renderer::set_dot_field(const DotField& field) {
    glBindBuffer(GL_ARRAY_BUFFER, dot_buffer_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(field.dots.size() * sizeof(Dot)), field.dots.data(),
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    dot_count_ = field.dots.size();
}

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

void Renderer::render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene) {
    CV_Assert(frame_bgr.type() == CV_8UC3);
    ensure_target(frame_bgr.cols, frame_bgr.rows);

    glBindTexture(GL_TEXTURE_2D, frame_texture_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(frame_bgr.step / frame_bgr.elemSize()));
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, frame_bgr.cols, frame_bgr.rows, 0, GL_BGR, GL_UNSIGNED_BYTE,
                 frame_bgr.data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);

    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glViewport(0, 0, width_, height_);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(frame_program_.id());
    glUniform1i(gl::uniform(frame_program_, "u_frame"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(empty_vao_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);

    if (scene && dot_count_ > 0) {
        const gl::Program& p = dot_program_;
        glUseProgram(p.id());
        const glm::mat3 rotation(scene->projection.pose.rotation);
        glUniformMatrix3fv(gl::uniform(p, "u_rotation"), 1, GL_FALSE, glm::value_ptr(rotation));
        const glm::vec3 translation(scene->projection.pose.translation_mm);
        glUniform3fv(gl::uniform(p, "u_translation_mm"), 1, glm::value_ptr(translation));
        set_float(p, "u_focal_px", static_cast<float>(scene->projection.camera.focal_px));
        const glm::vec2 principal(scene->projection.camera.principal_px);
        glUniform2fv(gl::uniform(p, "u_principal_px"), 1, glm::value_ptr(principal));
        const glm::mat3 correction(scene->projection.image_correction);
        glUniformMatrix3fv(gl::uniform(p, "u_correction"), 1, GL_FALSE, glm::value_ptr(correction));
        glUniform2f(gl::uniform(p, "u_viewport_px"), static_cast<float>(width_), static_cast<float>(height_));
        glUniform1fv(gl::uniform(p, "u_boundary"), kBoundarySamples, scene->boundary.min_h_mm.data());
        const DotStyle& s = scene->style;
        set_float(p, "u_density_fraction", s.density_fraction);
        set_float(p, "u_feather_mm", s.feather_mm);
        set_float(p, "u_radius_mm", s.radius_mm);
        set_float(p, "u_size_variation", s.size_variation);
        set_float(p, "u_opacity", s.opacity);
        set_float(p, "u_pixel_sigma", kPixelSigma);
        set_float(p, "u_edge_softness", s.edge_softness);
        set_float(p, "u_redness", s.redness);
        glUniform3fv(gl::uniform(p, "u_pigment_linear"), 1, glm::value_ptr(s.pigment_linear));
        glActiveTexture(GL_TEXTURE1);
        if (!scene->head_mask.empty() && scene->head_mask.size() == frame_bgr.size() &&
            scene->head_mask.type() == CV_8UC1) {
            glBindTexture(GL_TEXTURE_2D, mask_texture_.id());
            glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
            glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(scene->head_mask.step));
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width_, height_, 0, GL_RED, GL_UNSIGNED_BYTE,
                         scene->head_mask.data);
            glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        } else {
            glBindTexture(GL_TEXTURE_2D, no_mask_texture_.id());
        }
        glUniform1i(gl::uniform(p, "u_head_mask"), 1);
        glActiveTexture(GL_TEXTURE0);

        glEnable(GL_BLEND);
        glBlendFunc(GL_DST_COLOR, GL_ZERO);  // result = skin * transmittance
        glBindVertexArray(dot_vao_.id());
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(dot_count_));
        glDisable(GL_BLEND);
    }
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
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
