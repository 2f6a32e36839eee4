#include "engine/preview/headless_preview.h"

#include <opencv2/core.hpp>

#include "engine/preview/preview_session.h"
#include "engine/preview/guides.h"

namespace hairline {

Result<std::unique_ptr<HeadlessPreview>> HeadlessPreview::create() {
    auto context = gl::HeadlessContext::create();
    if (!context) return context.error();
    std::unique_ptr<HeadlessPreview> preview(new HeadlessPreview());
    preview->context_ = std::move(*context);
    auto renderer = Renderer::create();
    if (!renderer) return renderer.error();
    preview->renderer_.emplace(std::move(*renderer));
    return preview;
}

Result<cv::Mat> HeadlessPreview::render(const FrameFacts& facts, const PreviewScene& scene,
                                        const ImageOptions& options) {
    if (auto drawn = renderer_->render(scene.base_bgr.empty() ? facts.bgr : scene.base_bgr, scene.dots); !drawn) return drawn.error();
    cv::Mat image = renderer_->read_bgr();
    if (options.compression) image = with_compression_look(facts.bgr, image, *options.compression);
    if (options.guides && facts.face)
        draw_guides(image, make_guides(scene, facts.face->fit, facts.face->landmarks));
    if (options.side_by_side) cv::hconcat(facts.bgr, image.clone(), image);
    return image;
}

Result<PhotoPreview> render_photo_preview(HeadlessPreview& preview, const cv::Mat& photo, const Landmarks& landmarks,
                                          const Design& design, const ImageOptions& options,
                                          const std::vector<FaceBox>& others) {
    PreviewSession session(StreamKind::Still);
    auto facts = session.update_still(photo, landmarks, design.ipd_mm, design.seed, others);
    if (!facts) return facts.error();
    const PreviewScene scene = make_preview_scene(design, *facts);
    auto image = preview.render(*facts, scene, options);
    if (!image) return image.error();
    PhotoPreview out{std::move(*image), make_preview_record(design, *facts, scene)};
    out.record.faces_found = 1 + static_cast<int>(others.size());  // the client's, and the others found with it
    return out;
}

}  // namespace hairline
