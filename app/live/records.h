#pragma once
// The client's records, as the live app keeps them: snapshots and consultation
// sheets saved, a snapshot's design restored, the Clients panel's list,
// history, export and delete, and the current client's folder with its
// gallery. The disk and PDF work runs on the JobWorker and its results come
// back to LiveState through the RunQueue: the UI thread never waits on it.
// Only rendering the frame for a record stays on the main (GL) thread. Jobs
// run in order, so a save asked for before a deletion is saved first, and a
// save asked for while a deletion runs is refused (it would bring the
// client's folder back).
//
// threads: the main (UI) thread.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "app/live/job_worker.h"
#include "app/live/live_state.h"
#include "app/live/panels.h"
#include "app/live/snapshot_gallery.h"
#include "engine/core/result.h"
#include "engine/preview/preview_record.h"

namespace hairline::app {

// A record of the shown frame: the camera's full frame, not the zoomed view.
struct Recorded {
    cv::Mat before;  // BGR, shared with the tracked frame (never written)
    cv::Mat after;   // BGR, read back from the renderer
    PreviewRecord record;
};

class Records {
public:
    // `start`: the loop's clock, for the status line's messages.
    Records(JobWorker& jobs, std::filesystem::path clients_dir, std::chrono::steady_clock::time_point start);

    // Each frame before the panels: the current client's folder (resolved
    // on the worker when the name changes; until then the last one known,
    // "" at first), the gallery showing it, its new thumbnails uploaded.
    const std::filesystem::path& begin_frame(const LiveState& state);
    // The requests about records. `record` renders the shown frame (main
    // thread, GL); it is called only when a snapshot or sheet is asked for.
    void act(const PanelRequests& requests, LiveState& state, const std::function<Result<Recorded>()>& record,
             const std::string& source);

    const std::filesystem::path& folder() const { return folder_; }
    SnapshotGallery& gallery() { return gallery_; }

private:
    double now_s() const;
    void resolve_folder(const std::string& name);
    void found_folder(const std::string& name, const std::filesystem::path& folder);
    void save(bool snapshot, bool sheet, LiveState& state, const std::function<Result<Recorded>()>& record,
              const std::string& source);
    void restore(const std::string& sidecar, LiveState& state);
    void list_clients_now(LiveState& state);
    void show_history(const std::filesystem::path& folder, LiveState& state);
    void export_record(const std::filesystem::path& folder, LiveState& state);
    void delete_record(const std::filesystem::path& folder, LiveState& state);

    JobWorker& jobs_;
    std::filesystem::path root_;
    std::chrono::steady_clock::time_point start_;
    SnapshotGallery gallery_;
    std::filesystem::path folder_;  // the current client's, as last resolved
    std::string folder_name_;       // ...for this name
    bool folder_known_ = false;
    bool resolving_ = false;
    bool listing_clients_ = false;
    int deleting_ = 0;              // deletions on the worker
};

}  // namespace hairline::app
