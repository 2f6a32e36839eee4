// hairline: SMP hairline preview. Subcommands: render, track, bench; with no
// subcommand, the live app (or, without a display, the demo preview PNG).

#include <cstdio>

#include <CLI/CLI.hpp>
#include <opencv2/core/utility.hpp>

#include "app/cli_render.h"
#include "app/cli_sheet.h"
#include "app/cli_track.h"
#include "app/demo_preview.h"

int main(int argc, char** argv) {
    // hairline runs its own threads (tracking, detection, UI); OpenCV's pool
    // would only add wake-up overhead to the small crops processed per frame.
    cv::setNumThreads(1);
    CLI::App app{"hairline: scalp micropigmentation hairline preview"};
    app.require_subcommand(0, 1);
    hairline::app::RenderArgs render_args;
    hairline::app::add_render_command(app, render_args);
    hairline::app::TrackArgs track_args;
    hairline::app::add_track_command(app, track_args);
    hairline::app::BenchArgs bench_args;
    hairline::app::add_bench_command(app, bench_args);
    hairline::app::SheetArgs sheet_args;
    hairline::app::add_sheet_command(app, sheet_args);
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
    if (app.got_subcommand("render")) return hairline::app::run_render(render_args);
    if (app.got_subcommand("track")) return hairline::app::run_track(track_args);
    if (app.got_subcommand("bench")) return hairline::app::run_bench(bench_args);
    if (app.got_subcommand("sheet")) return hairline::app::run_sheet(sheet_args);
    // The live app arrives with the consultation UI; until then the main job
    // is the demo preview.
    return hairline::app::run_demo_preview("the live app is not built yet");
}
