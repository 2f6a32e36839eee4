#pragma once
// Everything the live consultation app shows and edits, as flat data. The
// main thread owns it; panels take it by reference and report edits. No
// statics hold design or client data (undo, saving and tests depend on it).

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/design/design.h"
#include "engine/session/client_records.h"

namespace hairline::app {

enum class CompareMode { Preview, Split, SideBySide };

struct ViewOptions {
    bool mirror = true;          // people expect a mirror
    bool follow_face = true;     // frame the head rather than the whole camera image
    bool overlay = true;         // the SMP dots
    bool show_before = false;    // Tab: the camera image alone
    CompareMode compare = CompareMode::Preview;
    float split = 0.5f;          // Split: share of the width showing the preview
    bool guide_hairline = true;  // the designed line
    bool guide_thirds = false;   // facial thirds
    bool guide_rule = false;     // the clinical band above the glabella (kHeightGuidelineMm)
    bool guide_temples = false;  // lines up from the lateral canthi
    bool guide_ruler = false;    // a mm ruler from the glabella up
    bool save_mirrored = false;  // snapshots as seen in the mirror (default: as the camera saw)
};

struct ClientInfo {
    std::string name;   // name or ID; also the snapshot folder (made safe)
    std::string notes;
};

// Undo/redo of whole designs (a design is small).
class DesignHistory {
public:
    void reset(const Design& design) {
        states_ = {design};
        index_ = 0;
    }
    void commit(const Design& design);  // a finished edit (slider released, drag ended)
    bool can_undo() const { return index_ > 0; }
    bool can_redo() const { return index_ + 1 < states_.size(); }
    const Design& undo();
    const Design& redo();

private:
    std::vector<Design> states_{Design{}};
    std::size_t index_ = 0;
};

struct PanelVisibility {
    bool design = true;
    bool view = true;
    bool client = true;
    bool snapshots = true;
};

// The Clients panel: the records browser (list, search, history, export,
// delete). The list is read from disk when it is stale, not every frame.
struct ClientsBrowser {
    bool open = false;
    std::string search;
    std::vector<ClientSummary> list;
    bool stale = true;
    std::filesystem::path selected;     // a client's folder ("" none)
    std::vector<HistoryEntry> history;  // of the selected client
    std::string export_dir;             // where Export copies a record
};

struct LiveState {
    std::array<Design, 2> designs{};  // A and B
    int active = 0;
    bool ab_split = false;            // left half A, right half B
    std::array<DesignHistory, 2> histories{};  // one per design: undo acts on the active one only
    ViewOptions view;
    ClientInfo client;
    PanelVisibility panels;
    bool edit_mode = false;
    int dragging_point = -1;          // index into hairline_control_points() while dragging
    bool frozen = false;              // Space: hold the current frame
    bool show_help = false;           // F1
    bool presenting = false;          // F5: only the client's before | after, full window
    float present_split = 0.5f;       // that view's divider (also in the client window)
    bool client_window = false;       // F6 / --client-view: the second window is wanted
    bool light_theme = false;
    ClientsBrowser clients;
    std::optional<double> timeline_start_s;  // the play-through is running since then
    Design timeline_base;                    // the design it animates, restored at the end
    bool scroll_design_to_end = false;       // docs screenshots: the Design panel's lower sections
    std::filesystem::path snapshot_root;  // clients are folders under it
    std::string message;              // last action's result, shown in the status bar
    double message_until_s = 0;

    Design& design() { return designs[static_cast<std::size_t>(active)]; }
    const Design& design() const { return designs[static_cast<std::size_t>(active)]; }
    DesignHistory& history() { return histories[static_cast<std::size_t>(active)]; }
    const DesignHistory& history() const { return histories[static_cast<std::size_t>(active)]; }
};

// Undo and redo act on the active design and its own history; a finished
// edit of design `index` (the active one unless "copy to" wrote the other)
// goes into that design's history.
void start_histories(LiveState& state);  // each design's history begins at the design as it is
void commit_design(LiveState& state, int index);
void undo_design(LiveState& state);
void redo_design(LiveState& state);

}  // namespace hairline::app
