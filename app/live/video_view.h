#pragma once
// The live app's video area: the preview rendered at the size it is shown
// (before/after modes, the A | B split, presentation), the guides and the
// edit handles on top; and the full camera frame rendered for a record.
//
// threads: the main (GL) thread.

#include <imgui.h>

#include "app/live/client_window.h"
#include "app/live/live_state.h"
#include "app/live/panels.h"
#include "app/live/records.h"
#include "app/live/scene_view.h"
#include "app/live/tracking_worker.h"
#include "engine/gl/gl_handle.h"
#include "engine/preview/preview_scene.h"
#include "engine/render/renderer.h"

namespace hairline::app {

// The GL objects of the window, destroyed before the window's context.
struct LiveRenderers {
    Renderer a;         // the view with design A (or the active design)
    Renderer b;         // design B, for the A | B split
    Renderer snapshot;  // full camera frames for records
    gl::Texture before; // the real frame, when the preview draws on a shaved one
};

Result<LiveRenderers> make_renderers();

// Where the video goes: between the side panels, under the menu bar, above
// the status line (the whole window when presenting).
struct VideoArea {
    ImVec2 min, max;
};
VideoArea video_area(const LiveState& state);

// Renders the preview at the size it is shown and draws it, then the guides
// and the edit handles on top.
// `active`: the active design's scene on `shown` (for the guides).
// `client`: what the client's window shows of this frame.
// ensures: true when the view is still easing towards the face (draw again).
bool draw_video(LiveState& state, const TrackedFrame& shown, const PreviewScene& active, LiveRenderers& renderers,
                ViewRect& view_rect, PanelRequests& requests, ClientViewFrame& client, double now_s);

// The shown frame with `design`, full size, read back for a record.
Result<Recorded> record_frame(const Design& design, const TrackedFrame& shown, Renderer& renderer);

}  // namespace hairline::app
