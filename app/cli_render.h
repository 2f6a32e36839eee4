#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <opencv2/core/mat.hpp>

#include "app/cli_common.h"
#include "engine/render/smp_scene.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline::app {

struct RenderArgs {
    std::string input;
    std::string output;
    DesignArgs design;
    std::string compare = "none";
    std::optional<std::string> model;
    bool overwrite = false;
    std::optional<std::string> report;  // --report OUT.json
    bool guides = false;
};

void add_render_command(CLI::App& app, RenderArgs& args);
int run_render(const RenderArgs& args);

struct Preview {
    cv::Mat image;                 // the preview, or before | after
    FaceFit fit;
    double projected_height_mm = 0;
    DotCount dots;
    std::optional<SkinTone> skin_tone;
    Pigment pigment;  // as used (resolved from "auto")
};

// The preview of one photo (makes its own headless GL context).
Result<Preview> render_preview(const cv::Mat& photo, const Landmarks& landmarks, const Design& design,
                               std::string_view compare, bool guides = false);

}  // namespace hairline::app
