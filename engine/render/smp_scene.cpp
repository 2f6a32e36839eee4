#include "engine/render/smp_scene.h"

#include <cmath>

#include <glm/geometric.hpp>

namespace hairline {

DotScene make_dot_scene(const Design& design, const FaceFit& fit, const std::optional<SkinTone>& tone) {
    const ScalpChart chart(fit.head);
    const double lightness = tone ? tone->lightness / 100.0 : 0.65;
    return DotScene{fit.projection, make_hairline_boundary(design, fit.anchors, chart),
                    make_dot_style(design, resolve_pigment(design.pigment, tone), lightness), cv::Mat{}};
}

std::vector<glm::dvec2> hairline_polyline_px(const Design& design, const FaceFit& fit, int count) {
    const ScalpChart chart(fit.head);
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    std::vector<glm::dvec2> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const double x = curve.x_min() + (curve.x_max() - curve.x_min()) * i / std::max(count - 1, 1);
        const auto p = chart.point_at({x, curve.height_at(x)});
        out.push_back(p ? project_point(fit.projection, *p) : fit.glabella_px);
    }
    return out;
}

double projected_hairline_height_mm(const Design& design, const FaceFit& fit) {
    const ScalpChart chart(fit.head);
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    const auto mid = chart.point_at({0.0, curve.height_at(0.0)});
    if (!mid || fit.iod_px <= 0) return 0.0;
    const glm::dvec2 px = project_point(fit.projection, *mid);
    // The face's "up" in the image: perpendicular to the eye line.
    const glm::dvec2 eye_axis = glm::normalize(project_point(fit.projection, {1, 0, 0}) -
                                               project_point(fit.projection, {0, 0, 0}));
    const glm::dvec2 up{eye_axis.y, -eye_axis.x};
    return glm::dot(px - fit.glabella_px, up) * fit.mm_per_px;
}

bool dot_faces_camera(const Dot& dot, const FaceProjection& projection) {
    const glm::dvec3 center = to_camera(projection.pose, glm::dvec3(dot.position_mm));
    const glm::dvec3 normal = projection.pose.rotation * glm::dvec3(dot.normal);
    return center.z > 1.0 && glm::dot(normal, glm::normalize(-center)) > 0.02;
}

DotCount count_drawn_dots(const DotField& field, const DotScene& scene) {
    DotCount count;
    std::size_t above_line = 0;
    for (const Dot& dot : field.dots) {
        const bool facing = dot_faces_camera(dot, scene.projection);
        if (facing && static_cast<double>(dot.h_mm) >= scene.boundary.min_h_at(dot.beta)) ++above_line;
        if (facing && dot_is_drawn(dot, scene.style, scene.boundary)) ++count.drawn;
    }
    // Every dot of the field stands for the same skin area.
    if (!field.dots.empty()) count.area_cm2 = field.area_cm2 * static_cast<double>(above_line) / field.dots.size();
    return count;
}

}  // namespace hairline
