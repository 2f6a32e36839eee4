#pragma once
// Command-line options more than one mode takes: the design (--design,
// --set), the decoder's pixel cap, and early checks of output paths.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"

namespace hairline::app {

struct DesignArgs {
    std::optional<std::string> design_file;
    std::vector<std::string> assignments;  // --set KEY=VALUE
};
void add_design_options(CLI::App& command, DesignArgs& args);

// Defaults, then the design file, then each --set in order.
Result<Design> resolve_design(const DesignArgs& args);

// --max-pixels: the decoder's pixel cap (default 40 Mpx).
void add_max_pixels_option(CLI::App& command, std::int64_t& max_pixels);

// Refuses early (before any slow work) an output that would overwrite a file
// or go to a missing folder.
Status check_output_path(const std::string& path, bool overwrite);

}  // namespace hairline::app
