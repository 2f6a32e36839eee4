#pragma once
// The client's window: a second window (on the second monitor when there is
// one, else beside the main window) that shows only the before | after
// preview, large and mirrored. Never controls, guides or any client's
// records: it draws two textures and a divider. Its context shares the main
// window's objects, so the preview rendered for the main view is reused.
//
// threads: the main (UI) thread, like the main window.

#include <memory>

#include <epoxy/gl.h>
#include <glm/vec4.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/frame_programs.h"

struct GLFWwindow;

namespace hairline::app {

struct ClientViewFrame {
    GLuint before = 0;      // the whole camera frame
    GLuint after = 0;       // the preview of the framing (0: show before only)
    glm::vec4 crop_uv{0, 0, 1, 1};  // the framing in `before`
    float aspect = 1.0f;    // of the framing (width / height)
    float split = 0.5f;     // share of the width showing before
    bool mirror = true;
};

class ClientWindow {
public:
    // ensures: the window is open and the main window's context current again.
    static Result<std::unique_ptr<ClientWindow>> open(GLFWwindow* main);
    ~ClientWindow();
    ClientWindow(const ClientWindow&) = delete;
    ClientWindow& operator=(const ClientWindow&) = delete;

    bool should_close() const;
    bool on_second_monitor() const { return on_second_monitor_; }
    // Draws and swaps; `main`'s context is current again afterwards.
    void draw(const ClientViewFrame& frame);

private:
    ClientWindow() = default;
    GLFWwindow* main_ = nullptr;
    GLFWwindow* window_ = nullptr;
    bool on_second_monitor_ = false;
    // Made and destroyed with this window's context current (VAOs are not shared).
    std::unique_ptr<ClientViewProgram> program_;
    gl::VertexArray vao_;
};

}  // namespace hairline::app
