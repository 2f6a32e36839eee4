#pragma once
// The two programs that draw the camera frame into the renderer's target,
// one class each (Magnum-style): linked once, uniform locations cached,
// setters for what they take. Both use shaders/fullscreen.vert.
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

}  // namespace hairline
