#include "app/live/client_window.h"

#include <algorithm>
#include <cmath>

// epoxy first (client_window.h): GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>

namespace hairline::app {

Result<std::unique_ptr<ClientWindow>> ClientWindow::open(GLFWwindow* main) {
    std::unique_ptr<ClientWindow> w(new ClientWindow());
    w->main_ = main;
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* primary = glfwGetPrimaryMonitor();
    GLFWmonitor* other = nullptr;
    for (int i = 0; i < count; ++i)
        if (monitors[i] != primary) other = monitors[i];
    int x = 0, y = 0, width = 960, height = 540;
    if (other) {
        // The whole work area of the other screen, without decorations: a TV
        // or a monitor turned towards the client.
        glfwGetMonitorWorkarea(other, &x, &y, &width, &height);
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    w->window_ = glfwCreateWindow(width, height, "hairline - client view", nullptr, main);
    glfwDefaultWindowHints();
    if (w->window_ == nullptr) return runtime_error("client view", "cannot open a second window");
    w->on_second_monitor_ = other != nullptr;
    if (other) {
        glfwSetWindowPos(w->window_, x, y);
    } else {
        // One screen: beside the main window when it fits, so neither hides the other.
        int mx = 0, my = 0, mw = 0, mh = 0, ax = 0, ay = 0, aw = 0, ah = 0;
        glfwGetWindowPos(main, &mx, &my);
        glfwGetWindowSize(main, &mw, &mh);
        if (primary) glfwGetMonitorWorkarea(primary, &ax, &ay, &aw, &ah);
        if (mx + mw + width <= ax + aw) glfwSetWindowPos(w->window_, mx + mw, my);
    }
    glfwMakeContextCurrent(w->window_);
    glfwSwapInterval(0);
    auto program = ClientViewProgram::create();
    if (program) {
        w->program_ = std::make_unique<ClientViewProgram>(std::move(*program));
        w->vao_ = gl::VertexArray::create();
    }
    glfwMakeContextCurrent(main);
    if (!program) return program.error();  // the destructor tears down with the right context
    return w;
}

ClientWindow::~ClientWindow() {
    if (window_ == nullptr) return;
    glfwMakeContextCurrent(window_);
    program_.reset();
    vao_ = gl::VertexArray();
    glfwMakeContextCurrent(main_);
    glfwDestroyWindow(window_);
}

bool ClientWindow::should_close() const { return glfwWindowShouldClose(window_) != 0; }

void ClientWindow::draw(const ClientViewFrame& f) {
    glfwMakeContextCurrent(window_);
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (w > 0 && h > 0 && f.before != 0) {
        // The framing as large as the window allows, centred (black bars).
        const float window_aspect = static_cast<float>(w) / static_cast<float>(h);
        int vw = w, vh = h;
        if (f.aspect > window_aspect) vh = static_cast<int>(std::lround(w / f.aspect));
        else vw = static_cast<int>(std::lround(h * f.aspect));
        glViewport((w - vw) / 2, (h - vh) / 2, std::max(vw, 1), std::max(vh, 1));
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, f.before);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, f.after != 0 ? f.after : f.before);
        // Without a preview the "after" side is the same framing of the frame.
        program_->use(0, 1, f.crop_uv, f.after != 0 ? f.split : 1.0f, f.mirror, static_cast<float>(vw));
        glBindVertexArray(vao_.id());
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glActiveTexture(GL_TEXTURE0);
    }
    glfwSwapBuffers(window_);
    glfwMakeContextCurrent(main_);
}

}  // namespace hairline::app
