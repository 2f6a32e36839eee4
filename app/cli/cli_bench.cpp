// hairline bench INPUT [--frames N]: the performance proof. Runs the naive
// baseline (dlib detector + dlib predictor on every full frame) and the
// Tracker over the same decoded frames in one process, and prints per-frame
// times, the speedup and how far the two disagree.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <vector>

#include <epoxy/gl.h>
#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "app/cli/cli_track.h"
#include "app/live/scene_view.h"

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "engine/preview/frame_pipeline.h"
#include "engine/capture/frame_source.h"
#include "engine/track/model_locator.h"
#include "engine/track/naive_baseline.h"
#include "engine/preview/headless_preview.h"
#include "engine/preview/preview_session.h"
#include "engine/render/dot_splats.h"
#include "engine/track/tracker.h"

namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the whole process (every thread: llvmpipe's rasteriser threads
// too), ms: on a shared machine it moves less with the load than the wall clock.
double process_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

struct Stats {
    double p50 = 0, p95 = 0, mean = 0, total = 0;
};

Stats stats_of(std::vector<double> values) {
    Stats s;
    if (values.empty()) return s;
    for (double v : values) s.total += v;
    s.mean = s.total / static_cast<double>(values.size());
    std::sort(values.begin(), values.end());
    auto at = [&](double q) { return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5)]; };
    s.p50 = at(0.5);
    s.p95 = at(0.95);
    return s;
}

// Mean landmark distance in % of the inter-ocular distance of `reference`.
double disagreement_pct(const Landmarks& a, const Landmarks& reference) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += glm::distance(a[i], reference[i]);
    return 100.0 * sum / static_cast<double>(a.size()) / iod_px(reference);
}

// The preview's per-frame cost on the same frames, default design, the
// frame's own size (as `render` of a video draws it): what the session
// carries (skin tone, head mask and scalp fit, camera look, dot field; offline
// rules, so its refreshes are included), the scene, the splats (CPU) and the
// GL passes (ink and composite, on whatever GL the machine has; read back
// so the time is the GPU's too). Then the live view's render alone: the same
// scene drawn by render_view() on the crop the live window settles on (head
// top to chin) at kLiveView pixels, finished with glFinish() (the live loop
// hands the texture to ImGui, never reads it back).
constexpr int kLiveViewWidth = 1000, kLiveViewHeight = 750;
void bench_preview(const std::vector<Frame>& frames, const std::vector<std::optional<FaceOnFrame>>& faces) {
    auto preview = HeadlessPreview::create();
    auto renderer = Renderer::create();
    if (!preview || !renderer) {
        std::printf("preview: no GL context here; not measured\n");
        return;
    }
    PreviewSession session(StreamKind::Video);
    const Design design;
    std::vector<double> session_ms, scene_ms, splat_ms, gl_ms, view_ms, view_cpu_ms;
    const cv::Size view_size(kLiveViewWidth, kLiveViewHeight);
    std::vector<DotSplat> splats;
    std::size_t dots = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        auto start = Clock::now();
        const FrameFacts facts = session.update(frames[i].bgr, frames[i].index, faces[i], design.seed);
        session_ms.push_back(ms_since(start));
        start = Clock::now();
        const PreviewScene scene = make_preview_scene(design, facts);
        scene_ms.push_back(ms_since(start));
        if (!scene.dots) continue;
        start = Clock::now();
        compute_dot_splats(*scene.dots, splats);
        splat_ms.push_back(ms_since(start));
        dots += splats.size();
        start = Clock::now();
        (void)renderer->render(frames[i].bgr, scene.dots);
        (void)renderer->read_bgr();
        gl_ms.push_back(ms_since(start));
        if (!facts.face) continue;
        const ViewRect view = next_view_rect(ViewRect{}, frames[i].bgr.cols, frames[i].bgr.rows, &facts.face->fit,
                                             static_cast<float>(kLiveViewWidth) / kLiveViewHeight, true);
        const cv::Mat& base = scene.base_bgr.empty() ? frames[i].bgr : scene.base_bgr;
        glFinish();  // nothing of the render above left in the queue
        start = Clock::now();
        const double cpu_start = process_cpu_ms();
        (void)renderer->render_view(base, scene.dots, cv::Rect2d(view.x, view.y, view.width, view.height), view_size);
        glFinish();
        view_ms.push_back(ms_since(start));
        view_cpu_ms.push_back(process_cpu_ms() - cpu_start);
    }
    const Stats a = stats_of(session_ms), b = stats_of(scene_ms), c = stats_of(splat_ms), d = stats_of(gl_ms);
    std::printf("preview per frame (default design, %zu frames, %.0f dots drawn): p50/p95 ms: carried state %.2f/%.2f, "
                "scene %.2f/%.2f, splats %.2f/%.2f, GL ink+composite+readback %.2f/%.2f\n",
                gl_ms.size(), gl_ms.empty() ? 0.0 : static_cast<double>(dots) / gl_ms.size(), a.p50, a.p95, b.p50, b.p95,
                c.p50, c.p95, d.p50, d.p95);
    const Stats v = stats_of(view_ms), vc = stats_of(view_cpu_ms);
    std::printf("live view render (render_view of the head crop at %dx%d, splats + upload + GL, glFinish; %zu frames): "
                "p50 %.2f ms, p95 %.2f ms, mean %.2f ms; CPU time, all threads: p50 %.2f ms, mean %.2f ms\n",
                kLiveViewWidth, kLiveViewHeight, view_ms.size(), v.p50, v.p95, v.mean, vc.p50, vc.mean);
}

}  // namespace

void add_bench_command(CLI::App& app, BenchArgs& args) {
    CLI::App* cmd = app.add_subcommand("bench", "Time the tracker against naive dlib on the same frames");
    cmd->add_option("input", args.input, "Video, image folder, cam:N or demo")->required();
    cmd->add_option("--frames", args.frames, "Frames to use (default 300)")
        ->check(CLI::Range(static_cast<std::int64_t>(1), static_cast<std::int64_t>(100'000)));
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    add_max_pixels_option(*cmd, args.max_pixels);
}

int run_bench(const BenchArgs& args) {
    SourceOptions source_options;
    source_options.image_limits.max_pixels = args.max_pixels;
    source_options.max_frames = args.frames;
    auto source = open_frame_source(args.input, source_options);
    if (!source) return report_error("bench", source.error());
    std::vector<Frame> frames;
    for (;;) {
        auto frame = (*source)->next();
        if (!frame) return report_error("bench", frame.error());
        if (!frame->has_value()) break;
        frames.push_back(std::move(**frame));
    }
    if (frames.empty()) return report_error("bench", bad_input(args.input, "has no frames"));

    auto located = locate_landmark_model(default_model_search(args.model));
    if (!located) return report_error("bench", located.error());
    auto naive = NaiveDlibBaseline::load(*located);
    if (!naive) return report_error("bench", naive.error());
    auto predictor = LandmarkPredictor::load(*located);
    if (!predictor) return report_error("bench", predictor.error());

    std::vector<double> naive_ms, tracker_ms, predict_ms, fit_ms, wait_ms, check_ms, detect_ms;
    std::vector<std::optional<Landmarks>> naive_lm, tracker_lm;
    std::vector<std::optional<FaceOnFrame>> tracked_faces;
    std::vector<std::vector<FaceBox>> naive_faces_per_frame;
    for (const Frame& frame : frames) {
        const auto start = Clock::now();
        auto out = (*naive)->process(frame.bgr);
        naive_ms.push_back(ms_since(start));
        naive_lm.push_back(out.landmarks);
        naive_faces_per_frame.push_back(std::move(out.faces));
    }
    {
        TrackerParams params;
        params.wait_for_detector = true;  // as fast as it goes, but never ahead of the detector
        Tracker tracker(*predictor, params);
        tracker.wait_until_ready();  // start-up is not per-frame work (nor is the baseline's)
        for (const Frame& frame : frames) {
            const auto start = Clock::now();
            const TrackResult result = tracker.process(frame);
            tracker_ms.push_back(ms_since(start));
            const bool shown = result.face_shown();
            tracker_lm.push_back(shown ? std::optional(result.face->landmarks) : std::nullopt);
            tracked_faces.push_back(shown ? face_on_frame(result) : std::nullopt);
            predict_ms.push_back(result.timings.predict_ms);
            fit_ms.push_back(result.timings.fit_ms);
            wait_ms.push_back(result.timings.wait_ms);
            check_ms.push_back(result.timings.confirm_ms);
            if (result.timings.detect_ms > 0) detect_ms.push_back(result.timings.detect_ms);
        }
    }

    // The predictor alone, dlib's and ours, on the same boxes.
    std::vector<double> dlib_predict_ms, our_predict_ms;
    for (std::size_t i = 0; i < frames.size() && dlib_predict_ms.size() < 60; ++i) {
        if (!tracker_lm[i]) continue;
        cv::Mat gray;
        cv::cvtColor(frames[i].bgr, gray, cv::COLOR_BGR2GRAY);
        const FaceBox box = box_from_landmarks(*tracker_lm[i]);
        auto start = Clock::now();
        (void)(*naive)->predict(gray, box);
        dlib_predict_ms.push_back(ms_since(start));
        start = Clock::now();
        (void)(*predictor)->predict(gray, box);
        our_predict_ms.push_back(ms_since(start));
    }

    // Agreement is measured on the same face: when the naive baseline's
    // largest face is another one, dlib's predictor is run (untimed) on the
    // detection nearest to the tracked face.
    std::vector<double> disagreement;
    int naive_faces = 0, tracker_faces = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        naive_faces += naive_lm[i].has_value();
        tracker_faces += tracker_lm[i].has_value();
        if (!naive_lm[i] || !tracker_lm[i]) continue;
        const FaceBox tracked = box_from_landmarks(*tracker_lm[i]);
        const auto nearest = std::max_element(naive_faces_per_frame[i].begin(), naive_faces_per_frame[i].end(),
                                              [&](const FaceBox& a, const FaceBox& b) {
                                                  return intersection_over_union(a, tracked) <
                                                         intersection_over_union(b, tracked);
                                              });
        if (intersection_over_union(*nearest, tracked) < 0.2) continue;  // dlib missed this face
        Landmarks reference = *naive_lm[i];
        if (intersection_over_union(box_from_landmarks(reference), tracked) < 0.3) {
            cv::Mat gray;
            cv::cvtColor(frames[i].bgr, gray, cv::COLOR_BGR2GRAY);
            reference = (*naive)->predict(gray, *nearest);
        }
        disagreement.push_back(disagreement_pct(*tracker_lm[i], reference));
    }
    const Stats naive_stats = stats_of(naive_ms), tracker_stats = stats_of(tracker_ms);
    const Stats dis = stats_of(disagreement);
#if defined(__AVX2__) && defined(__FMA__)
    const char* simd = "AVX2+FMA";
#else
    const char* simd = "no AVX2/FMA";
#endif
    const int n = static_cast<int>(frames.size());
    std::printf("hairline bench: %d frames %dx%d from %s (build: %s)\n", n, frames[0].bgr.cols, frames[0].bgr.rows,
                (*source)->description().c_str(), simd);
    std::printf("                       p50 ms   p95 ms  mean ms   faces\n");
    std::printf("naive dlib (per frame) %7.2f  %7.2f  %7.2f   %d/%d\n", naive_stats.p50, naive_stats.p95, naive_stats.mean,
                naive_faces, n);
    std::printf("tracker                %7.2f  %7.2f  %7.2f   %d/%d\n", tracker_stats.p50, tracker_stats.p95,
                tracker_stats.mean, tracker_faces, n);
    std::printf("tracker stages (mean ms): predictor %.2f, smoothing+pose+fit %.2f, waiting for a search %.2f, "
                "for the frame's own check %.2f; detector thread: %zu jobs, mean %.1f ms\n",
                stats_of(predict_ms).mean, stats_of(fit_ms).mean, stats_of(wait_ms).mean, stats_of(check_ms).mean,
                detect_ms.size(), stats_of(detect_ms).mean);
    std::printf("speedup (total time naive / tracker): %.1fx\n", naive_stats.total / tracker_stats.total);
    std::printf("landmark disagreement, tracker vs naive: mean %.2f%% IOD, p95 %.2f%% IOD (%zu frames with both)\n",
                dis.mean, dis.p95, disagreement.size());
    std::printf("landmark predictor alone: dlib %.2f ms, hairline %.2f ms (mean of %zu)\n", stats_of(dlib_predict_ms).mean,
                stats_of(our_predict_ms).mean, our_predict_ms.size());
    bench_preview(frames, tracked_faces);
    return 0;
}

}  // namespace hairline::app
