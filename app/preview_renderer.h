#pragma once
// Headless previews for the CLI: one EGL context and one renderer, kept for
// many photos or video frames (a batch worker owns one). The same Renderer
// and shaders as the live app.
//
// threads: create, use and destroy on one thread (its GL context is current there).

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/gl/egl_context.h"
#include "engine/render/renderer.h"
#include "engine/render/smp_scene.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline::app {

struct PreviewOptions {
    Design design;
    bool side_by_side = false;  // before | after
    bool guides = false;        // designed hairline, temple lines, height, thirds
};

struct Preview {
    cv::Mat image;                 // the preview, or before | after
    FaceFit fit;
    double projected_height_mm = 0;
    DotCount dots;
    std::optional<SkinTone> skin_tone;
    Pigment pigment;  // as used (resolved from "auto")
};

// What one video frame needs beyond its pixels; the caller keeps the dot
// field, skin tone and head mask across frames.
struct FrameScene {
    const FaceFit* fit = nullptr;             // nullptr: no face on this frame
    const Landmarks* landmarks = nullptr;     // for guides
    std::optional<SkinTone> skin_tone;
    cv::Mat head_mask;                        // empty: the model alone decides
};

class PreviewRenderer {
public:
    static Result<std::unique_ptr<PreviewRenderer>> create();

    // A still photo: fits the head, segments it (GrabCut) and draws the design.
    Result<Preview> render_photo(const cv::Mat& photo, const Landmarks& landmarks, const PreviewOptions& options);

    // One video frame with the caller's dot field (see set_dot_field).
    cv::Mat render_frame(const cv::Mat& frame, const FrameScene& scene, const PreviewOptions& options);
    void set_dot_field(const DotField& field) { renderer_->set_dot_field(field); }

private:
    PreviewRenderer() = default;
    std::unique_ptr<gl::HeadlessContext> context_;  // declared first: destroyed after the renderer
    std::optional<Renderer> renderer_;
};

// The preview of one photo with a context made for it (one-off callers).
Result<Preview> render_preview(const cv::Mat& photo, const Landmarks& landmarks, const PreviewOptions& options);

}  // namespace hairline::app
