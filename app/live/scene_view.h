#pragma once
// The video area of the live app (see scene_view.cpp).

#include <vector>

#include <epoxy/gl.h>
#include <glm/vec2.hpp>
#include <imgui.h>

#include "app/live/live_state.h"
#include "engine/preview/guides.h"
#include "engine/track/face_fit.h"

namespace hairline::app {

// The part of the image on show (image pixels), e.g. zoomed on the face.
struct ViewRect {
    double x = 0, y = 0, width = 1, height = 1;
    bool operator==(const ViewRect&) const = default;
};

struct SceneImages {
    GLuint before = 0;   // the whole camera frame
    GLuint after = 0;    // the preview of `view` with design A (or the active design)
    GLuint after_b = 0;  // the same with design B, for the A | B split (0: none)
    int width = 0;       // of the camera frame
    int height = 0;
};

// Where the image sits on screen; maps between image pixels (unmirrored)
// and screen points.
struct SceneLayout {
    ImVec2 origin{0, 0};
    double scale = 1.0;
    bool mirror = false;
    ViewRect view;
    int image_width = 0;
    int image_height = 0;
    ImVec2 to_screen(glm::dvec2 image_px) const;
    glm::dvec2 to_image(ImVec2 screen) const;
    float screen_width() const { return static_cast<float>(view.width * scale); }
    float screen_height() const { return static_cast<float>(view.height * scale); }
};

SceneLayout fit_layout(const ViewRect& view, int image_width, int image_height, ImVec2 area_min, ImVec2 area_max,
                       bool mirror);

// The rectangle to show: the whole image, or framed on the face (head top to
// chin), moved a little towards the target each frame so it never jumps.
ViewRect next_view_rect(const ViewRect& current, int image_width, int image_height, const FaceFit* face,
                        float area_aspect, bool follow_face);

// ensures: the layouts drawn; the first is where overlays belong (the preview).
std::vector<SceneLayout> draw_scene_images(ImDrawList* draw, const SceneImages& images, const ViewOptions& view_options,
                                           bool ab_split, const ViewRect& view, ImVec2 area_min, ImVec2 area_max);
// Whether draw_scene_images() shows `before` with these options (the camera
// frame beside or instead of the preview).
bool scene_images_show_before(const ViewOptions& view_options);

// Presentation mode (the client's view): before left of `split`, the preview
// right of it, large labels and a handle on the divider; nothing else.
// ensures: the layout drawn.
SceneLayout draw_before_after(ImDrawList* draw, const SceneImages& images, const ViewRect& view, ImVec2 area_min,
                              ImVec2 area_max, float split, bool mirror);

// The engine's guides (make_guides) on screen, as guide_marks() places them.
void draw_scene_guides(ImDrawList* draw, const SceneLayout& layout, const GuideGeometry& guides, const ViewOptions& view);

// Edit mode: draws the control points and drags them on the scalp.
// ensures: true when a drag ended (an edit to record for undo).
bool edit_control_points(ImDrawList* draw, LiveState& state, const SceneLayout& layout, const FaceFit& fit);

}  // namespace hairline::app
