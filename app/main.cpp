// hairline: SMP hairline preview. Subcommands: render, sheet, consultation, clients, track, bench;
// with no subcommand, the live app (or, without a display, the demo preview PNG).

#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "app/cli/cli_clients.h"
#include "app/cli/cli_consultation.h"
#include "app/cli/cli_render.h"
#include "app/cli/cli_sheet.h"
#include "app/cli/cli_track.h"
#include "app/cli/demo_preview.h"
#include "app/live/live_loop.h"
#include "engine/capture/frame_source.h"

namespace {

// The mode the command line asked for.
int run(const CLI::App& app, const hairline::app::LiveArgs& live_args, const hairline::app::RenderArgs& render_args,
        const hairline::app::TrackArgs& track_args, const hairline::app::BenchArgs& bench_args,
        const hairline::app::SheetArgs& sheet_args, const hairline::app::ConsultationArgs& consultation_args,
        const hairline::app::ClientsArgs& clients_args) {
    if (app.got_subcommand("render")) return hairline::app::run_render(render_args);
    if (app.got_subcommand("track")) return hairline::app::run_track(track_args);
    if (app.got_subcommand("bench")) return hairline::app::run_bench(bench_args);
    if (app.got_subcommand("sheet")) return hairline::app::run_sheet(sheet_args);
    if (app.got_subcommand("consultation")) return hairline::app::run_consultation(consultation_args);
    if (app.got_subcommand("clients")) return hairline::app::run_clients(clients_args);
    // No subcommand: the live app, or without a display the demo preview.
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0'))
        return hairline::app::run_demo_preview("no display");
    return hairline::app::run_live(live_args);
}

}  // namespace

int main(int argc, char** argv) {
    // hairline runs its own threads (tracking, detection, UI); OpenCV's pool
    // would only add wake-up overhead to the small crops processed per frame.
    cv::setNumThreads(1);
    // Errors reach the user as one line of ours; OpenCV's own log lines
    // (a camera probe every second while reconnecting) would be noise.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    CLI::App app{"hairline: scalp micropigmentation hairline preview"};
    app.require_subcommand(0, 1);
    hairline::app::LiveArgs live_args;
    app.add_option("--source", live_args.source, "Live app: cam:N, a video or image file, or demo (default cam:0, "
                                                 "else the demo)");
    app.add_option("--snapshots", live_args.snapshots, "Live app: save clients' snapshots under this folder");
    app.add_option("--client", live_args.client, "Live app: client name or ID to start with");
    app.add_option("--quit-after", live_args.quit_after_s, "Live app: exit after this many seconds")
        ->check(CLI::PositiveNumber);
    app.add_option("--snapshot-after", live_args.snapshot_after_s,
                   "Live app (tests): take a snapshot after this many seconds, as Ctrl+S does (repeatable)")
        ->check(CLI::NonNegativeNumber)
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--sheet-after", live_args.sheet_after_s,
                   "Live app (tests): export the consultation sheet after this many seconds, as its button does")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--delete-client-after", live_args.delete_client_after_s,
                   "Live app (tests): delete every file of --client after this many seconds, as the Clients panel's "
                   "confirmed Delete does")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--model", live_args.model, "68-point dlib shape predictor (.dat)");
    hairline::app::add_max_pixels_option(app, live_args.max_pixels);
    app.add_option("--screenshot", live_args.screenshot, "Live app (docs): save the window to this PNG");
    app.add_option("--screenshot-after", live_args.screenshot_after_s, "Live app (docs): seconds before the screenshot");
    app.add_option("--setup", live_args.setup, "Live app (docs): edit, split, side, help, ab, guides, present, clients, timeline or light")
        ->check(CLI::IsMember({"", "edit", "split", "side", "help", "ab", "guides", "present", "clients", "timeline", "light"}));
    app.add_flag("--client-view", live_args.client_view,
                 "Live app: open the client's window (preview only) at start, on the second screen if there is one");
    hairline::app::RenderArgs render_args;
    hairline::app::add_render_command(app, render_args);
    hairline::app::TrackArgs track_args;
    hairline::app::add_track_command(app, track_args);
    hairline::app::BenchArgs bench_args;
    hairline::app::add_bench_command(app, bench_args);
    hairline::app::SheetArgs sheet_args;
    hairline::app::add_sheet_command(app, sheet_args);
    hairline::app::ConsultationArgs consultation_args;
    hairline::app::add_consultation_command(app, consultation_args);
    hairline::app::ClientsArgs clients_args;
    hairline::app::add_clients_command(app, clients_args);
    // Before any thread exists (it sets an environment variable FFmpeg reads).
    hairline::restrict_video_to_local_files();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const std::string command = app.get_subcommands().empty() ? "" : " " + app.get_subcommands().front()->get_name();
        std::fprintf(stderr, "hairline%s: %s (see --help)\n", command.c_str(), e.what());
        return 2;
    }
    return run(app, live_args, render_args, track_args, bench_args, sheet_args, consultation_args, clients_args);
}
