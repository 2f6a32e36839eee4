#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/shared/options.h"

namespace hairline::app {

struct SheetArgs {
    std::string input;
    std::string output;
    DesignArgs design;
    double zoom = 3.0;
    std::optional<std::string> model;
    std::int64_t max_pixels = 40'000'000;
    bool overwrite = false;
};

void add_sheet_command(CLI::App& app, SheetArgs& args);
int run_sheet(const SheetArgs& args);

}  // namespace hairline::app
