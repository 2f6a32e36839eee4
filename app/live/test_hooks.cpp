#include "app/live/test_hooks.h"

#include <cstdint>
#include <cstdio>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "engine/io/atomic_file.h"

namespace hairline::app {

bool TestHooks::snapshot_due(double now_s) const {
    return snapshots_done_ < args_.snapshot_after_s.size() && now_s >= args_.snapshot_after_s[snapshots_done_];
}

bool TestHooks::sheet_due(double now_s) const {
    return args_.sheet_after_s && !sheet_done_ && now_s >= *args_.sheet_after_s;
}

bool TestHooks::delete_due(double now_s) const {
    return args_.delete_client_after_s && !delete_done_ && now_s >= *args_.delete_client_after_s;
}

bool TestHooks::screenshot_due(double now_s) const {
    return args_.screenshot && !screenshot_done_ && now_s >= args_.screenshot_after_s;
}

bool TestHooks::due(double now_s) const {
    return snapshot_due(now_s) || sheet_due(now_s) || delete_due(now_s) || screenshot_due(now_s);
}

void TestHooks::add_requests(PanelRequests& requests, const std::filesystem::path& client_folder, bool have_frame,
                             double now_s) {
    if (delete_due(now_s) && !client_folder.empty()) {
        requests.delete_client = client_folder;  // as the Clients panel's confirmed "Delete all files"
        delete_done_ = true;
    }
    if (!have_frame) return;
    if (snapshot_due(now_s)) {
        requests.snapshot = true;
        ++snapshots_done_;
    }
    if (sheet_due(now_s)) {
        requests.export_sheet = true;
        sheet_done_ = true;
    }
}

void TestHooks::save_screenshot(const cv::Mat& shown, JobWorker& jobs) {
    screenshot_done_ = true;
    jobs.submit("screenshot", [shown, path = *args_.screenshot] {
        std::vector<std::uint8_t> png;
        if (cv::imencode(".png", shown, png))
            if (auto saved = save_file_atomic(path, png, {true}); !saved)
                std::fprintf(stderr, "hairline: screenshot not saved: %s\n", saved.error().message().c_str());
        return std::function<void()>{};
    });
}

void apply_setup(LiveState& state, const std::string& setup) {
    if (setup == "edit") {
        state.edit_mode = true;
        state.view.guide_rule = true;
        state.view.guide_ruler = true;
    } else if (setup == "split") {
        state.view.compare = CompareMode::Split;
    } else if (setup == "side") {
        state.view.compare = CompareMode::SideBySide;
    } else if (setup == "help") {
        state.show_help = true;
    } else if (setup == "ab") {
        state.ab_split = true;
        state.designs[1].preset = Preset::Mature;
        state.designs[1].density_per_cm2 = 60;
    } else if (setup == "present") {
        state.presenting = true;
        state.present_split = 0.45f;
    } else if (setup == "clients") {
        state.clients.open = true;
    } else if (setup == "timeline") {
        state.scroll_design_to_end = true;
        state.panels.view = false;
        state.timeline_base = state.design();
        state.timeline_start_s = 0.0;
    } else if (setup == "light") {
        state.light_theme = true;
    } else if (setup == "guides") {
        state.view.guide_thirds = state.view.guide_rule = state.view.guide_temples = state.view.guide_ruler = true;
    }
}

}  // namespace hairline::app
