#include "engine/render/renderer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <glm/matrix.hpp>

#include "engine/gl/texture_upload.h"

namespace hairline {

Result<Renderer> Renderer::create() {
    Renderer r;
    auto frame = FrameCopyProgram::create();
    if (!frame) return frame.error();
    auto view = FrameViewProgram::create();
    if (!view) return view.error();
    auto ink = InkProgram::create();
    if (!ink) return ink.error();
    auto composite = CompositeProgram::create();
    if (!composite) return composite.error();
    r.frame_program_ = std::move(*frame);
    r.frame_view_program_ = std::move(*view);
    r.ink_program_ = std::move(*ink);
    r.composite_program_ = std::move(*composite);
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
    attribute(1, 3, offsetof(DotSplat, inverse_r));
    attribute(2, 3, offsetof(DotSplat, inverse_g));
    attribute(3, 3, offsetof(DotSplat, inverse_b));
    attribute(4, 3, offsetof(DotSplat, tau_peak));
    attribute(5, 3, offsetof(DotSplat, inverse_red));
    attribute(6, 1, offsetof(DotSplat, redness));
    attribute(7, 1, offsetof(DotSplat, half_size_px));
    attribute(8, 3, offsetof(DotSplat, halo_inverse));
    attribute(9, 3, offsetof(DotSplat, halo_peak));
    glBindVertexArray(0);

    r.frame_texture_ = gl::make_texture(GL_NEAREST);
    r.mask_texture_ = gl::make_texture(GL_LINEAR);
    r.no_mask_texture_ = gl::make_texture(GL_LINEAR);
    gl::upload_texture(r.no_mask_texture_, cv::Mat(1, 1, CV_8UC1, cv::Scalar(255)));
    glBindTexture(GL_TEXTURE_2D, 0);
    return r;
}

Status Renderer::ensure_target(Target& target, int width, int height, GLint internal_format, GLint filter) {
    if (width == target.width && height == target.height && target.fbo) return ok_status();
    target.texture = gl::make_texture(filter);
    glBindTexture(GL_TEXTURE_2D, target.texture.id());
    const bool float_target = internal_format != GL_RGBA8;
    glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, float_target ? GL_RED : GL_RGBA,
                 float_target ? GL_FLOAT : GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, 0);
    target.fbo = gl::Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, target.fbo.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.texture.id(), 0);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        target = Target{};
        return runtime_error("renderer", "the " + std::to_string(width) + "x" + std::to_string(height) +
                                             " offscreen target is incomplete (GL status " + std::to_string(status) +
                                             "); the image may exceed the driver's texture size");
    }
    target.width = width;
    target.height = height;
    return ok_status();
}

void Renderer::upload_frame(const cv::Mat& frame_bgr, GLint filter) {
    CV_Assert(frame_bgr.type() == CV_8UC3);
    glActiveTexture(GL_TEXTURE0);
    gl::upload_texture(frame_texture_, frame_bgr);
    gl::set_filter(frame_texture_, filter);
    frame_size_ = frame_bgr.size();
}

Status Renderer::render(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene) {
    // Output pixels are frame pixels: sample them exactly.
    return draw(frame_bgr, scene, glm::vec4(0, 0, 1, 1), frame_bgr.size(),
                glm::vec4(1.0f / static_cast<float>(frame_bgr.cols), 1.0f / static_cast<float>(frame_bgr.rows), 0, 0),
                glm::vec2(1.0f), GL_NEAREST);
}

Status Renderer::render_view(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, const cv::Rect2d& crop,
                             cv::Size output) {
    const float w = static_cast<float>(frame_bgr.cols), h = static_cast<float>(frame_bgr.rows);
    const glm::vec4 crop_uv(static_cast<float>(crop.x) / w, static_cast<float>(crop.y) / h,
                            static_cast<float>(crop.x + crop.width) / w, static_cast<float>(crop.y + crop.height) / h);
    const double kx = crop.width / output.width, ky = crop.height / output.height;  // frame px per output px
    std::optional<DotScene> zoomed = scene;
    if (zoomed) {
        // Image pixels -> output pixels (pixel centres on integers in both):
        // x' = (x + 0.5 - crop.x) / k - 0.5.
        const glm::dmat3 to_view{1.0 / kx, 0.0, 0.0, 0.0, 1.0 / ky, 0.0,
                                 (0.5 - crop.x) / kx - 0.5, (0.5 - crop.y) / ky - 0.5, 1.0};
        zoomed->projection.image_correction = to_view * scene->projection.image_correction;
        zoomed->camera.blur_px = scene->camera.blur_px / std::sqrt(kx * ky);  // the frame's blur, in output px
        zoomed->target_to_frame = scene->target_to_frame * glm::inverse(to_view);
    }
    // The mask is in frame pixels: u = (crop.x + fragment.x * k) / width.
    const glm::vec4 mask_transform(static_cast<float>(kx) / w, static_cast<float>(ky) / h,
                                   static_cast<float>(crop.x) / w, static_cast<float>(crop.y) / h);
    return draw(frame_bgr, zoomed, crop_uv, output, mask_transform,
                glm::vec2(static_cast<float>(kx), static_cast<float>(ky)), GL_LINEAR);
}

Status Renderer::draw(const cv::Mat& frame_bgr, const std::optional<DotScene>& scene, glm::vec4 crop_uv,
                      cv::Size output, glm::vec4 mask_transform, glm::vec2 grain_cell, GLint frame_filter) {
    if (auto made = ensure_target(output_, output.width, output.height, GL_RGBA8, GL_LINEAR); !made) return made;
    width_ = output.width;
    height_ = output.height;
    upload_frame(frame_bgr, frame_filter);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);

    const bool inked = scene && scene->field && !scene->field->dots.empty();
    if (inked) {
        if (auto made = ensure_target(ink_, output.width, output.height, GL_RGBA16F, GL_LINEAR); !made) return made;
    }

    glBindFramebuffer(GL_FRAMEBUFFER, output_.fbo.id());
    glViewport(0, 0, output_.width, output_.height);
    glBindVertexArray(empty_vao_.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, frame_texture_.id());
    if (!inked) {
        // No dots: the frame as it is (or its crop, resampled).
        if (frame_filter == GL_NEAREST) frame_program_.use(0);
        else frame_view_program_.use(0, crop_uv);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glUseProgram(0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return ok_status();
    }
    // The composite passes a pixel without ink through as texture(u_frame,
    // crop of v_uv), which is what frame_view.frag computes, from the same
    // triangle: drawn everywhere first, it gives the composite's own pixels
    // where there is no ink, at a fraction of its cost (llvmpipe shades every
    // pixel of the output). The composite then runs only over the dots'
    // rectangle. Flushed at once: a software rasteriser's threads draw it
    // while this thread works out the splats.
    frame_view_program_.use(0, crop_uv);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glFlush();

    const cv::Rect ink_rect = draw_ink(*scene);  // the output pixels the dots can reach; none outside have ink
    if (!ink_rect.empty()) {
        glBindFramebuffer(GL_FRAMEBUFFER, output_.fbo.id());
        glViewport(0, 0, output_.width, output_.height);
        glBindVertexArray(empty_vao_.id());
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, ink_.texture.id());
        glActiveTexture(GL_TEXTURE2);
        bind_head_mask(*scene, mask_transform);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, frame_texture_.id());
        CompositeInputs in;
        in.crop_uv = crop_uv;
        in.mask_transform = mask_transform;
        in.grain_cell = grain_cell;
        in.grain = static_cast<float>(scene->camera.noise_level / 255.0);
        in.grain_seed = static_cast<float>(scene->grain_seed % 4096u);
        in.ink_rect = glm::ivec4(ink_rect.x, ink_rect.y, ink_rect.x + ink_rect.width, ink_rect.y + ink_rect.height);
        composite_program_.use(in, scene->style);
        glEnable(GL_SCISSOR_TEST);
        glScissor(ink_rect.x, ink_rect.y, ink_rect.width, ink_rect.height);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glDisable(GL_SCISSOR_TEST);
    }
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return ok_status();
}

cv::Rect Renderer::draw_ink(const DotScene& scene) {
    compute_dot_splats(scene, splats_);
    const cv::Rect rect = splat_bounds(splats_, cv::Size(ink_.width, ink_.height));
    if (rect.empty()) return rect;
    glBindBuffer(GL_ARRAY_BUFFER, dot_buffer_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(splats_.size() * sizeof(DotSplat)), splats_.data(),
                 GL_STREAM_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    // Only the rectangle is cleared and drawn: the composite reads nothing
    // else of this target (older frames' ink may stay outside it).
    glBindFramebuffer(GL_FRAMEBUFFER, ink_.fbo.id());
    glViewport(0, 0, ink_.width, ink_.height);
    glEnable(GL_SCISSOR_TEST);
    glScissor(rect.x, rect.y, rect.width, rect.height);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE);  // shadows add up; the composite turns them into colour
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(dot_vao_.id());
    ink_program_.use(glm::vec2(static_cast<float>(ink_.width), static_cast<float>(ink_.height)), scene.style);
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(splats_.size()));
    glBindVertexArray(0);
    glDisable(GL_PROGRAM_POINT_SIZE);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    return rect;
}

void Renderer::bind_head_mask(const DotScene& scene, glm::vec4& mask_transform) {
    const cv::Mat& mask = scene.head_mask;
    if (!mask.empty() && mask.type() == CV_8UC1 && mask.size() == frame_size_) {
        gl::upload_texture(mask_texture_, mask);
    } else {
        mask_transform = glm::vec4(0, 0, 0.5f, 0.5f);  // anywhere: the 1x1 white texture
        glBindTexture(GL_TEXTURE_2D, no_mask_texture_.id());
    }
}

cv::Mat Renderer::read_bgr() const {
    cv::Mat out(output_.height, output_.width, CV_8UC3);
    glBindFramebuffer(GL_FRAMEBUFFER, output_.fbo.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, output_.width, output_.height, GL_BGR, GL_UNSIGNED_BYTE, out.data);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return out;
}

}  // namespace hairline
