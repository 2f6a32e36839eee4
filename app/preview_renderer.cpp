#include "app/preview_renderer.h"

#include <opencv2/core.hpp>

#include "engine/geom/dot_field.h"
#include "engine/render/guides.h"
#include "engine/render/head_mask.h"
#include "engine/track/face_fit.h"

namespace hairline::app {

Result<std::unique_ptr<PreviewRenderer>> PreviewRenderer::create() {
    auto context = gl::HeadlessContext::create();
    if (!context) return context.error();
    std::unique_ptr<PreviewRenderer> preview(new PreviewRenderer());
    preview->context_ = std::move(*context);
    auto renderer = Renderer::create();
    if (!renderer) return renderer.error();
    preview->renderer_.emplace(std::move(*renderer));
    return preview;
}

Result<Preview> PreviewRenderer::render_photo(const cv::Mat& photo, const Landmarks& landmarks,
                                              const PreviewOptions& options) {
    const Design& design = options.design;
    const CameraIntrinsics camera = photo_intrinsics(photo.cols, photo.rows, glabella(landmarks));
    auto fit = fit_face(landmarks, camera, design.ipd_mm);
    if (!fit) return fit.error();
    const DotField field = generate_dot_field(ScalpChart(fit->head), design.seed);

    const std::optional<SkinTone> tone = estimate_skin_tone(photo, landmarks);
    DotScene scene = make_dot_scene(design, *fit, tone);
    if (const auto mask = estimate_head_mask(photo, landmarks, *fit)) scene.head_mask = mask->alpha;

    renderer_->set_dot_field(field);
    renderer_->render(photo, scene);
    Preview preview;
    preview.image = renderer_->read_bgr();
    if (options.guides) draw_guides(preview.image, make_guides(design, *fit, landmarks));
    if (options.side_by_side) cv::hconcat(photo, preview.image.clone(), preview.image);
    preview.fit = *fit;
    preview.projected_height_mm = projected_hairline_height_mm(design, *fit);
    preview.dots = count_drawn_dots(field, scene);
    preview.skin_tone = tone;
    preview.pigment = resolve_pigment(design.pigment, tone);
    return preview;
}

cv::Mat PreviewRenderer::render_frame(const cv::Mat& frame, const FrameScene& scene, const PreviewOptions& options) {
    std::optional<DotScene> dots;
    if (scene.fit) {
        dots = make_dot_scene(options.design, *scene.fit, scene.skin_tone);
        if (!scene.head_mask.empty()) dots->head_mask = scene.head_mask;
    }
    renderer_->render(frame, dots);
    cv::Mat image = renderer_->read_bgr();
    if (options.guides && scene.fit && scene.landmarks)
        draw_guides(image, make_guides(options.design, *scene.fit, *scene.landmarks));
    if (options.side_by_side) cv::hconcat(frame, image.clone(), image);
    return image;
}

Result<Preview> render_preview(const cv::Mat& photo, const Landmarks& landmarks, const PreviewOptions& options) {
    auto renderer = PreviewRenderer::create();
    if (!renderer) return renderer.error();
    return (*renderer)->render_photo(photo, landmarks, options);
}

}  // namespace hairline::app
