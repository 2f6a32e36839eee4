#pragma once
// The window, its OpenGL 3.3 core context and Dear ImGui, owned together
// (Tracy's Backend shape): created in one call, torn down in reverse order by
// the destructor. The context is current on the creating thread.

#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"

struct GLFWwindow;

namespace hairline::app {

class GlfwBackend {
public:
    // `texts`: strings the font must show from the start (client names).
    static Result<std::unique_ptr<GlfwBackend>> create(const std::string& title, int width, int height,
                                                       const std::vector<std::string>& texts = {});
    ~GlfwBackend();
    GlfwBackend(const GlfwBackend&) = delete;
    GlfwBackend& operator=(const GlfwBackend&) = delete;

    bool should_close() const;
    // Waits up to `timeout_s` for input (0: just polls); while minimised,
    // blocks on events instead of spinning.
    void wait_events(double timeout_s);
    // Input events (keys, mouse, resize) since the last call.
    int take_input_events();

    // Key presses since the last call, in order. Read from GLFW's callback so
    // a tap shorter than a frame (or sent by a test tool) is never lost.
    struct KeyPress {
        int key;   // GLFW_KEY_*
        int mods;  // GLFW_MOD_*
    };
    std::vector<KeyPress> take_key_presses();

    // For the GLFW callbacks.
    int& input_counter() { return input_events_; }
    void push_key(int key, int mods) { key_presses_.push_back({key, mods}); }
    void new_frame();
    // Renders ImGui and swaps; with `capture`, returns the frame as shown (BGR).
    cv::Mat end_frame(bool capture = false);
    GLFWwindow* window() const { return window_; }
    // Dark (default) or light colours; sizes stay.
    void apply_theme(bool light);
    // Rebuilds the font atlas (between frames) when `text` has a character
    // the atlas lacks but a system font has: a client's name typed in a script
    // not loaded at start still shows.
    void ensure_glyphs(const std::string& text);
    void window_size(int& width, int& height) const;

private:
    GlfwBackend() = default;
    GLFWwindow* window_ = nullptr;
    void build_fonts();
    bool imgui_ready_ = false;
    float scale_ = 1.0f;
    std::string extra_text_;  // characters wanted beyond the fixed ranges
    ImVector<ImWchar> cjk_ranges_;  // must outlive the atlas build
    int input_events_ = 0;
    std::vector<KeyPress> key_presses_;
};

}  // namespace hairline::app
