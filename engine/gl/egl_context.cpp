#include "engine/gl/egl_context.h"

#include <cstdio>
#include <string>

#include <epoxy/egl.h>

namespace hairline::gl {
namespace {

std::string egl_error_text() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "EGL error 0x%04x", eglGetError());
    return buf;
}

}  // namespace

Result<std::unique_ptr<HeadlessContext>> HeadlessContext::create() {
    std::unique_ptr<HeadlessContext> ctx(new HeadlessContext());
    if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
        return runtime_error("OpenGL", "EGL surfaceless platform unavailable (install Mesa: libegl-mesa0)");
    EGLDisplay display = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) return runtime_error("OpenGL", "no EGL display: " + egl_error_text());
    EGLint major = 0, minor = 0;
    if (eglInitialize(display, &major, &minor) != EGL_TRUE)
        return runtime_error("OpenGL", "EGL initialisation failed: " + egl_error_text());
    ctx->display_ = display;
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE)
        return runtime_error("OpenGL", "desktop OpenGL unavailable through EGL: " + egl_error_text());
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                 EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attributes);
    if (context == EGL_NO_CONTEXT) return runtime_error("OpenGL", "cannot create a 3.3 core context: " + egl_error_text());
    ctx->context_ = context;
    if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE)
        return runtime_error("OpenGL", "cannot make the context current: " + egl_error_text());
    return ctx;
}

void HeadlessContext::make_current() {
    eglMakeCurrent(static_cast<EGLDisplay>(display_), EGL_NO_SURFACE, EGL_NO_SURFACE, static_cast<EGLContext>(context_));
}

HeadlessContext::~HeadlessContext() {
    auto* display = static_cast<EGLDisplay>(display_);
    if (display == nullptr) return;
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (context_ != nullptr) eglDestroyContext(display, static_cast<EGLContext>(context_));
    eglTerminate(display);
}

}  // namespace hairline::gl
