#pragma once
// Scripted runs of the live app (tests, docs screenshots, timing runs): the
// command line's --snapshot-after (repeatable), --sheet-after,
// --delete-client-after and --screenshot each fire once, through the same
// path as the key or button they stand for; --setup puts the UI in a named
// state for a screenshot.

#include <cstddef>
#include <filesystem>

#include <opencv2/core/mat.hpp>

#include "app/live/job_worker.h"
#include "app/live/live_loop.h"
#include "app/live/live_state.h"
#include "app/live/panels.h"

namespace hairline::app {

class TestHooks {
public:
    explicit TestHooks(const LiveArgs& args) : args_(args) {}

    // Something is due: draw a frame even if nothing else changed.
    bool due(double now_s) const;
    bool screenshot_due(double now_s) const;
    // `client_folder`: the current client's (what the Clients panel would delete).
    void add_requests(PanelRequests& requests, const std::filesystem::path& client_folder, bool have_frame, double now_s);
    // The window as shown, encoded and saved on the worker.
    void save_screenshot(const cv::Mat& shown, JobWorker& jobs);

private:
    bool snapshot_due(double now_s) const;
    bool sheet_due(double now_s) const;
    bool delete_due(double now_s) const;

    const LiveArgs& args_;
    std::size_t snapshots_done_ = 0;
    bool sheet_done_ = false;
    bool delete_done_ = false;
    bool screenshot_done_ = false;
};

// Documentation screenshots: "edit", "split", "side", "help", "ab", "guides",
// "present", "clients", "timeline", "light".
void apply_setup(LiveState& state, const std::string& setup);

}  // namespace hairline::app
