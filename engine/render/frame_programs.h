#pragma once
// The programs that draw the camera frame (into the renderer's target, or
// the client's window), one class each (Magnum-style): linked once, uniform locations cached,
// setters for what they take. All use shaders/fullscreen.vert.
//
// threads: GL thread; create, use and destroy with the context current.

#include <string_view>

#include <glm/vec4.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"

namespace hairline {

// Copies the frame texel for texel (shaders/frame.frag): undotted pixels stay exact.
class FrameCopyProgram {
public:
    static constexpr std::string_view kVertex = "fullscreen.vert", kFragment = "frame.frag";
    static Result<FrameCopyProgram> create();
    void use(GLint frame_unit) const;

private:
    gl::Program program_;
    GLint frame_ = -1;
};

// A crop of the frame resampled to the target (shaders/frame_view.frag):
// the live view zoomed on the face.
class FrameViewProgram {
public:
    static constexpr std::string_view kVertex = "fullscreen.vert", kFragment = "frame_view.frag";
    static Result<FrameViewProgram> create();
    // crop_uv: x0, y0, x1, y1 in texture coordinates
    void use(GLint frame_unit, glm::vec4 crop_uv) const;

private:
    gl::Program program_;
    GLint frame_ = -1;
    GLint crop_uv_ = -1;
};

// The client-facing before | after (shaders/client_view.frag), drawn straight
// into a window's default framebuffer from textures the renderer made.
class ClientViewProgram {
public:
    static constexpr std::string_view kVertex = "fullscreen.vert", kFragment = "client_view.frag";
    static Result<ClientViewProgram> create();
    // crop_uv: the framing in the before texture (x0, y0, x1, y1)
    void use(GLint before_unit, GLint after_unit, glm::vec4 crop_uv, float split, bool mirror, float width_px) const;

private:
    gl::Program program_;
    GLint before_ = -1, after_ = -1, crop_uv_ = -1, split_ = -1, mirror_ = -1, width_px_ = -1;
};

}  // namespace hairline
