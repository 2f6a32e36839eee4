// The live consultation app's loop. Reads top to bottom like Dear ImGui's
// GLFW example: setup (settings, window, GL, ImGui, model, tracking worker,
// job worker, renderers), the loop (poll, take the newest tracked frame,
// place the design, draw the video and panels, act on what was asked, swap,
// run what the workers posted back), teardown in reverse. Every step is a
// function in a room of its own: video_view (the preview), panel_*/menu_bar
// (the controls), shortcuts, design_actions, records (saving and reading
// client records, on the JobWorker), test_hooks (scripted runs).
//
// Threads: this one owns GLFW, ImGui, GL and LiveState; the TrackingWorker
// publishes frames; the JobWorker does disk and PDF work and posts results
// to the RunQueue, which this loop runs once per frame. Nothing here waits.

#include "app/live/live_loop.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/cli/demo_preview.h"
#include "app/live/client_window.h"
#include "app/live/design_actions.h"
#include "app/live/frame_times.h"
#include "app/live/glfw_backend.h"
#include "app/live/job_worker.h"
#include "app/live/panels.h"
#include "app/live/records.h"
#include "app/live/run_queue.h"
#include "app/live/settings.h"
#include "app/live/shortcuts.h"
#include "app/live/status_message.h"
#include "app/live/test_hooks.h"
#include "app/live/tracking_worker.h"
#include "app/live/video_view.h"
#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "engine/preview/look_checks.h"
#include "engine/preview/preview_scene.h"
#include "engine/session/client_records.h"

namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
double ms_since(Clock::time_point start) { return 1000.0 * seconds_since(start); }

// Read-only facts for this UI frame: the face on screen, the stream's
// figures, the design's measures on this face and what each stage costs.
// `scene`: the active design on the shown frame.
LiveContext frame_context(const LiveState& state, const TrackedFrame* shown, const PreviewScene& scene,
                          const WorkerStatus& status, const FrameTimes& times, const JobWorker& jobs, double now_s) {
    LiveContext context;
    if (shown && shown->facts.face) {
        const FaceFit& fit = shown->facts.face->fit;
        context.fit = fit;
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
    context.stages = times.stages();
    context.jobs = jobs.costs();
    context.jobs_pending = jobs.pending();
    return context;
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
    draw_menu_bar(state, requests);
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

int run_live(const LiveArgs& args) {
    // Setup: settings, the window, the model, the workers, the renderers.
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
    const auto start = Clock::now();
    RunQueue main_thread;
    JobWorker jobs(main_thread, [&](const std::string& job, const std::string& what) {
        say(state, job + " failed: " + what, seconds_since(start));
    });
    Records records(jobs, state.snapshot_root, start);
    FrameTimes times;
    TestHooks hooks(args);
    std::uint64_t shown_sequence = 0;
    std::shared_ptr<const TrackedFrame> held;
    ViewRect view_rect;
    int redraw_frames = 2;  // frames still to draw after input (ImGui settles in a couple)
    if (!settings_note.empty()) say(state, settings_note, 0.0);
    apply_setup(state, args.setup);
    backend->apply_theme(state.light_theme);
    std::unique_ptr<ClientWindow> client_window;

    while (!backend->should_close()) {
        const double now_s = seconds_since(start);
        if (args.quit_after_s && now_s >= *args.quit_after_s) break;

        // Take the newest tracked frame (or keep the held one while frozen);
        // sleep when nothing changed.
        if (!state.frozen || !held) held = worker.latest();
        const bool new_frame = held && held->sequence != shown_sequence;
        if (backend->take_input_events() > 0) redraw_frames = 3;
        const auto key_presses = backend->take_key_presses();
        const bool results = !main_thread.empty();
        if (!new_frame && !results && redraw_frames <= 0 && !hooks.due(now_s)) {
            backend->wait_events(0.004);
            continue;
        }
        const auto frame_start = Clock::now();
        FrameStages stages;
        main_thread.run();  // what the workers posted back, before this frame is drawn
        stages.results_ms = ms_since(frame_start);
        backend->wait_events(0.0);
        backend->ensure_glyphs(state.client.name + state.client.notes + state.clients.search);
        sync_client_window(state, client_window, *backend, now_s);
        redraw_frames = std::max(redraw_frames - 1, 0);
        if (new_frame) shown_sequence = held->sequence;

        auto stage_start = Clock::now();
        const WorkerStatus status = worker.status();
        worker.set_design_inputs(state.design().ipd_mm, state.design().seed);
        const PreviewScene active = held ? make_preview_scene(state.design(), held->facts) : PreviewScene{};
        LiveContext context = frame_context(state, held.get(), active, status, times, jobs, now_s);
        context.client_folder = records.begin_frame(state);
        stages.scene_ms = ms_since(stage_start);

        stage_start = Clock::now();
        backend->new_frame();
        PanelRequests requests;
        handle_shortcuts(key_presses, state, requests);
        hooks.add_requests(requests, records.folder(), held != nullptr, now_s);
        ClientViewFrame client_frame;
        if (held && draw_video(state, *held, active, *renderers, view_rect, requests, client_frame, now_s))
            redraw_frames = std::max(redraw_frames, 1);
        draw_panels(state, context, records.gallery(), requests);
        act_on_design(requests, state);
        records.act(requests, state, [&]() -> Result<Recorded> {
            if (!held) return runtime_error("", "nothing to save yet (no frame)");
            return record_frame(state.design(), *held, renderers->snapshot);
        }, status.source);
        if (requests.theme_changed) backend->apply_theme(state.light_theme);
        if (run_timeline(requests, state, now_s)) redraw_frames = std::max(redraw_frames, 1);
        stages.draw_ms = ms_since(stage_start);

        stage_start = Clock::now();
        const bool capture = hooks.screenshot_due(now_s);
        const cv::Mat shown = backend->end_frame(capture);
        if (client_window) client_window->draw(client_frame);  // after the swap: the textures are complete
        if (capture) hooks.save_screenshot(shown, jobs);
        stages.present_ms = ms_since(stage_start);
        times.add(now_s, ms_since(frame_start));
        times.add_stages(stages);
    }

    // Teardown: the jobs asked for are finished (a save is never dropped)
    // and their results shown, the settings kept, the figures printed; GL
    // objects go before the window.
    const double seconds = seconds_since(start);
    jobs.finish();
    main_thread.run();
    client_window.reset();
    save_settings_on_exit(settings_file, settings, state, *backend);
    // fps: frames drawn per second of running (the UI draws when a camera
    // frame arrives or the user acts); p95_ms: main-thread work per drawn
    // frame, over the last FrameTimes::kCapacity frames.
    // Then each stage's recent cost, as the status line shows it.
    const FrameStages& last = times.stages();
    std::printf("frames=%zu fps=%.1f p95_ms=%.1f track_ms=%.1f scene_ms=%.1f draw_ms=%.1f present_ms=%.1f",
                times.total(), static_cast<double>(times.total()) / seconds, times.p95_ms(FrameTimes::kCapacity),
                worker.status().track_ms, last.results_ms + last.scene_ms, last.draw_ms, last.present_ms);
    for (const JobCost& job : jobs.costs()) std::printf(" %s_ms=%.0f", job.name.c_str(), job.ms);
    std::printf("\n");
    return 0;
}

}  // namespace hairline::app
