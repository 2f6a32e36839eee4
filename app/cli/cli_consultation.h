#pragma once
// hairline consultation PHOTO -o SHEET.pdf|SHEET.png [--client NAME] [--notes TEXT]
//                              [--design F] [--set K=V]...
// The consultation sheet of one photo: the same page the live app's button
// writes (engine/session/consultation_sheet.h).

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/shared/options.h"

namespace hairline::app {

struct ConsultationArgs {
    std::string input;
    std::string output;
    std::string client;
    std::string notes;
    DesignArgs design;
    std::optional<std::string> model;
    std::int64_t max_pixels = 40'000'000;
    bool overwrite = false;
};

void add_consultation_command(CLI::App& app, ConsultationArgs& args);
int run_consultation(const ConsultationArgs& args);

}  // namespace hairline::app
