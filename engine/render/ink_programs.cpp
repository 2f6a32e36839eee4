#include "engine/render/ink_programs.h"

#include <algorithm>

#include <glm/gtc/type_ptr.hpp>

#include "engine/gl/gl_program.h"
#include "engine/render/dot_scene.h"

namespace hairline {

Result<InkProgram> InkProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    InkProgram p;
    p.viewport_px_ = gl::uniform(*program, "u_viewport_px");
    p.depth_reach_ = gl::uniform(*program, "u_depth_reach");
    p.program_ = std::move(*program);
    return p;
}

void InkProgram::use(glm::vec2 viewport_px, const DotStyle& style) const {
    glUseProgram(program_.id());
    glUniform2fv(viewport_px_, 1, glm::value_ptr(viewport_px));
    glUniform3fv(depth_reach_, 1, glm::value_ptr(style.depth_reach));
}

Result<CompositeProgram> CompositeProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    CompositeProgram p;
    const gl::Program& g = *program;
    p.frame_ = gl::uniform(g, "u_frame");
    p.crop_uv_ = gl::uniform(g, "u_crop_uv");
    p.ink_ = gl::uniform(g, "u_ink");
    p.mask_ = gl::uniform(g, "u_head_mask");
    p.mask_transform_ = gl::uniform(g, "u_mask_transform");
    p.pigment_ = gl::uniform(g, "u_pigment_linear");
    p.grain_ = gl::uniform(g, "u_grain");
    p.grain_cell_ = gl::uniform(g, "u_grain_cell");
    p.grain_seed_ = gl::uniform(g, "u_grain_seed");
    p.ink_rect_ = gl::uniform(g, "u_ink_rect");
    p.program_ = std::move(*program);
    return p;
}

void CompositeProgram::use(const CompositeInputs& in, const DotStyle& style) const {
    glUseProgram(program_.id());
    glUniform1i(frame_, in.frame_unit);
    glUniform1i(ink_, in.ink_unit);
    glUniform1i(mask_, in.mask_unit);
    glUniform4fv(crop_uv_, 1, glm::value_ptr(in.crop_uv));
    glUniform4fv(mask_transform_, 1, glm::value_ptr(in.mask_transform));
    glUniform3fv(pigment_, 1, glm::value_ptr(style.pigment_linear));
    glUniform1f(grain_, in.grain);
    glUniform2fv(grain_cell_, 1, glm::value_ptr(in.grain_cell));
    glUniform1f(grain_seed_, in.grain_seed);
    glUniform4iv(ink_rect_, 1, glm::value_ptr(in.ink_rect));
}

}  // namespace hairline
