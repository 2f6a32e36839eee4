#include "engine/preview/preview_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <glm/geometric.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/scalp_skin.h"

namespace hairline {
namespace {

DotScene dot_scene_for(const Design& design, const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit,
                       const std::optional<SkinTone>& tone, std::shared_ptr<const DotField> field) {
    const double lightness = tone ? tone->lightness / 100.0 : 0.65;
    DotScene scene;
    scene.projection = fit.projection;
    scene.boundary = make_hairline_boundary(design, curve, chart);
    scene.style = make_dot_style(design, resolve_pigment(design.pigment, tone), lightness);
    scene.field = std::move(field);
    return scene;
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

// The mid-frontal point (x = 0 on the curve) in the image.
std::optional<glm::dvec2> midline_point_px(const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit) {
    const auto mid = chart.point_at({0.0, curve.height_at(0.0)});
    if (!mid) return std::nullopt;
    return project_point(fit.projection, *mid);
}

double projected_height(const std::optional<glm::dvec2>& midline_px, const FaceFit& fit) {
    if (!midline_px || fit.iod_px <= 0) return 0.0;
    const glm::dvec2 up = face_up(head_across_px(fit.projection));
    return glm::dot(*midline_px - fit.glabella_px, up) * fit.mm_per_px;
}

// A point of the scalp chart as the picture shows it: its pixel when it
// faces the camera, is inside the frame and inside the head's outline.
struct SeenPoint {
    std::optional<cv::Point> pixel;
    bool outside_frame = false;
};

SeenPoint seen_on_frame(double x, double h, const ScalpChart& chart, const FaceFit& fit, const FrameFacts& facts) {
    SeenPoint out;
    const auto p = chart.point_at({x, h});
    if (!p) return out;
    const double beta = chart.beta_of_x(x);
    const auto alpha = chart.alpha_of(h, beta);
    if (!alpha || facing_camera(fit.projection.pose, *p, chart.normal(*alpha, beta)) <= kMinFacing) return out;
    const glm::dvec2 px = project_point(fit.projection, *p);
    const int u = static_cast<int>(std::lround(px.x)), v = static_cast<int>(std::lround(px.y));
    if (u < 0 || v < 0 || u >= facts.bgr.cols || v >= facts.bgr.rows) {
        out.outside_frame = true;
        return out;
    }
    if (!facts.head_mask.empty() && facts.head_mask.at<std::uint8_t>(v, u) < 128) return out;
    out.pixel = cv::Point(u, v);
    return out;
}

// How much of the designed line the picture shows, and why not the rest.
void check_visibility(const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit, const FrameFacts& facts,
                      PreviewScene& scene) {
    constexpr int kSamples = 33;
    int visible = 0, outside_frame = 0;
    for (int i = 0; i < kSamples; ++i) {
        const double x = curve.x_min() + (curve.x_max() - curve.x_min()) * i / (kSamples - 1);
        const SeenPoint seen = seen_on_frame(x, curve.height_at(x), chart, fit, facts);
        outside_frame += seen.outside_frame;
        visible += seen.pixel.has_value();
    }
    scene.hairline_visible = static_cast<double>(visible) / kSamples;
    if (scene.hairline_visible >= 0.5) return;
    char text[160];
    const double mm = scene.hairline.height_mm;
    if (outside_frame > kSamples / 2)
        std::snprintf(text, sizeof text, "the hairline at %.0f mm is outside the picture: only %.0f%% of it shows", mm,
                      100.0 * scene.hairline_visible);
    else
        std::snprintf(text, sizeof text, "the hairline at %.0f mm is above the visible head at this angle: only %.0f%% of it shows",
                      mm, 100.0 * scene.hairline_visible);
    scene.notices.emplace_back(text);
}

// The designed scalp as the picture shows it (hair_decision.h): a grid over
// the chart from the hairline to 60 mm behind it; of its points facing the
// camera and inside the frame, those on the head (inside its outline, or on
// hair grown from the skull that the outline missed), and what they are on.
DesignedCover measure_designed_cover(const HairlineCurve& curve, const ScalpChart& chart, const FaceFit& fit,
                                     const FrameFacts& facts) {
    DesignedCover cover;
    if (facts.covering_alpha.empty()) return cover;
    FrameFacts unmasked;  // the frame alone: the outline is applied below, with the hair
    unmasked.bgr = facts.bgr;
    auto at = [](const cv::Mat& m, cv::Point p) { return !m.empty() && m.at<std::uint8_t>(p) >= 128; };
    constexpr int kAcross = 17, kBack = 9;
    for (int i = 0; i < kAcross; ++i)
        for (int j = 0; j < kBack; ++j) {
            const double x = curve.x_min() + (curve.x_max() - curve.x_min()) * (i + 0.5) / kAcross;
            const SeenPoint point = seen_on_frame(x, curve.height_at(x) + 60.0 * (j + 0.5) / kBack, chart, fit, unmasked);
            if (!point.pixel) continue;
            // Inside the head's outline hair is hair; beyond it (hair the
            // outline missed) only where its colour is unlike the background.
            const bool in_outline = facts.head_mask.empty() || at(facts.head_mask, *point.pixel);
            const bool hair = at(facts.covering_alpha, *point.pixel) && (in_outline || at(facts.hair_not_background, *point.pixel));
            if (!in_outline && !hair) continue;
            ++cover.seen;
            if (at(facts.skin_alpha, *point.pixel)) ++cover.skin;
            else if (hair) ++cover.hair;
        }
    return cover;
}

// What the dots go on, and where they may: hair as the design asks.
void apply_hair(const Design& design, const FrameFacts& facts, PreviewScene& scene) {
    DotScene& dots = *scene.dots;
    HairMode mode = design.hair;
    if (mode == HairMode::Auto) {
        AutoHair chosen = decide_auto_hair(scene.designed_cover, facts.shave != nullptr);
        mode = chosen.mode;
        scene.hair_reason = std::move(chosen.reason);
    }
    if (mode == HairMode::Shave && !facts.shave) {
        scene.notices.emplace_back(facts.hair_alpha.empty()
                                       ? "hair=shave: the head's outline or the skin could not be read in this picture, so the head is shown as it is"
                                       : "hair=shave: no hair to shave was found on the scalp, so the head is shown as it is");
        mode = HairMode::AsIs;
    }
    if (mode == HairMode::Under && facts.hair_alpha.empty()) {
        scene.notices.emplace_back("hair=under: the hair could not be told from the scalp in this picture, so dots go everywhere");
        mode = HairMode::AsIs;
    }
    scene.hair_used = mode;
    if (mode == HairMode::Shave) {
        scene.base_bgr = apply_shave_layer(facts.bgr, *facts.shave);
        // The shaved head takes dots where hair hid the scalp; hair beyond
        // the skull became background: no dots there.
        const ShaveLayer& layer = *facts.shave;
        if (!dots.head_mask.empty() && !layer.scalp.empty()) {
            dots.head_mask = dots.head_mask.clone();
            cv::Mat head = dots.head_mask(layer.rect);
            cv::max(head, layer.scalp, head);
            head.setTo(0, layer.background);
        }
    } else if (mode == HairMode::AsIs && !facts.skin_alpha.empty()) {
        // The head as it is: dots on the client's own skin, and on hair
        // inside the head's outline; never on the background or a
        // neighbour that the outline took in. A bare outline the skull
        // follows (bald or shaved: scalp_fit.h) holds nothing but the
        // client's scalp, lit, shaded or shiny: all of it takes dots.
        if (facts.scalp_fit.bare && !dots.head_mask.empty()) {
            dots.silhouette_fade = kBareSilhouetteFade;
            return;
        }
        // Grown by the skin test's own blur: the head's last millimetres,
        // blurred with what is behind them, are skin too.
        cv::Mat on_head = facts.skin_alpha;
        if (!dots.head_mask.empty() && !facts.hair_alpha.empty())
            on_head = cv::max(facts.skin_alpha, cv::min(facts.hair_alpha, dots.head_mask));
        const int grow = std::max(1, static_cast<int>(std::lround(kSkinBlurIod * facts.face->fit.iod_px)));
        cv::dilate(on_head, on_head, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
        dots.head_mask = dots.head_mask.empty() ? on_head : cv::Mat(cv::min(dots.head_mask, on_head));
    } else if (mode == HairMode::Under) {
        // Ink only between hairs: the mask loses the hair, and no dot is centred on it.
        cv::Mat skin = 255 - facts.hair_alpha;
        dots.head_mask = dots.head_mask.empty() ? skin : cv::Mat(cv::min(dots.head_mask, skin));
        dots.centres_in_mask = true;
    }
}

}  // namespace

double ink_blur_px(double camera_blur_px, const Design& design, const FaceFit& fit) {
    if (fit.mm_per_px <= 0.0) return camera_blur_px;
    const double spacing_mm = 10.0 / std::sqrt(std::max(design.density_per_cm2, 1.0));
    const double cap_px = std::max(kBlurAlwaysFollowedPx, kMaxBlurPerSpacing * spacing_mm / fit.mm_per_px);
    return std::max(std::min(camera_blur_px, cap_px), kMinBlurPx);
}

DotScene make_dot_scene(const Design& design, const FaceFit& fit, const std::optional<SkinTone>& tone,
                        std::shared_ptr<const DotField> field) {
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    return dot_scene_for(design, curve, ScalpChart(fit.head), fit, tone, std::move(field));
}

PreviewScene make_preview_scene(const Design& design, const FrameFacts& facts) {
    PreviewScene scene;
    scene.pigment_used = resolve_pigment(design.pigment, facts.skin_tone);
    if (design.pigment.automatic && facts.skin_tone && facts.skin_tone->confidence < kSkinToneMinConfidence)
        scene.notices.emplace_back("skin tone uncertain (no white in the picture to judge its light by): the middle "
                                   "pigment is suggested; check it against the skin or set pigment");
    scene.base_bgr = facts.bgr;
    const FaceAnchors anchors = facts.face ? facts.face->fit.anchors : FaceAnchors{};
    const HairlineCurve curve(hairline_control_points(design, anchors));
    scene.hairline = measure_hairline(design, curve, anchors);
    if (!facts.face) return scene;
    const FaceFit& fit = facts.face->fit;
    const ScalpChart chart(fit.head);
    scene.dots = dot_scene_for(design, curve, chart, fit, facts.skin_tone, facts.dot_field);
    scene.dots->head_mask = facts.head_mask;
    scene.dots->camera = InkCamera{ink_blur_px(facts.camera_look.blur_px, design, fit), facts.camera_look.noise_level};
    scene.dots->grain_seed = static_cast<std::uint32_t>(facts.index);
    scene.dots->frame_size = facts.bgr.size();
    scene.base_bgr = facts.bgr;
    scene.designed_cover = measure_designed_cover(curve, chart, fit, facts);
    scene.designed_hair_fraction = scene.designed_cover.hair_share();
    apply_hair(design, facts, scene);
    // A covered, turned or uncertain face: the overlay fades rather than sit on a doubtful fit.
    scene.overlay = facts.overlay;
    scene.dots->style.opacity *= static_cast<float>(facts.overlay);
    if (facts.face->confidence < 0.6) {
        char text[160];
        std::snprintf(text, sizeof text, "the face is covered, turned or uncertain (confidence %.2f): the overlay is faded",
                      facts.face->confidence);
        scene.notices.emplace_back(text);
    }
    scene.hairline_px = polyline(curve, chart, fit, kHairlinePolylinePoints);
    scene.midline_px = midline_point_px(curve, chart, fit);
    scene.hairline.projected_height_mm = projected_height(scene.midline_px, fit);
    check_visibility(curve, chart, fit, facts, scene);
    return scene;
}

std::vector<glm::dvec2> hairline_polyline_px(const Design& design, const FaceFit& fit, int count) {
    return polyline(HairlineCurve(hairline_control_points(design, fit.anchors)), ScalpChart(fit.head), fit, count);
}

double projected_hairline_height_mm(const Design& design, const FaceFit& fit) {
    const HairlineCurve curve(hairline_control_points(design, fit.anchors));
    return projected_height(midline_point_px(curve, ScalpChart(fit.head), fit), fit);
}

DotCount count_drawn_dots(const DotScene& scene) {
    DotCount count;
    if (!scene.field || scene.field->dots.empty()) return count;
    const DotField& field = *scene.field;
    std::size_t above_line = 0;
    const cv::Size size = scene.frame_size;
    const bool masked = !scene.head_mask.empty() && scene.head_mask.size() == size;
    for (const Dot& dot : field.dots) {
        if (!dot_faces_camera(dot, scene.projection)) continue;
        // Only what the picture shows: inside the frame and the head's outline.
        if (size.width > 0) {
            const glm::dvec2 px = project_point(scene.projection, glm::dvec3(dot.position_mm));
            const int u = static_cast<int>(std::lround(px.x)), v = static_cast<int>(std::lround(px.y));
            if (u < 0 || v < 0 || u >= size.width || v >= size.height) continue;
            if (masked && scene.head_mask.at<std::uint8_t>(v, u) < 128) continue;
        }
        if (static_cast<double>(dot.h_mm) >= scene.boundary.min_h_at(dot.beta)) ++above_line;
        if (dot_is_drawn(dot, scene.style, scene.boundary)) ++count.drawn;
    }
    // Every dot of the field stands for the same skin area.
    count.area_cm2 = field.area_cm2 * static_cast<double>(above_line) / static_cast<double>(field.dots.size());
    return count;
}

}  // namespace hairline
