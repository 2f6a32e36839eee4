#include "engine/gl/egl_context.h"

#include <cstdio>
#include <mutex>
#include <string>

#include <epoxy/egl.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAIRLINE_WITH_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAIRLINE_WITH_LSAN 1
#endif
#endif
#ifdef HAIRLINE_WITH_LSAN
#include <dlfcn.h>
#include <link.h>

#include <cstring>
#endif

namespace hairline::gl {
namespace {

#ifdef HAIRLINE_WITH_LSAN
// Mesa dlclose's its driver (…/dri/*_dri.so) at exit, before LeakSanitizer
// runs; the driver's globals go with it, so the caches they point to would be
// reported as leaks, with frames in an unloaded module that no suppression can
// name. Sanitizer builds pin the already-loaded driver (RTLD_NOLOAD |
// RTLD_NODELETE) so LSan still sees those pointers; nothing is exempted.
int pin_gl_driver(dl_phdr_info* info, std::size_t, void*) {
    const char* name = info->dlpi_name;
    if (name != nullptr && std::strstr(name, "/dri/") != nullptr) dlopen(name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return 0;
}
#endif

// Every context shares the process's one surfaceless EGLDisplay, and
// eglTerminate ends it for all of them: with a render worker per core, the
// first worker to finish would pull the display from under the others. So
// the display is initialised once per user and terminated by the last.
struct DisplayUsers {
    std::mutex mutex;
    int count = 0;
};
DisplayUsers& display_users() {
    static DisplayUsers users;
    return users;
}

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
    {
        const std::lock_guard<std::mutex> lock(display_users().mutex);
        EGLint major = 0, minor = 0;
        if (eglInitialize(display, &major, &minor) != EGL_TRUE)
            return runtime_error("OpenGL", "EGL initialisation failed: " + egl_error_text());
        ++display_users().count;
        ctx->display_ = display;  // from here the destructor releases this use
    }
#ifdef HAIRLINE_WITH_LSAN
    dl_iterate_phdr(pin_gl_driver, nullptr);
#endif
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
    const std::lock_guard<std::mutex> lock(display_users().mutex);
    if (--display_users().count == 0) eglTerminate(display);
}

}  // namespace hairline::gl
