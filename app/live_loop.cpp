// The live consultation app. Reads top to bottom like Dear ImGui's GLFW
// example: setup (window, GL, ImGui, model, tracking worker, renderers), the
// loop (poll, take the newest tracked frame, render the preview, draw the
// video, overlays and panels, swap), teardown in reverse.
//
// [SECTION] shortcuts   [SECTION] actions   [SECTION] loop

#include "app/live_loop.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <opencv2/imgcodecs.hpp>

#include "app/cli_common.h"
#include "app/demo_preview.h"
#include "app/dot_field_cache.h"
#include "app/glfw_backend.h"
#include "app/panels.h"
#include "app/scene_view.h"
#include "app/settings.h"
#include "app/snapshot_gallery.h"
#include "app/tracking_worker.h"
#include "engine/io/atomic_file.h"
#include "engine/render/guides.h"
#include "engine/render/renderer.h"
#include "engine/render/smp_scene.h"
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

// [SECTION] shortcuts -------------------------------------------------------

void handle_shortcuts(const std::vector<GlfwBackend::KeyPress>& presses, LiveState& state, PanelRequests& requests) {
    const bool typing = ImGui::GetIO().WantTextInput;  // in a text field, letters are text
    for (const auto& [key, mods] : presses) {
        const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0, shift = (mods & GLFW_MOD_SHIFT) != 0;
        if (key == GLFW_KEY_F1) state.show_help = !state.show_help;
        if (key == GLFW_KEY_ESCAPE) state.show_help = false;
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

// [SECTION] actions ---------------------------------------------------------

std::filesystem::path client_folder(const LiveState& state) {
    return state.snapshot_root / safe_folder_name(state.client.name);
}

struct FrameFacts {
    std::shared_ptr<const TrackedFrame> frame;
    std::optional<FaceFit> fit;
    std::optional<SkinTone> tone;
};

// The dots for `design` on the held frame, masked to its head outline.
std::optional<DotScene> dot_scene_for(const Design& design, const FrameFacts& facts) {
    std::optional<DotScene> scene;
    if (facts.fit) {
        scene = make_dot_scene(design, *facts.fit, facts.tone);
        scene->head_mask = facts.frame->head_mask;
    }
    return scene;
}

void take_snapshot(LiveState& state, const FrameFacts& facts, Renderer& renderer, const std::string& source,
                   SnapshotGallery& gallery, double now_s) {
    if (!facts.frame) {
        say(state, "Nothing to save yet: no frame", now_s);
        return;
    }
    SnapshotInput in;
    in.before = facts.frame->frame.bgr;
    in.after = renderer.read_bgr();
    in.design = state.design();
    in.fit = facts.fit;
    in.skin_tone = facts.tone;
    in.pigment_used = resolve_pigment(state.design().pigment, facts.tone);
    in.hairline_projected_mm = facts.fit ? projected_hairline_height_mm(state.design(), *facts.fit) : 0.0;
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

void export_sheet(LiveState& state, const FrameFacts& facts, Renderer& renderer, double now_s) {
    if (!facts.frame) return;
    SheetInput in;
    in.before = facts.frame->frame.bgr;
    in.after = renderer.read_bgr();
    in.design = state.design();
    if (facts.fit) {
        in.checks = check_design(state.design(), facts.fit->anchors);
        in.hairline_projected_mm = projected_hairline_height_mm(state.design(), *facts.fit);
        // Head top to chin, as the live view frames it.
        const double iod = facts.fit->iod_px;
        const glm::dvec2 g = facts.fit->glabella_px;
        in.focus = cv::Rect(static_cast<int>(g.x - 2.0 * iod), static_cast<int>(g.y - 2.9 * iod),
                            static_cast<int>(4.0 * iod), static_cast<int>(5.2 * iod));
    }
    in.skin_tone = facts.tone;
    in.pigment_used = resolve_pigment(state.design().pigment, facts.tone);
    in.client = state.client.name;
    in.notes = state.client.notes;
    in.when = std::chrono::system_clock::now();
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", make_consultation_sheet(in), png)) return;
    const auto folder = client_folder(state);
    if (auto made = make_private_dirs(folder); !made) {
        say(state, "Sheet not saved: " + made.error().message(), now_s);
        return;
    }
    const auto target = unused_path(folder, "consultation-sheet", ".png");
    if (auto saved = save_file_atomic(target, png); !saved) say(state, "Sheet not saved: " + saved.error().message(), now_s);
    else say(state, "Saved " + target.filename().string(), now_s);
}

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
    } else if (setup == "guides") {
        state.view.guide_thirds = state.view.guide_rule = state.view.guide_temples = state.view.guide_ruler = true;
    }
}

// When the n-th last frame was drawn (seconds since start).
double recent_start_s(const std::vector<double>& times_s, std::size_t n) {
    return times_s.empty() ? 0.0 : times_s[times_s.size() - std::min(n, times_s.size())];
}

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5)];
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
    auto created = GlfwBackend::create("hairline - SMP consultation", settings.window_width, settings.window_height);
    if (!created) return run_demo_preview("no window could be opened (no display?)");
    std::unique_ptr<GlfwBackend> backend = std::move(*created);

    auto predictor = load_landmark_predictor(args.model);
    if (!predictor) return report_error("live", predictor.error());

    LiveState state;
    state.designs = {settings.design, settings.design};
    state.history.reset(settings.design);
    state.view = settings.view;
    state.panels = settings.panels;
    state.client.name = args.client;
    if (args.snapshots) state.snapshot_root = *args.snapshots;
    else if (auto root = default_clients_dir()) state.snapshot_root = *root;
    else return report_error("live", root.error());

    const bool default_source = !args.source.has_value();
    SourceOptions source_options;
    source_options.image_limits.max_pixels = args.max_pixels;
    TrackingWorker worker(*predictor, args.source.value_or("cam:0"), default_source, state.design().ipd_mm,
                          source_options);
    auto renderer_a = Renderer::create();
    if (!renderer_a) return report_error("live", renderer_a.error());
    auto renderer_b = Renderer::create();
    if (!renderer_b) return report_error("live", renderer_b.error());
    auto snapshot_renderer_created = Renderer::create();
    if (!snapshot_renderer_created) return report_error("live", snapshot_renderer_created.error());
    Renderer snapshot_renderer = std::move(*snapshot_renderer_created);
    DotFieldCache fields;
    SnapshotGallery gallery;
    std::vector<double> frame_times_s;

    const auto start = Clock::now();
    std::vector<double> frame_ms;
    std::uint64_t shown_sequence = 0;
    std::shared_ptr<const TrackedFrame> held;
    FrameFacts facts;
    int tone_countdown = 0;
    bool snapshot_hook_done = false;
    bool sheet_hook_done = false;
    bool screenshot_done = false;
    ViewRect view_rect;
    int redraw_frames = 2;  // frames still to draw after input (ImGui settles in a couple)
    if (!settings_note.empty()) say(state, settings_note, 0.0);
    apply_setup(state, args.setup);

    while (!backend->should_close()) {
        const double now_s = seconds_since(start);
        if (args.quit_after_s && now_s >= *args.quit_after_s) break;

        // Take the newest tracked frame (or keep the held one while frozen).
        if (!state.frozen || !held) held = worker.latest();
        const bool new_frame = held && held->sequence != shown_sequence;
        if (backend->take_input_events() > 0) redraw_frames = 3;
        auto key_presses = backend->take_key_presses();
        const bool hooks_due = (args.snapshot_after_s && !snapshot_hook_done && now_s >= *args.snapshot_after_s) ||
                               (args.sheet_after_s && !sheet_hook_done && now_s >= *args.sheet_after_s) ||
                               (args.screenshot && !screenshot_done && now_s >= args.screenshot_after_s);
        if (!new_frame && redraw_frames <= 0 && !hooks_due) {
            backend->wait_events(0.004);  // nothing changed: sleep until input or the next frame
            continue;
        }
        const auto frame_start = Clock::now();
        backend->wait_events(0.0);
        redraw_frames = std::max(redraw_frames - 1, 0);

        const WorkerStatus status = worker.status();
        worker.set_ipd(state.design().ipd_mm);
        if (new_frame) {
            shown_sequence = held->sequence;
            facts.frame = held;
            facts.fit = held->result.face ? std::optional(held->result.face->fit) : std::nullopt;
            if (facts.fit && --tone_countdown <= 0) {
                // Skin tone changes with lighting only: twice a second is plenty.
                if (auto tone = estimate_skin_tone(held->frame.bgr, held->result.face->landmarks)) facts.tone = tone;
                tone_countdown = 15;
            }
        }
        if (facts.fit) fields.request(facts.fit->head, state.design().seed);
        if (auto field = fields.take_ready()) {
            renderer_a->set_dot_field(*field);
            renderer_b->set_dot_field(*field);
            snapshot_renderer.set_dot_field(*field);
            redraw_frames = std::max(redraw_frames, 1);
        }

        LiveContext context;
        context.fit = facts.fit;
        context.skin_tone = facts.tone;
        context.status = status;
        context.now_s = now_s;
        if (!frame_ms.empty()) {
            const std::size_t n = std::min<std::size_t>(frame_ms.size(), 120);
            const std::vector<double> recent(frame_ms.end() - static_cast<std::ptrdiff_t>(n), frame_ms.end());
            context.ui_fps = static_cast<double>(n) / std::max(now_s - recent_start_s(frame_times_s, n), 1e-3);
            context.ui_p95_ms = percentile(recent, 0.95);
        }
        if (facts.fit) {
            context.projected_height_mm = projected_hairline_height_mm(state.design(), *facts.fit);
            context.warnings = check_design(state.design(), facts.fit->anchors);
        }
        gallery.show(client_folder(state));

        backend->new_frame();
        PanelRequests requests;
        handle_shortcuts(key_presses, state, requests);
        if (args.snapshot_after_s && !snapshot_hook_done && now_s >= *args.snapshot_after_s && facts.frame) {
            requests.snapshot = true;  // test hook: the same path as Ctrl+S
            snapshot_hook_done = true;
        }
        if (args.sheet_after_s && !sheet_hook_done && now_s >= *args.sheet_after_s && facts.frame) {
            requests.export_sheet = true;  // test hook: the same path as the button
            sheet_hook_done = true;
        }

        // The video behind everything, rendered at the size it is shown.
        ImGuiIO& io = ImGui::GetIO();
        ImDrawList* background = ImGui::GetBackgroundDrawList();
        const float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
        const ImVec2 area_min(state.panels.design || state.panels.view ? kLeftColumn : 0.0f, ImGui::GetFrameHeight());
        const ImVec2 area_max(io.DisplaySize.x - (state.panels.client || state.panels.snapshots ? kRightColumn : 0.0f),
                              io.DisplaySize.y - status_height);
        if (facts.frame) {
            const cv::Mat& bgr = facts.frame->frame.bgr;
            const bool side = state.view.compare == CompareMode::SideBySide && !state.view.show_before;
            const float area_w = side ? 0.5f * (area_max.x - area_min.x) : area_max.x - area_min.x;
            const ViewRect previous = view_rect;
            if (state.dragging_point < 0)  // the view holds still while a point is dragged
                view_rect = next_view_rect(view_rect, bgr.cols, bgr.rows, facts.fit ? &*facts.fit : nullptr,
                                           area_w / std::max(area_max.y - area_min.y, 1.0f), state.view.follow_face);
            if (std::abs(view_rect.x - previous.x) + std::abs(view_rect.width - previous.width) > 0.5)
                redraw_frames = std::max(redraw_frames, 1);  // still easing
            const SceneLayout probe = fit_layout(view_rect, bgr.cols, bgr.rows, area_min,
                                                 ImVec2(area_min.x + area_w, area_max.y), state.view.mirror);
            const cv::Size output(std::max(1, static_cast<int>(std::lround(probe.screen_width()))),
                                  std::max(1, static_cast<int>(std::lround(probe.screen_height()))));
            const cv::Rect2d crop(view_rect.x, view_rect.y, view_rect.width, view_rect.height);
            const Design& first = state.designs[static_cast<std::size_t>(state.ab_split ? 0 : state.active)];
            renderer_a->render_view(bgr, dot_scene_for(first, facts), crop, output);
            if (state.ab_split) renderer_b->render_view(bgr, dot_scene_for(state.designs[1], facts), crop, output);

            SceneImages images;
            images.before = renderer_a->input_texture();
            images.after = renderer_a->output_texture();
            images.after_b = state.ab_split ? renderer_b->output_texture() : 0;
            images.width = bgr.cols;
            images.height = bgr.rows;
            const auto layouts = draw_scene_images(background, images, state, view_rect, area_min, area_max);
            if (facts.fit && !state.view.show_before) {
                const GuideGeometry guides = make_guides(state.design(), *facts.fit, held->result.face->landmarks);
                draw_scene_guides(background, layouts.front(), guides, state.view, *facts.fit);
                if (state.edit_mode && edit_control_points(background, state, layouts.front(), *facts.fit))
                    requests.design_committed = true;
            }
        }
        if (state.panels.design) draw_design_panel(state, context, requests);
        if (state.panels.view) draw_view_panel(state);
        if (state.panels.client) draw_client_panel(state, requests);
        if (state.panels.snapshots) draw_snapshots_panel(state, gallery, requests);
        draw_status_bar(state, context);
        draw_help_overlay(state);
        if (ImGui::BeginMainMenuBar()) {
            if (ImGui::BeginMenu("Panels")) {
                ImGui::MenuItem("Design", nullptr, &state.panels.design);
                ImGui::MenuItem("View", nullptr, &state.panels.view);
                ImGui::MenuItem("Client", nullptr, &state.panels.client);
                ImGui::MenuItem("Snapshots", nullptr, &state.panels.snapshots);
                ImGui::EndMenu();
            }
            if (ImGui::MenuItem("Help (F1)")) state.show_help = true;
            ImGui::EndMainMenuBar();
        }

        // Act on what was asked.
        if (requests.design_committed) state.history.commit(state.design());
        if (requests.undo && state.history.can_undo()) state.design() = state.history.undo();
        if (requests.redo && state.history.can_redo()) state.design() = state.history.redo();
        if (requests.load_sidecar) {
            if (auto design = load_snapshot_design(*requests.load_sidecar)) {
                state.design() = *design;
                state.history.commit(*design);
                say(state, "Design restored from the snapshot", now_s);
            } else {
                say(state, "Not restored: " + design.error().message(), now_s);
            }
        }
        if ((requests.snapshot || requests.export_sheet) && facts.frame) {
            // Records are the camera's full frame, not the zoomed view.
            snapshot_renderer.render(facts.frame->frame.bgr, dot_scene_for(state.design(), facts));
            if (requests.snapshot) take_snapshot(state, facts, snapshot_renderer, status.source, gallery, now_s);
            if (requests.export_sheet) export_sheet(state, facts, snapshot_renderer, now_s);
        }

        const bool capture = args.screenshot && !screenshot_done && now_s >= args.screenshot_after_s;
        const cv::Mat shown = backend->end_frame(capture);
        if (capture) {
            screenshot_done = true;
            std::vector<std::uint8_t> png;
            if (cv::imencode(".png", shown, png))
                if (auto saved = save_file_atomic(*args.screenshot, png, {true}); !saved)
                    std::fprintf(stderr, "hairline: screenshot not saved: %s\n", saved.error().message().c_str());
        }
        frame_ms.push_back(1000.0 * seconds_since(frame_start));
        frame_times_s.push_back(now_s);
    }

    // Teardown: settings, then the figures, then GL objects before the context.
    if (settings_file) {
        backend->window_size(settings.window_width, settings.window_height);
        settings.panels = state.panels;
        settings.view = state.view;
        settings.view.show_before = false;
        settings.design = state.design();
        if (auto saved = save_settings(*settings_file, settings); !saved)
            std::fprintf(stderr, "hairline: settings not saved: %s\n", saved.error().message().c_str());
    }
    // fps: frames drawn per second of running (the UI draws when a camera
    // frame arrives or the user acts); p95_ms: main-thread work per drawn frame.
    const double seconds = seconds_since(start);
    std::printf("frames=%zu fps=%.1f p95_ms=%.1f\n", frame_ms.size(), static_cast<double>(frame_ms.size()) / seconds,
                percentile(frame_ms, 0.95));
    return 0;
}

}  // namespace hairline::app
