#pragma once
// hairline render: photos and videos in, SMP previews out. One input and
// -o FILE renders it; several inputs, a folder, or -o FOLDER runs a batch.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/shared/options.h"

namespace hairline::app {

struct RenderArgs {
    std::vector<std::string> inputs;
    std::string output;
    DesignArgs design;
    std::string compare = "none";
    std::optional<std::string> model;
    bool overwrite = false;
    std::optional<std::string> report;  // --report OUT.json (one photo)
    bool guides = false;
    std::int64_t max_pixels = 40'000'000;
    bool full_size = false;  // large JPEGs decoded and rendered at their full size
    std::optional<std::int64_t> frames;  // videos: stop after N frames
    std::optional<int> jobs;             // batch workers (default: one per core)
};

void add_render_command(CLI::App& app, RenderArgs& args);
int run_render(const RenderArgs& args);

}  // namespace hairline::app
