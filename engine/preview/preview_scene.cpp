#include "engine/preview/preview_scene.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace hairline {
namespace {

DotScene dot_scene_for(const Design& design, const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit,
                       const std::optional<SkinTone>& tone, std::shared_ptr<const DotField> field) {
    const double lightness = tone ? tone->lightness / 100.0 : 0.65;
    return DotScene{fit.projection, make_hairline_boundary(design, curve, chart),
                    make_dot_style(design, resolve_pigment(design.pigment, tone), lightness), std::move(field),
                    cv::Mat{}};
}

std::vector<glm::dvec2> polyline(const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit, int count) {
    std::vector<glm::dvec2> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const double x = curve.x_min() + (curve.x_max() - curve.x_min()) * i / std::max(count - 1, 1);
        const auto p = chart.point_at({x, curve.height_at(x)});
        out.push_back(p ? project_point(fit.projection, *p) : fit.glabella_px);
    }
    return out;
}

double projected_height(const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit) {
    const auto mid = chart.point_at({0.0, curve.height_at(0.0)});
    if (!mid || fit.iod_px <= 0) return 0.0;
    const glm::dvec2 px = project_point(fit.projection, *mid);
    // The face's "up" in the image: perpendicular to the eye line.
    const glm::dvec2 eye_axis = glm::normalize(project_point(fit.projection, {1, 0, 0}) -
                                               project_point(fit.projection, {0, 0, 0}));
    const glm::dvec2 up{eye_axis.y, -eye_axis.x};
    return glm::dot(px - fit.glabella_px, up) * fit.mm_per_px;
}

}  // namespace

DotScene make_dot_scene(const Design& design, const FaceFit& fit, const std::optional<SkinTone>& tone,
                        std::shared_ptr<const DotField> field) {
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    return dot_scene_for(design, curve, ScalpChart(fit.head), fit, tone, std::move(field));
}

PreviewScene make_preview_scene(const Design& design, const FrameFacts& facts) {
    PreviewScene scene;
    scene.pigment_used = resolve_pigment(design.pigment, facts.skin_tone);
    if (!facts.face) return scene;
    const FaceFit& fit = facts.face->fit;
    const ScalpChart chart(fit.head);
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    scene.dots = dot_scene_for(design, curve, chart, fit, facts.skin_tone, facts.dot_field);
    scene.dots->head_mask = facts.head_mask;
    scene.hairline_px = polyline(curve, chart, fit, kHairlinePolylinePoints);
    scene.projected_height_mm = projected_height(curve, chart, fit);
    return scene;
}

std::vector<glm::dvec2> hairline_polyline_px(const Design& design, const FaceFit& fit, int count) {
    return polyline(HairlineCurve(hairline_control_points(design, fit.anchors)), ScalpChart(fit.head), fit, count);
}

double projected_hairline_height_mm(const Design& design, const FaceFit& fit) {
    return projected_height(HairlineCurve(hairline_control_points(design, fit.anchors)), ScalpChart(fit.head), fit);
}

DotCount count_drawn_dots(const DotScene& scene) {
    DotCount count;
    if (!scene.field || scene.field->dots.empty()) return count;
    const DotField& field = *scene.field;
    std::size_t above_line = 0;
    for (const Dot& dot : field.dots) {
        if (!dot_faces_camera(dot, scene.projection)) continue;
        if (static_cast<double>(dot.h_mm) >= scene.boundary.min_h_at(dot.beta)) ++above_line;
        if (dot_is_drawn(dot, scene.style, scene.boundary)) ++count.drawn;
    }
    // Every dot of the field stands for the same skin area.
    count.area_cm2 = field.area_cm2 * static_cast<double>(above_line) / static_cast<double>(field.dots.size());
    return count;
}

}  // namespace hairline
