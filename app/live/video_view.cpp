#include "app/live/video_view.h"

#include <algorithm>
#include <cmath>

#include <epoxy/gl.h>

#include "app/live/status_message.h"
#include "engine/gl/texture_upload.h"
#include "engine/preview/guides.h"

namespace hairline::app {
namespace {

// Panels sit in fixed columns either side of the video.
constexpr float kLeftColumn = 400.0f, kRightColumn = 330.0f;

const FaceFit* fit_of(const TrackedFrame& frame) { return frame.facts.face ? &frame.facts.face->fit : nullptr; }

}  // namespace

Result<LiveRenderers> make_renderers() {
    auto a = Renderer::create();
    if (!a) return a.error();
    auto b = Renderer::create();
    if (!b) return b.error();
    auto snapshot = Renderer::create();
    if (!snapshot) return snapshot.error();
    return LiveRenderers{std::move(*a), std::move(*b), std::move(*snapshot), gl::make_texture(GL_LINEAR)};
}

VideoArea video_area(const LiveState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (state.presenting) return {ImVec2(0, 0), io.DisplaySize};  // the whole window is the client's
    const float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
    return {ImVec2(state.panels.design || state.panels.view ? kLeftColumn : 0.0f, ImGui::GetFrameHeight()),
            ImVec2(io.DisplaySize.x - (state.panels.client || state.panels.snapshots ? kRightColumn : 0.0f),
                   io.DisplaySize.y - status_height)};
}

bool draw_video(LiveState& state, const TrackedFrame& shown, const PreviewScene& active, LiveRenderers& renderers,
                ViewRect& view_rect, PanelRequests& requests, ClientViewFrame& client, double now_s) {
    const cv::Mat& bgr = shown.frame.bgr;
    const VideoArea area = video_area(state);
    const FaceFit* fit = fit_of(shown);
    const bool side = state.view.compare == CompareMode::SideBySide && !state.view.show_before && !state.presenting;
    const float area_w = side ? 0.5f * (area.max.x - area.min.x) : area.max.x - area.min.x;
    const ViewRect previous = view_rect;
    if (state.dragging_point < 0)  // the view holds still while a point is dragged
        view_rect = next_view_rect(view_rect, bgr.cols, bgr.rows, fit, area_w / std::max(area.max.y - area.min.y, 1.0f),
                                   state.view.follow_face);
    const bool easing = std::abs(view_rect.x - previous.x) + std::abs(view_rect.width - previous.width) > 0.5;

    const bool mirror = state.presenting || state.view.mirror;  // the client sees a mirror
    const SceneLayout probe = fit_layout(view_rect, bgr.cols, bgr.rows, area.min, ImVec2(area.min.x + area_w, area.max.y), mirror);
    const cv::Size output(std::max(1, static_cast<int>(std::lround(probe.screen_width()))),
                          std::max(1, static_cast<int>(std::lround(probe.screen_height()))));
    const cv::Rect2d crop(view_rect.x, view_rect.y, view_rect.width, view_rect.height);
    // The left (or only) picture shows A when split, else the active design.
    const bool ab_split = state.ab_split && !state.presenting;
    const bool first_is_active = !ab_split || state.active == 0;
    const PreviewScene first = first_is_active ? active : make_preview_scene(state.designs[0], shown.facts);
    Status drawn = renderers.a.render_view(first.base_bgr.empty() ? bgr : first.base_bgr, first.dots, crop, output);
    if (drawn && ab_split) {
        const PreviewScene second = state.active == 1 ? active : make_preview_scene(state.designs[1], shown.facts);
        drawn = renderers.b.render_view(second.base_bgr.empty() ? bgr : second.base_bgr, second.dots, crop, output);
    }
    if (!drawn) {
        say(state, "Preview not drawn: " + drawn.error().message(), now_s);
        return false;
    }

    SceneImages images;
    // Before is the real head, also when the preview shaved it. That frame
    // goes up only when something shows it: the preview alone (the usual
    // view) never does.
    images.before = renderers.a.input_texture();
    if (first.base_bgr.data != bgr.data) {
        if (state.presenting || state.client_window || scene_images_show_before(state.view)) {
            gl::upload_texture(renderers.before, bgr);
            glBindTexture(GL_TEXTURE_2D, 0);
        }
        images.before = renderers.before.id();
    }
    images.after = renderers.a.output_texture();
    images.after_b = ab_split ? renderers.b.output_texture() : 0;
    images.width = bgr.cols;
    images.height = bgr.rows;
    client = ClientViewFrame{images.before, images.after,
                             glm::vec4(view_rect.x / bgr.cols, view_rect.y / bgr.rows, (view_rect.x + view_rect.width) / bgr.cols,
                                       (view_rect.y + view_rect.height) / bgr.rows),
                             static_cast<float>(view_rect.width / std::max(view_rect.height, 1.0)), state.present_split, true};
    ImDrawList* background = ImGui::GetBackgroundDrawList();
    if (state.presenting) {
        // The client's view: no guides, no handles; dragging anywhere moves the divider.
        const SceneLayout layout = draw_before_after(background, images, view_rect, area.min, area.max, state.present_split, true);
        const ImGuiIO& io = ImGui::GetIO();
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left) && !io.WantCaptureMouse && layout.screen_width() > 1.0f)
            state.present_split = std::clamp((io.MousePos.x - layout.origin.x) / layout.screen_width(), 0.0f, 1.0f);
        background->AddText(ImVec2(io.DisplaySize.x - 250, io.DisplaySize.y - 26), IM_COL32(255, 255, 255, 90),
                            "F5 or Esc: back to the controls");
        return easing;
    }
    const auto layouts = draw_scene_images(background, images, state.view, state.ab_split, view_rect, area.min, area.max);
    if (fit && !state.view.show_before) {
        const GuideGeometry guides = make_guides(active, *fit, shown.facts.face->landmarks);
        draw_scene_guides(background, layouts.front(), guides, state.view);
        if (state.edit_mode && edit_control_points(background, state, layouts.front(), *fit))
            requests.design_committed = true;
    }
    return easing;
}

Result<Recorded> record_frame(const Design& design, const TrackedFrame& shown, Renderer& renderer) {
    const PreviewScene scene = make_preview_scene(design, shown.facts);
    if (auto drawn = renderer.render(scene.base_bgr.empty() ? shown.frame.bgr : scene.base_bgr, scene.dots); !drawn)
        return drawn.error();
    return Recorded{shown.frame.bgr, renderer.read_bgr(), make_preview_record(design, shown.facts, scene)};
}

}  // namespace hairline::app
