// hairline track INPUT --jsonl OUT.jsonl [--design F] [--set K=V]... [--frames N]
// One JSON object per input frame: what the tracker saw, in image pixels.

#include "app/cli/cli_track.h"

#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "engine/capture/frame_source.h"
#include "engine/io/atomic_file.h"
#include "engine/preview/preview_scene.h"
#include "engine/track/model_locator.h"
#include "engine/track/naive_baseline.h"
#include "engine/track/tracker.h"

namespace hairline::app {
namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json points_json(const auto& points) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : points) out.push_back({round3(p.x), round3(p.y)});
    return out;
}

// The hairline is the design's, placed on the tracked fit (as the preview draws it).
nlohmann::json frame_json(const TrackResult& r, const Design& design) {
    // "face" is a face the preview draws on: found and confident.
    const bool shown = r.face_shown();
    nlohmann::json j = {{"frame", r.frame_index},
                        {"t_ms", round3(r.t_ms)},
                        {"face", shown},
                        {"confidence", std::round(r.confidence * 1000.0) / 1000.0},
                        {"face_id", r.face ? nlohmann::json(r.face_id) : nlohmann::json(nullptr)}};
    if (r.confirmed) j["confirmed"] = true;
    if (r.scene_cut) j["scene_cut"] = true;
    if (shown) {
        const TrackedFace& f = *r.face;
        j["landmarks"] = points_json(f.landmarks);
        j["hairline"] = points_json(hairline_polyline_px(design, f.fit));
        j["pose"] = {{"yaw", round3(f.fit.angles.yaw_deg)},
                     {"pitch", round3(f.fit.angles.pitch_deg)},
                     {"roll", round3(f.fit.angles.roll_deg)}};
        j["mm_per_px"] = std::round(f.fit.mm_per_px * 1e5) / 1e5;
    }
    j["ms"] = round3(r.timings.total_ms);
    return j;
}

// The naive way, for comparison: what each frame gives on its own.
TrackResult naive_result(NaiveDlibBaseline& naive, const Frame& frame, double ipd_mm, int upsample,
                         std::vector<FaceBox>& faces) {
    const auto start = std::chrono::steady_clock::now();
    TrackResult r;
    r.frame_index = frame.index;
    r.t_ms = frame.t_ms;
    const auto out = naive.process(frame.bgr, upsample);
    faces = out.faces;
    if (out.landmarks) {
        const CameraIntrinsics camera = video_intrinsics(frame.bgr.cols, frame.bgr.rows);
        if (auto fit = fit_face(*out.landmarks, camera, ipd_mm); fit) {
            TrackedFace face;
            face.landmarks = face.raw_landmarks = *out.landmarks;
            face.fit = *fit;
            r.face = face;
            r.confidence = 1.0;
            r.face_id = 1;
        }
    }
    r.timings.total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace

void add_track_command(CLI::App& app, TrackArgs& args) {
    CLI::App* cmd = app.add_subcommand("track", "Track the face in a video, image, folder, camera or the demo");
    cmd->add_option("input", args.input, "Video, image, folder of images, cam:N or demo")->required();
    cmd->add_option("--jsonl", args.jsonl, "Output: one JSON object per frame")->required();
    add_design_options(*cmd, args.design);
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    add_max_pixels_option(*cmd, args.max_pixels);
    cmd->add_option("--frames", args.frames, "Stop after N frames (cameras and the demo: 300 by default)")
        ->check(CLI::Range(static_cast<std::int64_t>(1), static_cast<std::int64_t>(100'000'000)));
    cmd->add_flag("--overwrite", args.overwrite, "Replace OUT.jsonl if it exists");
    cmd->add_flag("--naive", args.naive,
                  "Use the naive baseline (dlib detector and predictor on every full frame, no smoothing) "
                  "to compare with");
    cmd->add_option("--upsample", args.naive_upsample,
                    "With --naive: run the detector on the frame enlarged this many times (2 finds faces down to ~40 px)")
        ->check(CLI::Range(1, 2));
}

int run_track(const TrackArgs& args) {
    auto design = resolve_design(args.design);
    if (!design) return report_error("track", design.error());
    if (auto ok = check_output_path(args.jsonl, args.overwrite); !ok) return report_error("track", ok.error());

    SourceOptions source_options;
    source_options.image_limits.max_pixels = args.max_pixels;
    const bool endless = args.input == "demo" || args.input.rfind("cam:", 0) == 0;
    source_options.max_frames = args.frames ? args.frames : (endless ? std::optional(kDefaultLiveFrames) : std::nullopt);
    auto source = open_frame_source(args.input, source_options);
    if (!source) return report_error("track", source.error());
    auto predictor = load_landmark_predictor(args.model);
    if (!predictor) return report_error("track", predictor.error());

    TrackerParams params;
    // Files and the demo are processed as fast as possible, not in real time:
    // wait for the detector instead of racing ahead of it.
    params.wait_for_detector = args.input.rfind("cam:", 0) != 0;
    Tracker tracker(*predictor, params);
    tracker.set_ipd_mm(design->ipd_mm);
    std::unique_ptr<NaiveDlibBaseline> naive;
    if (args.naive) {
        auto located = locate_landmark_model(default_model_search(args.model));
        if (!located) return report_error("track", located.error());
        auto loaded = NaiveDlibBaseline::load(*located);
        if (!loaded) return report_error("track", loaded.error());
        naive = std::move(*loaded);
    }

    auto writer = AtomicWriter::open(args.jsonl, {args.overwrite});
    if (!writer) return report_error("track", writer.error());
    std::int64_t frames = 0, with_face = 0;
    for (;;) {
        auto frame = (*source)->next();
        if (!frame) return report_error("track", frame.error());
        if (!frame->has_value()) break;
        std::vector<FaceBox> detected;
        const TrackResult result = naive ? naive_result(*naive, **frame, design->ipd_mm, args.naive_upsample, detected)
                                         : tracker.process(**frame);
        ++frames;
        with_face += result.face_shown();
        nlohmann::json line = frame_json(result, *design);
        if (naive) {
            // Every face the detector saw: what a tracked face is checked against.
            line["faces"] = nlohmann::json::array();
            for (const FaceBox& b : detected) line["faces"].push_back({round3(b.left), round3(b.top), round3(b.width), round3(b.height)});
        }
        if (auto written = (*writer)->write(line.dump() + "\n"); !written)
            return report_error("track", written.error());
    }
    if (frames == 0) return report_error("track", bad_input(args.input, "has no frames"));
    if (auto committed = (*writer)->commit(); !committed) return report_error("track", committed.error());
    std::fprintf(stderr, "hairline track: %lld frames, face on %lld\n", static_cast<long long>(frames),
                 static_cast<long long>(with_face));
    return 0;
}

}  // namespace hairline::app
