#pragma once
// The live app's panels, one file each (panel_*.cpp): each takes the state it
// edits by reference and reports what the user asked for. Nothing here holds
// state of its own.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/live/frame_times.h"
#include "app/live/job_worker.h"
#include "app/live/live_state.h"
#include "app/live/tracking_worker.h"
#include "engine/design/design_checks.h"
#include "engine/analysis/skin_tone.h"
#include "engine/session/snapshot.h"
#include "engine/track/face_fit.h"

namespace hairline::app {

class SnapshotGallery;

// Read-only facts for this UI frame.
struct LiveContext {
    std::optional<FaceFit> fit;            // of the frame on screen
    std::optional<SkinTone> skin_tone;
    WorkerStatus status;
    double ui_fps = 0;
    double ui_p95_ms = 0;
    // The active design's line on the shown frame (PreviewScene::hairline):
    // what the panel prints and the freeform height control shows. nullopt: no frame yet.
    std::optional<HairlineMeasures> hairline;
    FrameStages stages;                    // the main thread's cost per frame, by stage
    std::vector<JobCost> jobs;             // each background job's last duration
    std::size_t jobs_pending = 0;          // asked for, not yet done
    std::vector<DesignWarning> warnings;
    std::vector<std::string> notices;      // about this picture (the hairline out of view...)
    HairMode hair_used = HairMode::AsIs;   // the design's hair, resolved on this picture
    double designed_hair_fraction = 0;     // of the designed scalp shown, the share that is hair
    bool hair_known = false;               // the hair has been segmented on this stream
    std::filesystem::path client_folder;   // where this client's records go
    double now_s = 0;
};

// What the user asked for in this frame (acted on by the live loop: the
// design by design_actions, records by Records).
struct PanelRequests {
    bool snapshot = false;
    bool export_sheet = false;
    bool undo = false;
    bool redo = false;
    bool design_committed = false;  // a finished edit: record it for undo
    bool other_design_committed = false;  // "copy to": the other design was replaced; record it in its own history
    std::optional<std::string> load_sidecar;
    std::optional<std::filesystem::path> delete_client;  // a client's folder, confirmed in the panel
    std::optional<std::filesystem::path> export_client;  // a client's folder, to state.clients.export_dir
    std::optional<std::filesystem::path> show_history;   // a client's folder, chosen in the Clients panel
    bool theme_changed = false;
    bool play_timeline = false;  // start (or stop) the sessions-and-years play-through
};

void draw_design_panel(LiveState& state, const LiveContext& context, PanelRequests& requests);
void draw_view_panel(LiveState& state);
void draw_client_panel(LiveState& state, const LiveContext& context, PanelRequests& requests);
void draw_snapshots_panel(LiveState& state, SnapshotGallery& gallery, PanelRequests& requests);
void draw_clients_panel(LiveState& state, PanelRequests& requests);
void draw_status_bar(const LiveState& state, const LiveContext& context);
void draw_help_overlay(LiveState& state);
void draw_menu_bar(LiveState& state, PanelRequests& requests);

}  // namespace hairline::app
