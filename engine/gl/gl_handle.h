#pragma once
// One move-only owner per kind of GL object (Magnum-style): copy is deleted,
// a move leaves the source at id 0, the destructor deletes non-zero ids, and
// a default-constructed handle is empty and makes no GL call. glGen*/glDelete*
// appear only here. Destroy handles while their context is current.

#include <utility>

#include <epoxy/gl.h>

namespace hairline::gl {

template <class Traits>
class Handle {
public:
    Handle() = default;
    static Handle create() {
        Handle h;
        Traits::generate(&h.id_);
        return h;
    }
    // Takes ownership of an existing id (for objects created by GL itself).
    static Handle wrap(GLuint id) {
        Handle h;
        h.id_ = id;
        return h;
    }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
    Handle& operator=(Handle&& other) noexcept {
        std::swap(id_, other.id_);
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() {
        if (id_ != 0) Traits::destroy(id_);
    }
    GLuint id() const { return id_; }
    explicit operator bool() const { return id_ != 0; }
    GLuint release() { return std::exchange(id_, 0); }

private:
    GLuint id_ = 0;
};

struct BufferTraits {
    static void generate(GLuint* id) { glGenBuffers(1, id); }
    static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct TextureTraits {
    static void generate(GLuint* id) { glGenTextures(1, id); }
    static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct FramebufferTraits {
    static void generate(GLuint* id) { glGenFramebuffers(1, id); }
    static void destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
};
struct VertexArrayTraits {
    static void generate(GLuint* id) { glGenVertexArrays(1, id); }
    static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct ShaderTraits {  // created with a type, so only wrap() is used
    static void generate(GLuint* id) { *id = 0; }
    static void destroy(GLuint id) { glDeleteShader(id); }
};
struct ProgramTraits {
    static void generate(GLuint* id) { *id = glCreateProgram(); }
    static void destroy(GLuint id) { glDeleteProgram(id); }
};

using Buffer = Handle<BufferTraits>;
using Texture = Handle<TextureTraits>;
using Framebuffer = Handle<FramebufferTraits>;
using VertexArray = Handle<VertexArrayTraits>;
using Shader = Handle<ShaderTraits>;
using Program = Handle<ProgramTraits>;

}  // namespace hairline::gl
