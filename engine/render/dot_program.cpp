#include "engine/render/dot_program.h"

#include <glm/gtc/type_ptr.hpp>

#include "engine/gl/gl_program.h"

namespace hairline {

Result<DotProgram> DotProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    DotProgram p;
    p.viewport_px_ = gl::uniform(*program, "u_viewport_px");
    p.edge_softness_ = gl::uniform(*program, "u_edge_softness");
    p.pigment_linear_ = gl::uniform(*program, "u_pigment_linear");
    p.head_mask_ = gl::uniform(*program, "u_head_mask");
    p.mask_transform_ = gl::uniform(*program, "u_mask_transform");
    p.program_ = std::move(*program);
    return p;
}

void DotProgram::use(glm::vec2 viewport_px, const DotStyle& style, GLint mask_unit, glm::vec4 mask_transform) const {
    glUseProgram(program_.id());
    glUniform2fv(viewport_px_, 1, glm::value_ptr(viewport_px));
    glUniform1f(edge_softness_, style.edge_softness);
    glUniform3fv(pigment_linear_, 1, glm::value_ptr(style.pigment_linear));
    glUniform1i(head_mask_, mask_unit);
    glUniform4fv(mask_transform_, 1, glm::value_ptr(mask_transform));
}

}  // namespace hairline
