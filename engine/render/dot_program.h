#pragma once
// The SMP dot program (shaders/dots.vert, shaders/dots.frag): one point
// sprite per splat, ink multiplied into the skin. Linked once, uniform
// locations cached.
//
// threads: GL thread; create, use and destroy with the context current.

#include <string_view>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_style.h"

namespace hairline {

class DotProgram {
public:
    static constexpr std::string_view kVertex = "dots.vert", kFragment = "dots.frag";
    static Result<DotProgram> create();

    // mask_transform: output pixel -> head-mask texture coordinate (scale.xy, offset.xy).
    void use(glm::vec2 viewport_px, const DotStyle& style, GLint mask_unit, glm::vec4 mask_transform) const;

private:
    gl::Program program_;
    GLint viewport_px_ = -1;
    GLint edge_softness_ = -1;
    GLint pigment_linear_ = -1;
    GLint head_mask_ = -1;
    GLint mask_transform_ = -1;
};

}  // namespace hairline
