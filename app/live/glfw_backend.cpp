#include "app/live/glfw_backend.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <utility>

#include <opencv2/core.hpp>

#include <epoxy/gl.h>
// epoxy first: GLFW must not pull in another GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

namespace hairline::app {
namespace {

void on_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "hairline: GLFW error %d: %s\n", code, description);
}

// Installed before ImGui's, which chains to them: they count input so the
// loop redraws only when something changed, and queue key presses.
GlfwBackend& backend_of(GLFWwindow* window) { return *static_cast<GlfwBackend*>(glfwGetWindowUserPointer(window)); }
int& input_counter(GLFWwindow* window) { return backend_of(window).input_counter(); }
void on_key(GLFWwindow* w, int key, int, int action, int mods) {
    ++input_counter(w);
    if (action == GLFW_PRESS || action == GLFW_REPEAT) backend_of(w).push_key(key, mods);
}
void on_char(GLFWwindow* w, unsigned int) { ++input_counter(w); }
void on_button(GLFWwindow* w, int, int, int) { ++input_counter(w); }
void on_cursor(GLFWwindow* w, double, double) { ++input_counter(w); }
void on_scroll(GLFWwindow* w, double, double) { ++input_counter(w); }
void on_size(GLFWwindow* w, int, int) { ++input_counter(w); }
void on_focus(GLFWwindow* w, int) { ++input_counter(w); }

}  // namespace

Result<std::unique_ptr<GlfwBackend>> GlfwBackend::create(const std::string& title, int width, int height,
                                                          const std::vector<std::string>& texts) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) return runtime_error("window", "cannot initialise GLFW (no display?)");
    std::unique_ptr<GlfwBackend> backend(new GlfwBackend());
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    backend->window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (backend->window_ == nullptr) return runtime_error("window", "cannot create an OpenGL 3.3 window");
    glfwMakeContextCurrent(backend->window_);
    glfwSwapInterval(0);  // pacing comes from the camera; the frame-time figures stay honest
    glfwSetWindowUserPointer(backend->window_, backend.get());
    glfwSetKeyCallback(backend->window_, on_key);
    glfwSetCharCallback(backend->window_, on_char);
    glfwSetMouseButtonCallback(backend->window_, on_button);
    glfwSetCursorPosCallback(backend->window_, on_cursor);
    glfwSetScrollCallback(backend->window_, on_scroll);
    glfwSetFramebufferSizeCallback(backend->window_, on_size);
    glfwSetWindowFocusCallback(backend->window_, on_focus);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout lives in our settings file
    float xscale = 1.0f, yscale = 1.0f;
    glfwGetWindowContentScale(backend->window_, &xscale, &yscale);
    backend->scale_ = std::clamp(std::max(xscale, yscale), 1.0f, 3.0f);
    for (const auto& text : texts) backend->extra_text_ += text;
    backend->build_fonts();
    ImGui::GetStyle().ScaleAllSizes(backend->scale_);
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.WindowBorderSize = 0.0f;
    backend->apply_theme(false);
    if (!ImGui_ImplGlfw_InitForOpenGL(backend->window_, true) || !ImGui_ImplOpenGL3_Init("#version 330 core"))
        return runtime_error("window", "cannot initialise Dear ImGui");
    backend->imgui_ready_ = true;
    return backend;
}

namespace {

// Debian's fonts: DejaVu (fonts-dejavu-core) for Latin, Greek and Cyrillic;
// WenQuanYi Micro Hei (fonts-wqy-microhei) for Chinese, Japanese and Korean.
constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kCjkFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

}  // namespace

void GlfwBackend::build_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // A real font at the monitor's content scale; the built-in bitmap font
    // only when it is missing.
    if (!std::filesystem::exists(kFont)) {
        io.Fonts->AddFontDefault();
        return;
    }
    static const ImWchar kRanges[] = {0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x2000, 0x206F, 0x2190, 0x21FF, 0};
    io.Fonts->AddFontFromFileTTF(kFont, 15.0f * scale_, nullptr, kRanges);
    if (!std::filesystem::exists(kCjkFont)) return;
    // Common Chinese characters, kana and Hangul letters, plus every character
    // of the names wanted (full Hangul syllables and all Han would make a
    // 30 MB atlas).
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
    static const ImWchar kKanaHangul[] = {0x3000, 0x30FF, 0x3130, 0x318F, 0xFF00, 0xFFEF, 0};
    builder.AddRanges(kKanaHangul);
    builder.AddText(extra_text_.c_str());
    cjk_ranges_.clear();
    builder.BuildRanges(&cjk_ranges_);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 1;  // CJK glyphs are dense; 1x keeps the atlas small
    io.Fonts->AddFontFromFileTTF(kCjkFont, 15.0f * scale_, &merge, cjk_ranges_.Data);
}

void GlfwBackend::ensure_glyphs(const std::string& text) {
    ImFont* font = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    if (font == nullptr || !std::filesystem::exists(kCjkFont)) return;
    bool missing = false;
    for (const char* p = text.c_str(); *p != 0 && !missing;) {
        unsigned int c = 0;
        const int n = std::max(1, ImTextCharFromUtf8(&c, p, nullptr));
        // Asked for before and still missing: no font has it; do not rebuild again.
        missing = c >= 0x80 && c <= 0xFFFF && font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr &&
                  extra_text_.find(std::string(p, static_cast<std::size_t>(n))) == std::string::npos;
        p += n;
    }
    if (!missing) return;
    extra_text_ += text;
    build_fonts();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlfwBackend::apply_theme(bool light) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (light) {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_WindowBg].w = 0.94f;
    } else {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg].w = 0.88f;
    }
}

GlfwBackend::~GlfwBackend() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool GlfwBackend::should_close() const { return glfwWindowShouldClose(window_) != 0; }

void GlfwBackend::wait_events(double timeout_s) {
    if (timeout_s > 0) glfwWaitEventsTimeout(timeout_s);
    else glfwPollEvents();
    while (glfwGetWindowAttrib(window_, GLFW_ICONIFIED) && !should_close()) glfwWaitEventsTimeout(0.25);
}

int GlfwBackend::take_input_events() { return std::exchange(input_events_, 0); }

std::vector<GlfwBackend::KeyPress> GlfwBackend::take_key_presses() { return std::exchange(key_presses_, {}); }

void GlfwBackend::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

cv::Mat GlfwBackend::end_frame(bool capture) {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glClearColor(0.07f, 0.07f, 0.08f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    cv::Mat shown;
    if (capture) {
        cv::Mat bottom_up(h, w, CV_8UC3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, w, h, GL_BGR, GL_UNSIGNED_BYTE, bottom_up.data);
        cv::flip(bottom_up, shown, 0);  // GL rows run bottom-up
    }
    glfwSwapBuffers(window_);
    return shown;
}

void GlfwBackend::window_size(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }

}  // namespace hairline::app
