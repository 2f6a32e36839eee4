// The video with the preview, drawn behind the panels: before/after modes,
// the mirror, guides (guide_marks.h), and dragging the hairline's control points.

#include "app/live/scene_view.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <variant>

#include <glm/geometric.hpp>

#include "app/live/guide_marks.h"
#include "engine/design/design_edit.h"
#include "engine/design/hairline_shape.h"
#include "engine/geom/scalp_picking.h"
#include "engine/preview/face_crop.h"

namespace hairline::app {
namespace {

ImTextureID texture_id(GLuint id) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id)); }

ImU32 rgba(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }

void outlined_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float width = 1.5f) {
    draw->AddLine(a, b, rgba(0, 0, 0, 160), width + 2.0f);
    draw->AddLine(a, b, colour, width);
}

}  // namespace

ImVec2 SceneLayout::to_screen(glm::dvec2 px) const {
    const double x = mirror ? view.x + view.width - px.x : px.x - view.x;
    return ImVec2(origin.x + static_cast<float>(x * scale), origin.y + static_cast<float>((px.y - view.y) * scale));
}

glm::dvec2 SceneLayout::to_image(ImVec2 screen) const {
    const double x = static_cast<double>(screen.x - origin.x) / scale;
    const double y = static_cast<double>(screen.y - origin.y) / scale + view.y;
    return {mirror ? view.x + view.width - x : view.x + x, y};
}

SceneLayout fit_layout(const ViewRect& view, int image_width, int image_height, ImVec2 area_min, ImVec2 area_max,
                       bool mirror) {
    SceneLayout layout;
    layout.view = view;
    layout.image_width = image_width;
    layout.image_height = image_height;
    layout.mirror = mirror;
    const double w = area_max.x - area_min.x, h = area_max.y - area_min.y;
    layout.scale = std::min(w / view.width, h / view.height);
    layout.origin = ImVec2(area_min.x + static_cast<float>(0.5 * (w - layout.scale * view.width)),
                           area_min.y + static_cast<float>(0.5 * (h - layout.scale * view.height)));
    return layout;
}

ViewRect next_view_rect(const ViewRect& current, int image_width, int image_height, const FaceFit* face,
                        float area_aspect, bool follow_face) {
    ViewRect target{0, 0, static_cast<double>(image_width), static_cast<double>(image_height)};
    if (follow_face && face != nullptr && face->iod_px > 1.0) {
        const cv::Rect2d head = face_crop(*face, FaceCrop::Head, area_aspect);
        // No larger than the image, keeping the aspect and the centre, then inside it.
        const double shrink = std::min({1.0, image_height / head.height, image_width / head.width});
        const double width = head.width * shrink, height = head.height * shrink;
        target = {head.x + 0.5 * (head.width - width), head.y + 0.5 * (head.height - height), width, height};
        target.x = std::clamp(target.x, 0.0, image_width - target.width);
        target.y = std::clamp(target.y, 0.0, image_height - target.height);
    }
    if (current.width <= 1.0) return target;
    constexpr double kEase = 0.12;
    ViewRect next;
    next.x = current.x + kEase * (target.x - current.x);
    next.y = current.y + kEase * (target.y - current.y);
    next.width = current.width + kEase * (target.width - current.width);
    next.height = current.height + kEase * (target.height - current.height);
    return next;
}

// Draws the part of a texture that falls between two screen x positions; the
// texture shows `covered` (image pixels): the whole frame, or the preview's view.
void draw_image_columns(ImDrawList* draw, GLuint texture, const ViewRect& covered, const SceneLayout& layout, float x0,
                        float x1) {
    const float top = layout.origin.y, bottom = top + layout.screen_height();
    const glm::dvec2 a = layout.to_image(ImVec2(x0, top)), b = layout.to_image(ImVec2(x1, bottom));
    auto uv = [&](glm::dvec2 p) {
        return ImVec2(static_cast<float>((p.x - covered.x) / covered.width),
                      static_cast<float>((p.y - covered.y) / covered.height));
    };
    // The images are opaque (alpha 1): without blending, which gives the
    // same pixels, Mesa's software rasteriser writes them without first
    // reading what lies under them.
    draw->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
    draw->AddImage(texture_id(texture), ImVec2(x0, top), ImVec2(x1, bottom), uv(a), uv(b));
    draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

std::vector<SceneLayout> draw_scene_images(ImDrawList* draw, const SceneImages& images, const ViewOptions& v,
                                           bool ab_split, const ViewRect& view, ImVec2 area_min, ImVec2 area_max) {
    const ViewRect frame{0, 0, static_cast<double>(images.width), static_cast<double>(images.height)};
    // The preview texture covers the view; without the overlay, the frame shows.
    const GLuint after = v.overlay ? images.after : images.before;
    const ViewRect after_rect = v.overlay ? view : frame;
    if (v.compare == CompareMode::SideBySide && !v.show_before) {
        const float mid = 0.5f * (area_min.x + area_max.x);
        const SceneLayout left = fit_layout(view, images.width, images.height, area_min, ImVec2(mid - 2, area_max.y), v.mirror);
        const SceneLayout right = fit_layout(view, images.width, images.height, ImVec2(mid + 2, area_min.y), area_max, v.mirror);
        draw_image_columns(draw, images.before, frame, left, left.origin.x, left.origin.x + left.screen_width());
        draw_image_columns(draw, after, after_rect, right, right.origin.x, right.origin.x + right.screen_width());
        return {right, left};  // overlays go on the preview
    }
    const SceneLayout layout = fit_layout(view, images.width, images.height, area_min, area_max, v.mirror);
    const float x0 = layout.origin.x, x1 = x0 + layout.screen_width();
    if (v.show_before) {
        draw_image_columns(draw, images.before, frame, layout, x0, x1);
    } else if (v.compare == CompareMode::Split) {
        const float split = x0 + v.split * (x1 - x0);
        draw_image_columns(draw, after, after_rect, layout, x0, split);
        draw_image_columns(draw, images.before, frame, layout, split, x1);
        const float bottom = layout.origin.y + layout.screen_height();
        outlined_line(draw, ImVec2(split, layout.origin.y), ImVec2(split, bottom), rgba(255, 255, 255), 2.0f);
        draw->AddText(ImVec2(split - 52, layout.origin.y + 8), rgba(255, 255, 255), "after");
        draw->AddText(ImVec2(split + 8, layout.origin.y + 8), rgba(255, 255, 255), "before");
    } else if (ab_split && images.after_b != 0) {
        const float mid = 0.5f * (x0 + x1);
        draw_image_columns(draw, after, after_rect, layout, x0, mid);
        draw_image_columns(draw, v.overlay ? images.after_b : images.before, after_rect, layout, mid, x1);
        const float bottom = layout.origin.y + layout.screen_height();
        outlined_line(draw, ImVec2(mid, layout.origin.y), ImVec2(mid, bottom), rgba(255, 255, 255), 2.0f);
        draw->AddText(ImVec2(mid - 22, layout.origin.y + 8), rgba(255, 255, 255), "A");
        draw->AddText(ImVec2(mid + 12, layout.origin.y + 8), rgba(255, 255, 255), "B");
    } else {
        draw_image_columns(draw, after, after_rect, layout, x0, x1);
    }
    return {layout};
}

bool scene_images_show_before(const ViewOptions& v) {
    return !v.overlay || v.show_before || v.compare != CompareMode::Preview;
}

SceneLayout draw_before_after(ImDrawList* draw, const SceneImages& images, const ViewRect& view, ImVec2 area_min,
                              ImVec2 area_max, float split, bool mirror) {
    const ViewRect frame{0, 0, static_cast<double>(images.width), static_cast<double>(images.height)};
    const SceneLayout layout = fit_layout(view, images.width, images.height, area_min, area_max, mirror);
    const float x0 = layout.origin.x, x1 = x0 + layout.screen_width();
    const float top = layout.origin.y, bottom = top + layout.screen_height();
    const float at = x0 + std::clamp(split, 0.0f, 1.0f) * (x1 - x0);
    draw_image_columns(draw, images.before, frame, layout, x0, at);
    draw_image_columns(draw, images.after, view, layout, at, x1);
    outlined_line(draw, ImVec2(at, top), ImVec2(at, bottom), rgba(255, 255, 255), 3.0f);
    // A round handle with arrows: "drag me" without words.
    const ImVec2 centre(at, 0.5f * (top + bottom));
    const float r = std::max(18.0f, 0.025f * layout.screen_height());
    draw->AddCircleFilled(centre, r + 2, rgba(0, 0, 0, 140), 32);
    draw->AddCircleFilled(centre, r, rgba(255, 255, 255, 235), 32);
    const ImU32 arrow = rgba(40, 40, 40);
    draw->AddTriangleFilled(ImVec2(centre.x - 0.75f * r, centre.y), ImVec2(centre.x - 0.2f * r, centre.y - 0.45f * r),
                            ImVec2(centre.x - 0.2f * r, centre.y + 0.45f * r), arrow);
    draw->AddTriangleFilled(ImVec2(centre.x + 0.75f * r, centre.y), ImVec2(centre.x + 0.2f * r, centre.y + 0.45f * r),
                            ImVec2(centre.x + 0.2f * r, centre.y - 0.45f * r), arrow);
    // Labels the client reads from across the room.
    ImFont* font = ImGui::GetFont();
    const float size = std::max(ImGui::GetFontSize() * 1.6f, 0.045f * layout.screen_height());
    auto label = [&](const char* text, float x_right_or_left, bool right_aligned) {
        const ImVec2 extent = font->CalcTextSizeA(size, 1e9f, 0.0f, text);
        const ImVec2 pos(right_aligned ? x_right_or_left - extent.x - 16 : x_right_or_left + 16, top + 14);
        draw->AddRectFilled(ImVec2(pos.x - 10, pos.y - 4), ImVec2(pos.x + extent.x + 10, pos.y + extent.y + 4),
                            rgba(0, 0, 0, 120), 6.0f);
        draw->AddText(font, size, pos, rgba(255, 255, 255), text);
    };
    if (at - x0 > 0.15f * (x1 - x0)) label("Before", at, true);
    if (x1 - at > 0.15f * (x1 - x0)) label("After", at, false);
    return layout;
}

void draw_scene_guides(ImDrawList* draw, const SceneLayout& layout, const GuideGeometry& guides, const ViewOptions& v) {
    for (const GuideMark& mark : guide_marks(guides, v, layout)) {
        if (const auto* l = std::get_if<GuideLine>(&mark)) outlined_line(draw, l->a, l->b, l->colour, l->width);
        if (const auto* t = std::get_if<GuideLabel>(&mark)) draw->AddText(t->at, t->colour, t->text.c_str());
    }
}

bool edit_control_points(ImDrawList* draw, LiveState& state, const SceneLayout& layout, const FaceFit& fit) {
    Design& design = state.design();
    const ScalpChart chart(fit.head);
    const std::vector<HairlinePoint> points = hairline_control_points(design, fit.anchors);
    std::vector<std::optional<ImVec2>> screen;
    for (const auto& p : points) {
        const auto at = chart_point_px(fit.projection, chart, {p.x_mm, p.h_mm});
        screen.push_back(at ? std::optional(layout.to_screen(*at)) : std::nullopt);
    }
    ImGuiIO& io = ImGui::GetIO();
    bool committed = false;
    if (state.dragging_point < 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !io.WantCaptureMouse) {
        float best = 14.0f;
        for (std::size_t i = 0; i < screen.size(); ++i) {
            if (!screen[i]) continue;
            const float d = std::hypot(screen[i]->x - io.MousePos.x, screen[i]->y - io.MousePos.y);
            if (d < best) {
                best = d;
                state.dragging_point = static_cast<int>(i);
            }
        }
    }
    if (state.dragging_point >= 0) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            if (const auto hit = pick_scalp(fit.projection, chart, layout.to_image(io.MousePos))) {
                move_control_point(design, fit.anchors, state.dragging_point, *hit, io.KeyAlt);
                ImGui::SetTooltip("x %.0f mm from the midline, %.0f mm above the glabella (along the skin)", hit->x_mm,
                                  hit->h_mm);
            }
        } else {
            state.dragging_point = -1;
            committed = true;
        }
    }
    for (std::size_t i = 0; i < screen.size(); ++i) {
        if (!screen[i]) continue;
        const bool active = static_cast<int>(i) == state.dragging_point;
        draw->AddCircleFilled(*screen[i], active ? 7.0f : 5.5f, active ? rgba(255, 120, 60) : rgba(255, 220, 120));
        draw->AddCircle(*screen[i], active ? 7.0f : 5.5f, rgba(0, 0, 0, 200), 0, 1.5f);
    }
    return committed;
}

}  // namespace hairline::app
