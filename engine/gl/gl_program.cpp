#include "engine/gl/gl_program.h"

#include <string>
#include <vector>

#include "embedded_shaders.h"

namespace hairline::gl {
namespace {

std::string shader_log(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetShaderInfoLog(shader, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
    return log;
}

std::string program_log(GLuint program) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
    return log;
}

Result<Shader> compile(GLenum type, std::string_view file) {
    const auto source = find_embedded_shader(file);
    if (!source) return runtime_error("shaders/" + std::string(file), "not embedded in this build");
    Shader shader = Shader::wrap(glCreateShader(type));
    if (!shader) return runtime_error("shaders/" + std::string(file), "glCreateShader failed (no GL context?)");
    const char* text = source->data();
    const auto length = static_cast<GLint>(source->size());
    glShaderSource(shader.id(), 1, &text, &length);
    glCompileShader(shader.id());
    GLint ok = GL_FALSE;
    glGetShaderiv(shader.id(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) return runtime_error("shaders/" + std::string(file), "compile failed: " + shader_log(shader.id()));
    return shader;
}

}  // namespace

Result<Program> build_program(std::string_view vertex_file, std::string_view fragment_file) {
    auto vertex = compile(GL_VERTEX_SHADER, vertex_file);
    if (!vertex) return vertex.error();
    auto fragment = compile(GL_FRAGMENT_SHADER, fragment_file);
    if (!fragment) return fragment.error();
    Program program = Program::create();
    glAttachShader(program.id(), vertex->id());
    glAttachShader(program.id(), fragment->id());
    glLinkProgram(program.id());
    glDetachShader(program.id(), vertex->id());
    glDetachShader(program.id(), fragment->id());
    GLint ok = GL_FALSE;
    glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE)
        return runtime_error("shaders/" + std::string(vertex_file) + "+" + std::string(fragment_file),
                             "link failed: " + program_log(program.id()));
    return program;
}

GLint uniform(const Program& program, const char* name) { return glGetUniformLocation(program.id(), name); }

}  // namespace hairline::gl
