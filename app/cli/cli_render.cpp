// hairline render INPUT... -o OUT [--design F] [--set K=V]... [--compare none|side]
//                [--guides] [--model PATH] [--overwrite] [--report R.json]
//                [--max-pixels N] [--frames N] [--jobs N]
// Photo in, SMP preview out: frame -> face -> landmarks -> pose -> hairline -> pixels.

#include "app/cli/cli_render.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/cli/batch_progress.h"
#include "app/cli/render_jobs.h"
#include "app/shared/errors.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"

namespace hairline::app {

void add_render_command(CLI::App& app, RenderArgs& args) {
    CLI::App* cmd = app.add_subcommand("render", "Render SMP previews of photos (PNG) and videos (MP4)");
    cmd->add_option("input", args.inputs,
                    "Photos (JPEG, PNG, BMP, WebP, TIFF), videos, or folders of them")->required();
    cmd->add_option("-o,--output", args.output,
                    "Output file (one input), or folder (several inputs or a folder)")->required();
    add_design_options(*cmd, args.design);
    cmd->add_option("--compare", args.compare, "none: the preview; side: before | after")
        ->check(CLI::IsMember({"none", "side"}));
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    cmd->add_flag("--overwrite", args.overwrite, "Replace outputs (and the report) that exist");
    cmd->add_option("--report", args.report, "One photo or video: write what was measured to a JSON file");
    cmd->add_flag("--guides", args.guides, "Draw the designed hairline, temple lines, height and facial thirds");
    add_max_pixels_option(*cmd, args.max_pixels);
    cmd->add_flag("--full-size", args.full_size,
                  "JPEGs over 4 MP: render at the photo's own size (default: read at 1/2-1/8 size, about as fast as a small photo)");
    cmd->add_option("--frames", args.frames, "Videos: stop after N frames")
        ->check(CLI::Range(static_cast<std::int64_t>(1), static_cast<std::int64_t>(100'000'000)));
    cmd->add_option("--jobs", args.jobs, "Batch: inputs rendered at once (default: one per CPU core)")
        ->check(CLI::Range(1, 256));
}

namespace {

RenderSettings settings_from(const RenderArgs& args, const Design& design) {
    RenderSettings settings;
    settings.design = design;
    settings.image.side_by_side = args.compare == "side";
    settings.image.guides = args.guides;
    settings.limits.max_pixels = args.max_pixels;
    if (args.full_size) settings.limits.reduce_above_pixels = 0;
    settings.overwrite = args.overwrite;
    settings.max_video_frames = args.frames;
    settings.report = args.report;
    return settings;
}

bool wants_batch(const RenderArgs& args) {
    std::error_code ec;
    return args.inputs.size() > 1 || (!looks_like_url(args.inputs.front()) && std::filesystem::is_directory(args.inputs.front(), ec)) ||
           std::filesystem::is_directory(args.output, ec) || args.output.ends_with('/');
}

int run_single(const RenderArgs& args, const RenderSettings& settings) {
    if (auto ok = check_output_path(args.output, args.overwrite); !ok) return report_error("render", ok.error());
    if (args.report)
        if (auto ok = check_output_path(*args.report, args.overwrite); !ok) return report_error("render", ok.error());
    SharedPredictor predictor(args.model);
    RenderWorker worker;
    worker.predictor = &predictor;
    const RenderJob job = make_render_job(args.inputs.front(), args.output);
    RenderSettings single = settings;
    if (job.video && ::isatty(STDERR_FILENO) == 1)
        single.on_video_frames = [](const RenderJob&, std::int64_t done, std::optional<std::int64_t> total) {
            std::fprintf(stderr, "\r\033[Khairline render: %s", frame_progress(done, total).c_str());
        };
    const JobOutcome outcome = run_render_job(job, worker, single);
    if (single.on_video_frames && outcome.frames >= 15) std::fprintf(stderr, "\n");
    if (outcome.status != JobStatus::Ok) return report_error("render", *outcome.error);
    // Not errors (the preview was made), but the practitioner must know.
    for (const auto& notice : outcome.notices) std::fprintf(stderr, "hairline render: note: %s\n", one_line(notice).c_str());
    if (job.video)
        std::fprintf(stderr, "hairline render: %lld frames, face on %lld\n", static_cast<long long>(outcome.frames),
                     static_cast<long long>(outcome.frames_with_face));
    std::printf("%s\n", args.output.c_str());
    return 0;
}

int run_batch(const RenderArgs& args, const RenderSettings& settings) {
    if (args.report) return report_error("render", bad_input("--report", "takes one photo; a batch writes previews only"));
    const std::filesystem::path out_dir(args.output);
    std::error_code ec;
    if (!std::filesystem::is_directory(out_dir, ec) && out_dir.has_extension())
        return report_error("render", bad_input(args.output, "several inputs or a folder render into a folder; "
                                                             "this looks like a file name"));
    const BatchPlan plan = plan_batch(args.inputs, out_dir);
    const auto total = static_cast<std::int64_t>(plan.jobs.size() + plan.unreadable_folders.size());
    if (total == 0) return report_error("render", bad_input(args.inputs.front(), "holds no photos or videos"));
    if (auto made = make_private_dirs(out_dir); !made) return report_error("render", made.error());

    // Fails the whole batch early (exit 2) when the model cannot be loaded.
    SharedPredictor predictor(args.model);
    if (auto loaded = predictor.get(); !loaded) return report_error("render", loaded.error());

    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int workers = static_cast<int>(std::min<std::size_t>(args.jobs.value_or(cores), std::max<std::size_t>(1, plan.jobs.size())));
    BatchProgress progress(total, stderr, ::isatty(STDERR_FILENO) == 1);
    for (const auto& error : plan.unreadable_folders) progress.report_failure(error);
    RenderSettings batch = settings;
    batch.on_video_frames = [&progress](const RenderJob& job, std::int64_t done, std::optional<std::int64_t> frames) {
        progress.video_frames(job, done, frames);
    };
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i)
        threads.emplace_back([&] {
            RenderWorker worker;
            worker.predictor = &predictor;
            for (std::size_t j = next++; j < plan.jobs.size(); j = next++)
                progress.report(plan.jobs[j], run_render_job(plan.jobs[j], worker, batch));
        });
    for (auto& thread : threads) thread.join();

    std::printf("hairline render: %s\n", progress.summary(plan.ignored, workers).c_str());
    const BatchCounts counts = progress.counts();
    return counts.failed + counts.no_face > 0 ? 1 : 0;
}

}  // namespace

int run_render(const RenderArgs& args) {
    auto design = resolve_design(args.design);
    if (!design) return report_error("render", design.error());
    const RenderSettings settings = settings_from(args, *design);
    return wants_batch(args) ? run_batch(args, settings) : run_single(args, settings);
}

}  // namespace hairline::app
