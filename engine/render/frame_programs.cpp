#include "engine/render/frame_programs.h"

#include <glm/gtc/type_ptr.hpp>

#include "engine/gl/gl_program.h"

namespace hairline {

Result<FrameCopyProgram> FrameCopyProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    FrameCopyProgram p;
    p.frame_ = gl::uniform(*program, "u_frame");
    p.program_ = std::move(*program);
    return p;
}

void FrameCopyProgram::use(GLint frame_unit) const {
    glUseProgram(program_.id());
    glUniform1i(frame_, frame_unit);
}

Result<FrameViewProgram> FrameViewProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    FrameViewProgram p;
    p.frame_ = gl::uniform(*program, "u_frame");
    p.crop_uv_ = gl::uniform(*program, "u_crop_uv");
    p.program_ = std::move(*program);
    return p;
}

void FrameViewProgram::use(GLint frame_unit, glm::vec4 crop_uv) const {
    glUseProgram(program_.id());
    glUniform1i(frame_, frame_unit);
    glUniform4fv(crop_uv_, 1, glm::value_ptr(crop_uv));
}

Result<ClientViewProgram> ClientViewProgram::create() {
    auto program = gl::build_program(kVertex, kFragment);
    if (!program) return program.error();
    ClientViewProgram p;
    p.before_ = gl::uniform(*program, "u_before");
    p.after_ = gl::uniform(*program, "u_after");
    p.crop_uv_ = gl::uniform(*program, "u_crop_uv");
    p.split_ = gl::uniform(*program, "u_split");
    p.mirror_ = gl::uniform(*program, "u_mirror");
    p.width_px_ = gl::uniform(*program, "u_width_px");
    p.program_ = std::move(*program);
    return p;
}

void ClientViewProgram::use(GLint before_unit, GLint after_unit, glm::vec4 crop_uv, float split, bool mirror,
                            float width_px) const {
    glUseProgram(program_.id());
    glUniform1i(before_, before_unit);
    glUniform1i(after_, after_unit);
    glUniform4fv(crop_uv_, 1, glm::value_ptr(crop_uv));
    glUniform1f(split_, split);
    glUniform1i(mirror_, mirror ? 1 : 0);
    glUniform1f(width_px_, width_px);
}

}  // namespace hairline
