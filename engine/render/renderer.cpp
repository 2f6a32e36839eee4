#include "engine/render/renderer.h"

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/gl/texture_upload.h"

namespace hairline {

Result<Renderer> Renderer::create() {
    Renderer r;
    auto frame = FrameCopyProgram::create();
    if (!frame) return frame.error();
    auto view = FrameViewProgram::create();
    if (!view) return view.error();
    auto dots = DotProgram::create();
    if (!dots) return dots.error();
    r.frame_program_ = std::move(*frame);
    r.frame_view_program_ = std::move(*view);
    r.dot_program_ = std::move(*dots);
    r.empty_vao_ = gl::VertexArray::create();
    r.dot_vao_ = gl::VertexArray::create();
    r.dot_buffer_ = gl::Buffer::create();

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

    r.frame_texture_ = gl::make_texture(GL_NEAREST);
    r.mask_texture_ = gl::make_texture(GL_LINEAR);
    r.no_mask_texture_ = gl::make_texture(GL_LINEAR);
    gl::upload_texture(r.no_mask_texture_, cv::Mat(1, 1, CV_8UC1, cv::Scalar(255)));
    glBindTexture(GL_TEXTURE_2D, 0);
    return r;
}

Status Renderer::ensure_target(int width, int height) {
    if (width == width_ && height == height_ && target_fbo_) return ok_status();
    target_texture_ = gl::make_texture(GL_LINEAR);
    glBindTexture(GL_TEXTURE_2D, target_texture_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, 0);
    target_fbo_ = gl::Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target_texture_.id(), 0);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        target_fbo_ = gl::Framebuffer();
        width_ = height_ = 0;
        return runtime_error("renderer", "the " + std::to_string(width) + "x" + std::to_string(height) +
                                             " offscreen target is incomplete (GL status " + std::to_string(status) +
                                             "); the image may exceed the driver's texture size");
    }
    width_ = width;
    height_ = height;
    return ok_status();
}

Status Renderer::begin_frame_pass(const cv::Mat& frame_bgr, int width, int height, GLint filter) {
    if (auto ready = ensure_target(width, height); !ready) return ready;
    glActiveTexture(GL_TEXTURE0);
    gl::upload_texture(frame_texture_, frame_bgr);
    gl::set_filter(frame_texture_, filter);
    frame_size_ = frame_bgr.size();
    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo_.id());
    glViewport(0, 0, width_, height_);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glBindVertexArray(empty_vao_.id());
    return ok_status();
}

void Renderer::end_pass() {
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

Status Renderer::render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene) {
    CV_Assert(frame_bgr.type() == CV_8UC3);
    // Output pixels are frame pixels: sample them exactly.
    if (auto begun = begin_frame_pass(frame_bgr, frame_bgr.cols, frame_bgr.rows, GL_NEAREST); !begun) return begun;
    frame_program_.use(0);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    if (scene) draw_dots(*scene, glm::vec4(1.0f / static_cast<float>(width_), 1.0f / static_cast<float>(height_), 0, 0));
    end_pass();
    return ok_status();
}

Status Renderer::render_view(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, const cv::Rect2d& crop,
                             cv::Size output) {
    CV_Assert(frame_bgr.type() == CV_8UC3);
    if (auto begun = begin_frame_pass(frame_bgr, output.width, output.height, GL_LINEAR); !begun) return begun;
    const float w = static_cast<float>(frame_bgr.cols), h = static_cast<float>(frame_bgr.rows);
    frame_view_program_.use(0, glm::vec4(static_cast<float>(crop.x) / w, static_cast<float>(crop.y) / h,
                                         static_cast<float>(crop.x + crop.width) / w,
                                         static_cast<float>(crop.y + crop.height) / h));
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
    return ok_status();
}

void Renderer::draw_dots(const DotScene& scene, glm::vec4 mask_transform) {
    compute_dot_splats(scene, splats_);
    if (splats_.empty()) return;
    glBindBuffer(GL_ARRAY_BUFFER, dot_buffer_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(splats_.size() * sizeof(DotSplat)), splats_.data(),
                 GL_STREAM_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    glActiveTexture(GL_TEXTURE1);
    const cv::Mat& mask = scene.head_mask;
    if (!mask.empty() && mask.type() == CV_8UC1 && mask.size() == frame_size_) {
        gl::upload_texture(mask_texture_, mask);
    } else {
        mask_transform = glm::vec4(0, 0, 0.5f, 0.5f);  // anywhere: the 1x1 white texture
        glBindTexture(GL_TEXTURE_2D, no_mask_texture_.id());
    }
    glActiveTexture(GL_TEXTURE0);
    dot_program_.use(glm::vec2(static_cast<float>(width_), static_cast<float>(height_)), scene.style, 1,
                     mask_transform);

    glEnable(GL_BLEND);
    glBlendFunc(GL_DST_COLOR, GL_ZERO);  // result = skin * transmittance
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(dot_vao_.id());
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(splats_.size()));
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
