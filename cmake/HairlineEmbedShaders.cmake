# hairline_embed_shaders(<target> <glsl files...>)
# Generates one C++ source that holds every shader as a std::string_view,
# looked up by file name, so release binaries never read shader files at run
# time. The source is regenerated whenever a shader file changes.
set(HAIRLINE_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_shaders.cmake")

function(hairline_embed_shaders target)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_shaders.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -D "OUT=${out}" -D "FILES=${ARGN}"
            -P "${HAIRLINE_EMBED_SCRIPT}"
    DEPENDS ${ARGN} "${HAIRLINE_EMBED_SCRIPT}"
    COMMENT "Embedding GLSL shaders"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
