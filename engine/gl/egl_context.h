#pragma once
// A headless OpenGL 3.3 core context through EGL without any surface
// (EGL_MESA_platform_surfaceless): works with no display and no GPU, on Mesa
// llvmpipe. Rendering goes to framebuffer objects.

#include <memory>

#include "engine/core/result.h"

namespace hairline::gl {

class HeadlessContext {
public:
    // ensures: a context current on the calling thread, or a Runtime error.
    static Result<std::unique_ptr<HeadlessContext>> create();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    void make_current();

private:
    HeadlessContext() = default;
    void* display_ = nullptr;
    void* context_ = nullptr;
};

}  // namespace hairline::gl
