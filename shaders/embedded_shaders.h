#pragma once
// The GLSL files of shaders/, compiled into the binary (see
// cmake/embed_shaders.cmake). Looked up by file name, e.g. "ink.vert".

#include <optional>
#include <string_view>
#include <vector>

namespace hairline {

// ensures: the file's text, or nullopt when no shader has that name
std::optional<std::string_view> find_embedded_shader(std::string_view name);

std::vector<std::string_view> embedded_shader_names();

}  // namespace hairline
