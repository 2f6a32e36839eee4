#pragma once
// Previews as images, without a display: one EGL context and one Renderer,
// kept for many photos or frames (a batch worker owns one). The command line
// (photos, videos, batches, contact sheets) and the no-display demo draw
// through it; the live window draws with the same Renderer in its own context.
//
// threads: create, use and destroy on one thread (its GL context is current there).

#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/analysis/compression_look.h"
#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/gl/egl_context.h"
#include "engine/preview/frame_facts.h"
#include "engine/preview/preview_record.h"
#include "engine/preview/preview_scene.h"
#include "engine/render/renderer.h"
#include "engine/track/face_box.h"

namespace hairline {

struct ImageOptions {
    bool side_by_side = false;  // before | after
    bool guides = false;        // designed hairline, temple lines, height, thirds
    // The photo's JPEG coding, given to the pixels the preview changes
    // (compression_look.h); none for pictures that were not JPEGs.
    std::optional<CompressionLook> compression;
};

class HeadlessPreview {
public:
    static Result<std::unique_ptr<HeadlessPreview>> create();

    // The frame with the scene's dots, then the guides and the before |
    // after layout when asked.
    Result<cv::Mat> render(const FrameFacts& facts, const PreviewScene& scene,
                           const ImageOptions& options);

private:
    HeadlessPreview() = default;
    std::unique_ptr<gl::HeadlessContext> context_;  // declared first: destroyed after the renderer
    std::optional<Renderer> renderer_;
};

// One photo, start to end: fit, carried pieces (PreviewSession, still), the
// scene, the image and its record.
struct PhotoPreview {
    cv::Mat image;
    PreviewRecord record;
};
// `others`: the other faces found in the photo (PhotoFace::others).
Result<PhotoPreview> render_photo_preview(HeadlessPreview& preview, const cv::Mat& photo, const Landmarks& landmarks,
                                          const Design& design, const ImageOptions& options,
                                          const std::vector<FaceBox>& others = {});

}  // namespace hairline
