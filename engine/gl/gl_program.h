#pragma once
// Compiling and linking the embedded GLSL (shaders/), with errors that name
// the shader file and carry the driver's log.

#include <string_view>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"

namespace hairline::gl {

// requires: a current GL 3.3+ core context
// ensures:  a linked program, or a Runtime error "shaders/<file>: <log>"
Result<Program> build_program(std::string_view vertex_file, std::string_view fragment_file);

// Uniform location, or -1 (absent or optimised away).
GLint uniform(const Program& program, const char* name);

}  // namespace hairline::gl
