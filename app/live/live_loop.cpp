// The live consultation app. Reads top to bottom like Dear ImGui's GLFW
// example: setup (window, GL, ImGui, model, tracking worker, renderers), the
// loop (poll, take the newest tracked frame, draw the video, overlays and
// panels, act on what was asked, swap), teardown in reverse. Each step of the
// loop is one function below; the preview itself comes from engine/preview
// (the worker's PreviewSession makes the frame facts, make_preview_scene
// places each design on them, the Renderer draws it).
//
// [SECTION] shortcuts   [SECTION] frame facts   [SECTION] video area
// [SECTION] actions     [SECTION] test hooks    [SECTION] loop

#include "app/live/live_loop.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <vector>

#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <opencv2/imgcodecs.hpp>

#include "app/cli/demo_preview.h"
#include "app/live/client_window.h"
#include "app/live/frame_times.h"
#include "app/live/glfw_backend.h"
#include "app/live/panels.h"
#include "app/live/scene_view.h"
#include "app/live/settings.h"
#include "app/live/snapshot_gallery.h"
#include "app/live/tracking_worker.h"
#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "engine/design/timeline.h"
#include "engine/gl/texture_upload.h"
#include "engine/io/atomic_file.h"
#include "engine/preview/face_crop.h"
#include "engine/preview/guides.h"
#include "engine/preview/look_checks.h"
#include "engine/preview/preview_record.h"
#include "engine/preview/preview_scene.h"
#include "engine/render/renderer.h"
#include "engine/session/client_records.h"
#include "engine/session/consultation_sheet.h"
#include "engine/session/snapshot.h"

namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

// Panels sit in fixed columns either side of the video.
constexpr float kLeftColumn = 400.0f, kRightColumn = 330.0f;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void say(LiveState& state, std::string message, double now_s) {
    state.message = std::move(message);
    state.message_until_s = now_s + 6.0;
}

// The GL objects of the window, destroyed before the window's context.
struct LiveRenderers {
    Renderer a;         // the view with design A (or the active design)
    Renderer b;         // design B, for the A | B split
    Renderer snapshot;  // full camera frames for records
    gl::Texture before; // the real frame, when the preview draws on a shaved one
};

Result<LiveRenderers> make_renderers() {
    auto a = Renderer::create();
    if (!a) return a.error();
    auto b = Renderer::create();
    if (!b) return b.error();
    auto snapshot = Renderer::create();
    if (!snapshot) return snapshot.error();
    return LiveRenderers{std::move(*a), std::move(*b), std::move(*snapshot), gl::make_texture(GL_LINEAR)};
}

// [SECTION] shortcuts -------------------------------------------------------

void handle_shortcuts(const std::vector<GlfwBackend::KeyPress>& presses, LiveState& state, PanelRequests& requests) {
    const bool typing = ImGui::GetIO().WantTextInput;  // in a text field, letters are text
    for (const auto& [key, mods] : presses) {
        const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0, shift = (mods & GLFW_MOD_SHIFT) != 0;
        if (key == GLFW_KEY_F1) state.show_help = !state.show_help;
        if (key == GLFW_KEY_ESCAPE) state.show_help = state.presenting = false;
        if (key == GLFW_KEY_F5) state.presenting = !state.presenting;
        if (key == GLFW_KEY_F6) state.client_window = !state.client_window;
        if (key == GLFW_KEY_F3) {
            state.clients.open = !state.clients.open;
            state.clients.stale = true;
        }
        if (ctrl && key == GLFW_KEY_S) requests.snapshot = true;
        if (ctrl && key == GLFW_KEY_Z) (shift ? requests.redo : requests.undo) = true;
        if (typing || ctrl) continue;
        if (key == GLFW_KEY_SPACE) state.frozen = !state.frozen;
        if (key == GLFW_KEY_TAB) state.view.show_before = !state.view.show_before;
        if (key == GLFW_KEY_E) state.edit_mode = !state.edit_mode;
        if (key == GLFW_KEY_M) state.view.mirror = !state.view.mirror;
        if (key == GLFW_KEY_A) state.active = 0;
        if (key == GLFW_KEY_B) state.active = 1;
    }
}

// [SECTION] frame facts -----------------------------------------------------

const FaceFit* fit_of(const TrackedFrame* frame) {
    return frame && frame->facts.face ? &frame->facts.face->fit : nullptr;
}

// Read-only facts for this UI frame: the face on screen, the stream's
// figures and the design's measures on this face.
// `scene`: the active design on the shown frame.
LiveContext frame_context(const LiveState& state, const TrackedFrame* shown, const PreviewScene& scene,
                          const WorkerStatus& status, const FrameTimes& times, double now_s) {
    LiveContext context;
    if (const FaceFit* fit = fit_of(shown)) {
        context.fit = *fit;
        context.warnings = design_warnings(state.design(), scene.hairline, shown->facts.skin_tone);
        context.notices = scene.notices;
        context.hair_used = scene.hair_used;
        context.designed_hair_fraction = scene.designed_hair_fraction;
        context.hair_known = !shown->facts.hair_alpha.empty();
    }
    if (shown) {
        context.skin_tone = shown->facts.skin_tone;
        context.hairline = scene.hairline;
    }
    context.status = status;
    context.now_s = now_s;
    context.ui_fps = times.fps(now_s, 120);
    context.ui_p95_ms = times.p95_ms(120);
    return context;
}

// [SECTION] video area ------------------------------------------------------

struct VideoArea {
    ImVec2 min, max;
};

VideoArea video_area(const LiveState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (state.presenting) return {ImVec2(0, 0), io.DisplaySize};  // the whole window is the client's
    const float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
    return {ImVec2(state.panels.design || state.panels.view ? kLeftColumn : 0.0f, ImGui::GetFrameHeight()),
            ImVec2(io.DisplaySize.x - (state.panels.client || state.panels.snapshots ? kRightColumn : 0.0f),
                   io.DisplaySize.y - status_height)};
}

// Renders the preview at the size it is shown and draws it (with the
// before/after modes), then the guides and the edit handles on top.
// ensures: true when the view is still easing towards the face (draw again).
// `active`: the active design's scene on this frame (for the guides).
// `client`: what the client's window shows of this frame.
bool draw_video(LiveState& state, const TrackedFrame& shown, const PreviewScene& active, LiveRenderers& renderers,
                ViewRect& view_rect, PanelRequests& requests, ClientViewFrame& client, double now_s) {
    const cv::Mat& bgr = shown.frame.bgr;
    const VideoArea area = video_area(state);
    const FaceFit* fit = fit_of(&shown);
    const bool side = state.view.compare == CompareMode::SideBySide && !state.view.show_before && !state.presenting;
    const float area_w = side ? 0.5f * (area.max.x - area.min.x) : area.max.x - area.min.x;
    const ViewRect previous = view_rect;
    if (state.dragging_point < 0)  // the view holds still while a point is dragged
        view_rect = next_view_rect(view_rect, bgr.cols, bgr.rows, fit, area_w / std::max(area.max.y - area.min.y, 1.0f),
                                   state.view.follow_face);
    const bool easing = std::abs(view_rect.x - previous.x) + std::abs(view_rect.width - previous.width) > 0.5;

    const bool mirror = state.presenting || state.view.mirror;  // the client sees a mirror
    const SceneLayout probe = fit_layout(view_rect, bgr.cols, bgr.rows, area.min, ImVec2(area.min.x + area_w, area.max.y), mirror);
    const cv::Size output(std::max(1, static_cast<int>(std::lround(probe.screen_width()))),
                          std::max(1, static_cast<int>(std::lround(probe.screen_height()))));
    const cv::Rect2d crop(view_rect.x, view_rect.y, view_rect.width, view_rect.height);
    // The left (or only) picture shows A when split, else the active design.
    const bool ab_split = state.ab_split && !state.presenting;
    const bool first_is_active = !ab_split || state.active == 0;
    const PreviewScene first = first_is_active ? active : make_preview_scene(state.designs[0], shown.facts);
    Status drawn = renderers.a.render_view(first.base_bgr.empty() ? bgr : first.base_bgr, first.dots, crop, output);
    if (drawn && ab_split) {
        const PreviewScene second = state.active == 1 ? active : make_preview_scene(state.designs[1], shown.facts);
        drawn = renderers.b.render_view(second.base_bgr.empty() ? bgr : second.base_bgr, second.dots, crop, output);
    }
    if (!drawn) {
        say(state, "Preview not drawn: " + drawn.error().message(), now_s);
        return false;
    }

    SceneImages images;
    // Before is the real head, also when the preview shaved it.
    images.before = renderers.a.input_texture();
    if (first.base_bgr.data != bgr.data) {
        gl::upload_texture(renderers.before, bgr);
        glBindTexture(GL_TEXTURE_2D, 0);
        images.before = renderers.before.id();
    }
    images.after = renderers.a.output_texture();
    images.after_b = ab_split ? renderers.b.output_texture() : 0;
    images.width = bgr.cols;
    images.height = bgr.rows;
    client = ClientViewFrame{images.before, images.after,
                             glm::vec4(view_rect.x / bgr.cols, view_rect.y / bgr.rows, (view_rect.x + view_rect.width) / bgr.cols,
                                       (view_rect.y + view_rect.height) / bgr.rows),
                             static_cast<float>(view_rect.width / std::max(view_rect.height, 1.0)), state.present_split, true};
    ImDrawList* background = ImGui::GetBackgroundDrawList();
    if (state.presenting) {
        // The client's view: no guides, no handles; dragging anywhere moves the divider.
        const SceneLayout layout = draw_before_after(background, images, view_rect, area.min, area.max, state.present_split, true);
        const ImGuiIO& io = ImGui::GetIO();
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left) && !io.WantCaptureMouse && layout.screen_width() > 1.0f)
            state.present_split = std::clamp((io.MousePos.x - layout.origin.x) / layout.screen_width(), 0.0f, 1.0f);
        background->AddText(ImVec2(io.DisplaySize.x - 250, io.DisplaySize.y - 26), IM_COL32(255, 255, 255, 90),
                            "F5 or Esc: back to the controls");
        return easing;
    }
    const auto layouts = draw_scene_images(background, images, state.view, state.ab_split, view_rect, area.min, area.max);
    if (fit && !state.view.show_before) {
        const GuideGeometry guides = make_guides(active, *fit, shown.facts.face->landmarks);
        draw_scene_guides(background, layouts.front(), guides, state.view, *fit);
        if (state.edit_mode && edit_control_points(background, state, layouts.front(), *fit))
            requests.design_committed = true;
    }
    return easing;
}

void draw_panels(LiveState& state, const LiveContext& context, SnapshotGallery& gallery, PanelRequests& requests) {
    if (state.presenting) return;  // the client's view shows no controls and no records
    if (state.panels.design) draw_design_panel(state, context, requests);
    if (state.panels.view) draw_view_panel(state);
    if (state.panels.client) draw_client_panel(state, context, requests);
    if (state.panels.snapshots) draw_snapshots_panel(state, gallery, requests);
    draw_clients_panel(state, requests);
    draw_status_bar(state, context);
    draw_help_overlay(state);
    if (ImGui::BeginMainMenuBar()) {
        if (ImGui::BeginMenu("Panels")) {
            ImGui::MenuItem("Design", nullptr, &state.panels.design);
            ImGui::MenuItem("View", nullptr, &state.panels.view);
            ImGui::MenuItem("Client", nullptr, &state.panels.client);
            ImGui::MenuItem("Snapshots", nullptr, &state.panels.snapshots);
            if (ImGui::MenuItem("Clients...", "F3", state.clients.open)) {
                state.clients.open = !state.clients.open;
                state.clients.stale = true;
            }
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Client view")) {
            ImGui::MenuItem("Presentation mode", "F5", &state.presenting);
            ImGui::MenuItem("Client window (second screen)", "F6", &state.client_window);
            ImGui::Separator();
            if (ImGui::MenuItem("Light theme", nullptr, &state.light_theme)) requests.theme_changed = true;
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Help (F1)")) state.show_help = true;
        ImGui::EndMainMenuBar();
    }
}

// [SECTION] actions ---------------------------------------------------------

std::filesystem::path client_folder(const LiveState& state) {
    return hairline::client_folder(state.snapshot_root, state.client.name);
}

// A record of the shown frame: the camera's full frame, not the zoomed view.
struct Recorded {
    cv::Mat before;
    cv::Mat after;
    PreviewRecord record;
};

Result<Recorded> record_frame(const LiveState& state, const TrackedFrame& shown, Renderer& renderer) {
    const PreviewScene scene = make_preview_scene(state.design(), shown.facts);
    if (auto drawn = renderer.render(scene.base_bgr.empty() ? shown.frame.bgr : scene.base_bgr, scene.dots); !drawn)
        return drawn.error();
    return Recorded{shown.frame.bgr, renderer.read_bgr(), make_preview_record(state.design(), shown.facts, scene)};
}

void take_snapshot(LiveState& state, const Recorded& recorded, const std::string& source, SnapshotGallery& gallery,
                   double now_s) {
    SnapshotInput in;
    in.before = recorded.before;
    in.after = recorded.after;
    in.record = recorded.record;
    in.client = state.client.name;
    in.notes = state.client.notes;
    in.source = source;
    in.mirrored = state.view.save_mirrored;
    auto saved = save_snapshot(client_folder(state), in, std::chrono::system_clock::now());
    if (!saved) {
        say(state, "Snapshot not saved: " + saved.error().message(), now_s);
        std::fprintf(stderr, "hairline: snapshot failed: %s\n", saved.error().what.c_str());
        return;
    }
    say(state, "Saved " + saved->image.filename().string(), now_s);
    std::fprintf(stderr, "hairline: snapshot saved\n");  // no names or paths in logs
    gallery.show(client_folder(state), true);
}

void export_sheet(LiveState& state, const Recorded& recorded, double now_s) {
    // The same sheet as `hairline consultation`, as a PDF in the client's folder.
    const SheetInput in = sheet_input(recorded.before, recorded.after, recorded.record, state.client.name,
                                      state.client.notes, std::chrono::system_clock::now());
    auto pdf = consultation_sheet_pdf(in);
    if (!pdf) {
        say(state, "Sheet not saved: " + pdf.error().message(), now_s);
        return;
    }
    const auto folder = client_folder(state);
    if (auto made = make_private_dirs(folder); !made) {
        say(state, "Sheet not saved: " + made.error().message(), now_s);
        return;
    }
    if (auto recorded_name = record_client_name(folder, state.client.name); !recorded_name) {
        say(state, "Sheet not saved: " + recorded_name.error().message(), now_s);
        return;
    }
    const auto target = unused_path(folder, "consultation-sheet", ".pdf");
    if (auto saved = save_file_atomic(target, *pdf); !saved) say(state, "Sheet not saved: " + saved.error().message(), now_s);
    else say(state, "Saved " + target.filename().string(), now_s);
}

// The Clients panel's export and delete, and keeping its list fresh.
void act_on_records(const PanelRequests& requests, LiveState& state, double now_s) {
    ClientsBrowser& clients = state.clients;
    if ((requests.delete_client || requests.export_client) && clients.stale) {
        auto list = list_clients(state.snapshot_root);  // act on what is on disk now
        if (list) clients.list = std::move(*list);
    }
    auto summary_of = [&](const std::filesystem::path& folder) -> const ClientSummary* {
        for (const auto& c : clients.list)
            if (c.folder == folder) return &c;
        return nullptr;
    };
    if (requests.export_client)
        if (const ClientSummary* c = summary_of(*requests.export_client)) {
            auto dest = export_client(*c, clients.export_dir);
            say(state, dest ? "Exported to " + dest->string() : "Not exported: " + dest.error().message(), now_s);
        }
    if (requests.delete_client)
        if (const ClientSummary* c = summary_of(*requests.delete_client)) {
            const bool current = client_folder(state) == c->folder;
            const std::string name = c->name;
            if (auto deleted = delete_client(state.snapshot_root, *c); !deleted) {
                say(state, "Not deleted: " + deleted.error().message(), now_s);
            } else {
                say(state, "Deleted every file of " + name, now_s);
                std::fprintf(stderr, "hairline: client deleted\n");  // no names in logs
                if (current) state.client = ClientInfo{};  // a new snapshot must not bring the folder back
                clients.selected.clear();
                clients.history.clear();
            }
            clients.stale = true;
        }
    if (clients.open && clients.stale) {
        auto list = list_clients(state.snapshot_root);
        clients.list = list ? std::move(*list) : std::vector<ClientSummary>{};
        if (!list) say(state, "Clients not listed: " + list.error().message(), now_s);
        if (clients.selected.empty()) {  // opened on the client of this consultation, when there is one
            const auto current = client_folder(state);
            for (const auto& c : clients.list)
                if (c.folder == current) clients.selected = current;
        }
        if (!clients.selected.empty()) clients.history = client_history(clients.selected);
        if (clients.export_dir.empty())
            if (const char* home = std::getenv("HOME")) clients.export_dir = home;
        clients.stale = false;
    }
}

// The Timeline's play-through: started or stopped on request, then the
// design of this moment; the design as it was when it ends.
// ensures: true while it runs (draw again).
bool run_timeline(const PanelRequests& requests, LiveState& state, double now_s) {
    if (requests.play_timeline) {
        if (state.timeline_start_s) {
            state.design() = state.timeline_base;
            state.timeline_start_s.reset();
        } else {
            state.timeline_base = state.design();
            state.timeline_start_s = now_s;
        }
    }
    if (!state.timeline_start_s) return false;
    const double t = now_s - *state.timeline_start_s;
    if (t >= kTimelineSeconds) {
        state.design() = state.timeline_base;
        state.timeline_start_s.reset();
        return false;
    }
    state.design() = timeline_frame(state.timeline_base, t);
    return true;
}

void act_on_requests(const PanelRequests& requests, LiveState& state, const TrackedFrame* shown, Renderer& renderer,
                     const std::string& source, SnapshotGallery& gallery, double now_s) {
    if (requests.design_committed) commit_design(state, state.active);
    if (requests.other_design_committed) commit_design(state, 1 - state.active);
    if (requests.undo) undo_design(state);
    if (requests.redo) redo_design(state);
    if (requests.load_sidecar) {
        if (auto design = load_snapshot_design(*requests.load_sidecar)) {
            state.design() = *design;
            commit_design(state, state.active);
            say(state, "Design restored from the snapshot", now_s);
        } else {
            say(state, "Not restored: " + design.error().message(), now_s);
        }
    }
    act_on_records(requests, state, now_s);
    if (requests.snapshot || requests.export_sheet) state.clients.stale = true;
    if (!requests.snapshot && !requests.export_sheet) return;
    if (!shown) {
        say(state, "Nothing to save yet: no frame", now_s);
        return;
    }
    auto recorded = record_frame(state, *shown, renderer);
    if (!recorded) {
        say(state, "Not saved: " + recorded.error().message(), now_s);
        return;
    }
    if (requests.snapshot) take_snapshot(state, *recorded, source, gallery, now_s);
    if (requests.export_sheet) export_sheet(state, *recorded, now_s);
}

// Opens or closes the client's window as asked (F6, the menu, --client-view,
// its own close button).
void sync_client_window(LiveState& state, std::unique_ptr<ClientWindow>& window, const GlfwBackend& backend, double now_s) {
    if (window && window->should_close()) state.client_window = false;
    if (!state.client_window) {
        window.reset();
        return;
    }
    if (window) return;
    auto opened = ClientWindow::open(backend.window());
    if (!opened) {
        state.client_window = false;
        say(state, "Client window not opened: " + opened.error().message(), now_s);
        return;
    }
    window = std::move(*opened);
    say(state, window->on_second_monitor() ? "Client view on the second screen"
                                           : "Client view opened (one screen: move it where the client looks)",
        now_s);
}

// The current client's folder for every frame (the gallery, the Client panel).
// client_folder() reads the candidate folders' records, so it is resolved when
// the name changes or after a save or deletion, not on every frame.
class ClientFolderCache {
public:
    const std::filesystem::path& get(const LiveState& state) {
        if (!valid_ || name_ != state.client.name) {
            name_ = state.client.name;
            folder_ = client_folder(state);
            valid_ = true;
        }
        return folder_;
    }
    void invalidate() { valid_ = false; }

private:
    bool valid_ = false;
    std::string name_;
    std::filesystem::path folder_;
};

// [SECTION] test hooks ------------------------------------------------------

// The command line's --snapshot-after, --sheet-after, --delete-client-after
// and --screenshot: each fires once, through the same path as the key or
// button it stands for.
struct TestHooks {
    const LiveArgs& args;
    bool snapshot_done = false;
    bool sheet_done = false;
    bool delete_done = false;
    bool screenshot_done = false;

    bool due(double now_s) const {
        return (args.snapshot_after_s && !snapshot_done && now_s >= *args.snapshot_after_s) ||
               (args.sheet_after_s && !sheet_done && now_s >= *args.sheet_after_s) ||
               (args.delete_client_after_s && !delete_done && now_s >= *args.delete_client_after_s) ||
               screenshot_due(now_s);
    }
    bool screenshot_due(double now_s) const {
        return args.screenshot && !screenshot_done && now_s >= args.screenshot_after_s;
    }
    void add_requests(PanelRequests& requests, const LiveState& state, bool have_frame, double now_s) {
        if (args.delete_client_after_s && !delete_done && now_s >= *args.delete_client_after_s) {
            requests.delete_client = client_folder(state);  // as the Clients panel's confirmed "Delete all files"
            delete_done = true;
        }
        if (!have_frame) return;
        if (args.snapshot_after_s && !snapshot_done && now_s >= *args.snapshot_after_s) {
            requests.snapshot = true;
            snapshot_done = true;
        }
        if (args.sheet_after_s && !sheet_done && now_s >= *args.sheet_after_s) {
            requests.export_sheet = true;
            sheet_done = true;
        }
    }
    void save_screenshot(const cv::Mat& shown) {
        screenshot_done = true;
        std::vector<std::uint8_t> png;
        if (cv::imencode(".png", shown, png))
            if (auto saved = save_file_atomic(*args.screenshot, png, {true}); !saved)
                std::fprintf(stderr, "hairline: screenshot not saved: %s\n", saved.error().message().c_str());
    }
};

// Documentation screenshots: put the UI into a named state.
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

void save_settings_on_exit(const Result<std::filesystem::path>& file, Settings settings, const LiveState& state,
                           const GlfwBackend& backend) {
    if (!file) return;
    backend.window_size(settings.window_width, settings.window_height);
    settings.panels = state.panels;
    settings.view = state.view;
    settings.view.show_before = false;
    settings.design = state.design();
    settings.light_theme = state.light_theme;
    if (auto saved = save_settings(*file, settings); !saved)
        std::fprintf(stderr, "hairline: settings not saved: %s\n", saved.error().message().c_str());
}

}  // namespace

// [SECTION] loop ------------------------------------------------------------

int run_live(const LiveArgs& args) {
    const auto settings_file = settings_path();
    Settings settings;
    std::string settings_note;
    if (settings_file) {
        if (auto loaded = load_settings(*settings_file)) settings = *loaded;
        else settings_note = "Settings not read (" + loaded.error().what + "): using defaults";
    }
    LiveState state;
    if (args.snapshots) state.snapshot_root = *args.snapshots;
    else if (auto root = default_clients_dir()) state.snapshot_root = *root;
    else return report_error("live", root.error());
    // The font must show every client's name, in whatever script.
    std::vector<std::string> names = client_names(state.snapshot_root);
    names.push_back(args.client);
    auto created = GlfwBackend::create("hairline - SMP consultation", settings.window_width, settings.window_height, names);
    if (!created) return run_demo_preview("no window could be opened (no display?)");
    std::unique_ptr<GlfwBackend> backend = std::move(*created);

    auto predictor = load_landmark_predictor(args.model);
    if (!predictor) return report_error("live", predictor.error());

    state.designs = {settings.design, settings.design};
    start_histories(state);
    state.view = settings.view;
    state.panels = settings.panels;
    state.client.name = args.client;
    state.light_theme = settings.light_theme;
    state.client_window = args.client_view;

    SourceOptions source_options;
    source_options.image_limits.max_pixels = args.max_pixels;
    TrackingWorker worker(*predictor, args.source.value_or("cam:0"), !args.source.has_value(), state.design().ipd_mm,
                          source_options);
    auto renderers = make_renderers();
    if (!renderers) return report_error("live", renderers.error());
    SnapshotGallery gallery;
    FrameTimes times;
    TestHooks hooks{args};
    const auto start = Clock::now();
    std::uint64_t shown_sequence = 0;
    std::shared_ptr<const TrackedFrame> held;
    ViewRect view_rect;
    int redraw_frames = 2;  // frames still to draw after input (ImGui settles in a couple)
    if (!settings_note.empty()) say(state, settings_note, 0.0);
    apply_setup(state, args.setup);
    backend->apply_theme(state.light_theme);
    std::unique_ptr<ClientWindow> client_window;
    ClientFolderCache folder_cache;

    while (!backend->should_close()) {
        const double now_s = seconds_since(start);
        if (args.quit_after_s && now_s >= *args.quit_after_s) break;

        // Take the newest tracked frame (or keep the held one while frozen);
        // sleep when nothing changed.
        if (!state.frozen || !held) held = worker.latest();
        const bool new_frame = held && held->sequence != shown_sequence;
        if (backend->take_input_events() > 0) redraw_frames = 3;
        const auto key_presses = backend->take_key_presses();
        if (!new_frame && redraw_frames <= 0 && !hooks.due(now_s)) {
            backend->wait_events(0.004);
            continue;
        }
        const auto frame_start = Clock::now();
        backend->wait_events(0.0);
        backend->ensure_glyphs(state.client.name + state.client.notes + state.clients.search);
        sync_client_window(state, client_window, *backend, now_s);
        redraw_frames = std::max(redraw_frames - 1, 0);
        if (new_frame) shown_sequence = held->sequence;

        const WorkerStatus status = worker.status();
        worker.set_design_inputs(state.design().ipd_mm, state.design().seed);
        const PreviewScene active = held ? make_preview_scene(state.design(), held->facts) : PreviewScene{};
        LiveContext context = frame_context(state, held.get(), active, status, times, now_s);
        context.client_folder = folder_cache.get(state);
        gallery.show(context.client_folder);

        backend->new_frame();
        PanelRequests requests;
        handle_shortcuts(key_presses, state, requests);
        hooks.add_requests(requests, state, held != nullptr, now_s);
        ClientViewFrame client_frame;
        if (held && draw_video(state, *held, active, *renderers, view_rect, requests, client_frame, now_s))
            redraw_frames = std::max(redraw_frames, 1);
        draw_panels(state, context, gallery, requests);
        act_on_requests(requests, state, held.get(), renderers->snapshot, status.source, gallery, now_s);
        if (requests.snapshot || requests.export_sheet || requests.delete_client) folder_cache.invalidate();
        if (requests.theme_changed) backend->apply_theme(state.light_theme);
        if (run_timeline(requests, state, now_s)) redraw_frames = std::max(redraw_frames, 1);

        const bool capture = hooks.screenshot_due(now_s);
        const cv::Mat shown = backend->end_frame(capture);
        if (client_window) client_window->draw(client_frame);  // after the swap: the textures are complete
        if (capture) hooks.save_screenshot(shown);
        times.add(now_s, 1000.0 * seconds_since(frame_start));
    }

    // Teardown: settings, then the figures; GL objects go before the window.
    client_window.reset();
    save_settings_on_exit(settings_file, settings, state, *backend);
    // fps: frames drawn per second of running (the UI draws when a camera
    // frame arrives or the user acts); p95_ms: main-thread work per drawn
    // frame, over the last FrameTimes::kCapacity frames.
    const double seconds = seconds_since(start);
    std::printf("frames=%zu fps=%.1f p95_ms=%.1f\n", times.total(), static_cast<double>(times.total()) / seconds,
                times.p95_ms(FrameTimes::kCapacity));
    return 0;
}

}  // namespace hairline::app
