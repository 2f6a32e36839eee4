#include "engine/preview/guides.h"

#include <cmath>
#include <cstdio>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/design/hairline_measures.h"
#include "engine/geom/scalp_picking.h"

namespace hairline {
namespace {

cv::Point to_cv(glm::dvec2 p) { return {static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))}; }

// The marks at these heights that the model's midline reaches.
std::vector<MidlineMark> midline_marks(const FaceFit& fit, const ScalpChart& chart, const std::vector<double>& heights_mm) {
    std::vector<MidlineMark> marks;
    for (const double h : heights_mm)
        if (const auto p = chart_point_px(fit.projection, chart, {0.0, h})) marks.push_back({h, *p});
    return marks;
}

std::vector<double> ruler_heights_mm() {
    std::vector<double> heights;
    for (int h = 0; h <= kRulerTopMm; h += kRulerStepMm) heights.push_back(h);
    return heights;
}

}  // namespace

GuideGeometry make_guides(const PreviewScene& scene, const FaceFit& fit, const Landmarks& landmarks) {
    GuideGeometry g;
    g.hairline = scene.hairline_px;
    const FaceAxes axes = face_axes(landmarks);
    const glm::dvec2 eye_axis = axes.across, up = axes.up;
    auto up_to = [&](glm::dvec2 from, glm::dvec2 level) {
        return std::pair{from, from + up * glm::dot(level - from, up)};
    };
    g.temple_right = up_to(landmarks[lm::kRightEyeOuter], g.hairline.front());
    g.temple_left = up_to(landmarks[lm::kLeftEyeOuter], g.hairline.back());
    const glm::dvec2 mid = scene.midline_px.value_or(g.hairline[g.hairline.size() / 2]);
    g.height = {fit.glabella_px, mid};
    char label[32];
    std::snprintf(label, sizeof label, "%.0f mm", scene.hairline.height_mm);
    g.height_label = label;
    g.iod_px = fit.iod_px;
    const double half = 0.9 * glm::distance(landmarks[lm::kJawFirst], landmarks[lm::kJawLast]);
    for (const glm::dvec2 level : {mid, fit.glabella_px, landmarks[33], landmarks[lm::kChin]}) {
        const glm::dvec2 center = fit.glabella_px + up * glm::dot(level - fit.glabella_px, up);
        g.thirds.push_back({center - eye_axis * 0.5 * half, center + eye_axis * 0.5 * half});
    }
    const ScalpChart chart(fit.head);
    g.band = midline_marks(fit, chart, {kHeightGuidelineMm.low, kHeightGuidelineMm.high});
    g.ruler = midline_marks(fit, chart, ruler_heights_mm());
    return g;
}

void draw_guides(cv::Mat& bgr, const GuideGeometry& g) {
    const double scale = std::max(0.6, g.iod_px / 80.0);
    const int thin = std::max(1, static_cast<int>(std::lround(scale)));
    auto line = [&](glm::dvec2 a, glm::dvec2 b, cv::Scalar colour) {
        cv::line(bgr, to_cv(a), to_cv(b), cv::Scalar(20, 20, 20), thin + 2, cv::LINE_AA);
        cv::line(bgr, to_cv(a), to_cv(b), colour, thin, cv::LINE_AA);
    };
    const cv::Scalar guide(200, 230, 255), hairline(120, 220, 255);
    for (const auto& [a, b] : g.thirds) line(a, b, cv::Scalar(170, 170, 170));
    line(g.temple_right.first, g.temple_right.second, guide);
    line(g.temple_left.first, g.temple_left.second, guide);
    line(g.height.first, g.height.second, guide);
    for (std::size_t i = 0; i + 1 < g.hairline.size(); ++i) line(g.hairline[i], g.hairline[i + 1], hairline);
    const cv::Point at = to_cv(0.55 * g.height.first + 0.45 * g.height.second) + cv::Point(4 * thin, 0);
    const double font = 0.3 * scale;
    cv::putText(bgr, g.height_label, at, cv::FONT_HERSHEY_SIMPLEX, font, cv::Scalar(20, 20, 20), thin + 2, cv::LINE_AA);
    cv::putText(bgr, g.height_label, at, cv::FONT_HERSHEY_SIMPLEX, font, guide, thin, cv::LINE_AA);
}

}  // namespace hairline
