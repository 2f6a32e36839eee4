#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hairline::app {

struct LiveArgs {
    std::optional<std::string> source;          // cam:N, a file or demo; default camera 0, else the demo
    std::optional<std::filesystem::path> snapshots;  // instead of $XDG_DATA_HOME/hairline/clients
    std::optional<std::string> model;
    std::int64_t max_pixels = 40'000'000;
    std::string client;
    std::optional<double> quit_after_s;
    std::vector<double> snapshot_after_s;       // test hook: a snapshot at each of these times, as Ctrl+S
    std::optional<double> sheet_after_s;        // test hook: one consultation sheet, as its button
    std::optional<double> delete_client_after_s;  // test hook: delete the client's files, as the Clients panel
    std::optional<std::string> screenshot;      // save the window as shown to this PNG...
    double screenshot_after_s = 3.0;            // ...after this many seconds (docs)
    std::string setup;                          // docs: "edit", "split", "side", "help", "ab", "guides",
                                                // "present", "clients", "timeline", "light"
    bool client_view = false;                   // open the client's window from the start
};

// The live consultation app; with no display, the demo preview PNG.
int run_live(const LiveArgs& args);

}  // namespace hairline::app
