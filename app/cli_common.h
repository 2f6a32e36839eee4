#pragma once
// Pieces every subcommand shares: design options, model loading, errors.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/track/face_detector.h"
#include "engine/track/landmark_predictor.h"

namespace hairline::app {

struct DesignArgs {
    std::optional<std::string> design_file;
    std::vector<std::string> assignments;  // --set KEY=VALUE
};
void add_design_options(CLI::App& command, DesignArgs& args);

// --max-pixels: the decoder's pixel cap (default 40 Mpx).
void add_max_pixels_option(CLI::App& command, std::int64_t& max_pixels);

// Defaults, then the design file, then each --set in order.
Result<Design> resolve_design(const DesignArgs& args);

struct FaceModels {
    std::shared_ptr<const LandmarkPredictor> predictor;
    std::unique_ptr<FaceDetector> detector;
};
// Finds and loads the landmark model while the detector initialises on a
// second thread (both take about half a second).
Result<FaceModels> load_face_models(const std::optional<std::string>& model_path);

// Finds and loads only the landmark model.
Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor(const std::optional<std::string>& model_path);

// Control characters out and length capped: file names and messages from
// hostile inputs stay on one line.
std::string one_line(std::string_view text, std::size_t max_chars = 400);

// Prints "hairline <command>: <where>: <what>" on stderr and returns the
// exit code for the error's kind.
int report_error(std::string_view command, const Error& error);

// Refuses early (before any slow work) an output that would overwrite a file
// or go to a missing folder.
Status check_output_path(const std::string& path, bool overwrite);

}  // namespace hairline::app
