#include "app/cli/render_jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <set>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "app/shared/options.h"
#include "engine/preview/frame_pipeline.h"
#include "engine/capture/frame_source.h"
#include "engine/design/design_json.h"
#include "engine/io/atomic_file.h"
#include "engine/io/audio_remux.h"
#include "engine/io/local_file.h"
#include "engine/io/media_types.h"
#include "engine/preview/preview_record.h"
#include "engine/preview/preview_session.h"
#include "engine/preview/video_record.h"
#include "engine/track/photo_face.h"
#include "engine/track/tracker.h"

namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

JobOutcome failed(Error error) { return JobOutcome{JobStatus::Failed, std::move(error), 0, 0, 0.0, {}}; }
JobOutcome no_face(Error error) { return JobOutcome{JobStatus::NoFace, std::move(error), 0, 0, 0.0, {}}; }

Status ensure_renderer(RenderWorker& worker) {
    if (worker.renderer) return ok_status();
    auto renderer = HeadlessPreview::create();
    if (!renderer) return renderer.error();
    worker.renderer = std::move(*renderer);
    return ok_status();
}

JobOutcome render_photo_job(const RenderJob& job, RenderWorker& worker, const RenderSettings& settings) {
    ImageInfo info;
    auto photo = load_image(job.input, settings.limits, &info);
    if (!photo) return failed(photo.error());
    if (!is_image_output_name(job.output))
        return failed(bad_input(job.output.string(), "output must end in .png, .jpg, .webp, .bmp or .tiff"));
    // The face detector is built while the landmark model loads: each takes
    // a good part of a second, and neither needs the other.
    std::future<std::unique_ptr<FaceDetector>> detector;
    if (!worker.detector) detector = std::async(std::launch::async, [] { return make_face_detector(); });
    auto predictor = worker.predictor->get();
    if (detector.valid()) worker.detector = detector.get();
    if (!predictor) return failed(predictor.error());
    auto face = find_largest_face(*photo, *worker.detector, **predictor, job.input);
    if (!face) return no_face(face.error());
    if (auto ready = ensure_renderer(worker); !ready) return failed(ready.error());
    ImageOptions options = settings.image;
    if (info.jpeg) options.compression = compression_look_of(*info.jpeg, cv::Size(static_cast<int>(info.full_width), static_cast<int>(info.full_height)));
    auto preview = render_photo_preview(*worker.renderer, *photo, face->landmarks, settings.design, options, face->others);
    if (!preview) return failed(preview.error());
    if (info.reduction > 1)
        preview->record.notices.push_back("the " + std::to_string(info.full_width) + "x" + std::to_string(info.full_height) +
                                          " photo was read at 1/" + std::to_string(info.reduction) + " size (" +
                                          std::to_string(photo->cols) + "x" + std::to_string(photo->rows) +
                                          "), plenty for the face; --full-size keeps its own size");

    std::vector<std::uint8_t> encoded;
    if (!cv::imencode(lower_extension(job.output), preview->image, encoded))
        return failed(runtime_error(job.output.string(), "image encoding failed"));
    // Both files are written before either is published, so a failure leaves neither.
    std::vector<FileToSave> files{{job.output, encoded}};
    std::string report;
    if (settings.report) {
        report = preview_record_json(preview->record).dump(2) + "\n";
        files.push_back({*settings.report, text_bytes(report)});
    }
    if (auto saved = save_files_atomic(files, {settings.overwrite}); !saved) return failed(saved.error());
    JobOutcome outcome;
    outcome.status = JobStatus::Ok;
    outcome.frames = outcome.frames_with_face = 1;
    outcome.notices = preview->record.notices;
    return outcome;
}

// H.264 where FFmpeg has an encoder for it, else MPEG-4 part 2.
bool open_video_writer(cv::VideoWriter& writer, const std::filesystem::path& path, double fps, cv::Size size) {
    for (const int fourcc : {cv::VideoWriter::fourcc('a', 'v', 'c', '1'), cv::VideoWriter::fourcc('m', 'p', '4', 'v')}) {
        try {
            if (writer.open(path.string(), cv::CAP_FFMPEG, fourcc, fps, size)) return true;
        } catch (const cv::Exception&) {
        }
    }
    return false;
}

JobOutcome render_video_job(const RenderJob& job, RenderWorker& worker, const RenderSettings& settings) {
    SourceOptions source_options;
    source_options.image_limits = settings.limits;
    source_options.max_frames = settings.max_video_frames;
    auto source = open_frame_source(job.input, source_options);
    if (!source) return failed(source.error());
    if (!is_video_output_name(job.output))
        return failed(bad_input(job.output.string(), "a video renders to a video: the output must end in .mp4, .mkv, .avi or .mov"));

    auto predictor = worker.predictor->get();
    if (!predictor) return failed(predictor.error());
    if (auto ready = ensure_renderer(worker); !ready) return failed(ready.error());
    TrackerParams params;
    params.wait_for_detector = true;  // offline: results must not depend on machine speed
    FramePipeline pipeline(*predictor, params, StreamKind::Video);
    auto file = AtomicWriter::open(job.output, {settings.overwrite});
    if (!file) return failed(file.error());

    std::optional<PreviewRecord> first_record;
    cv::VideoWriter writer;
    JobOutcome outcome;
    outcome.status = JobStatus::Ok;
    for (;;) {
        auto frame = (*source)->next();
        if (!frame) return failed(frame.error());
        if (!frame->has_value()) break;
        const auto [result, facts] = pipeline.process(**frame, settings.design.ipd_mm, settings.design.seed);
        const PreviewScene scene = make_preview_scene(settings.design, facts);
        auto rendered = worker.renderer->render(facts, scene, settings.image);
        if (!rendered) return failed(rendered.error());
        cv::Mat image = std::move(*rendered);
        // 4:2:0 video needs even sides.
        cv::copyMakeBorder(image, image, 0, image.rows % 2, 0, image.cols % 2, cv::BORDER_REPLICATE);
        if (!writer.isOpened() && !open_video_writer(writer, (*file)->temp_path(), (*source)->nominal_fps(), image.size()))
            return failed(runtime_error(job.output.string(), "no video encoder (FFmpeg) could be opened"));
        writer.write(image);
        ++outcome.frames;
        outcome.frames_with_face += result.face_shown();
        if (!first_record && result.face_shown()) first_record = make_preview_record(settings.design, facts, scene);
        if (settings.on_video_frames && outcome.frames % 15 == 0)
            settings.on_video_frames(job, outcome.frames, (*source)->frame_count());
    }
    writer.release();
    if (outcome.frames == 0) return failed(bad_input(job.input, "has no frames"));
    if (outcome.frames_with_face == 0) return no_face(runtime_error(job.input, "no face found in any frame"));
    bool sound_kept = false;
    if (has_audio_stream(job.input)) {
        // The client's sound, copied next to the rendered pictures, then in the pictures' place.
        const std::filesystem::path pictures = (*file)->temp_path();
        const std::filesystem::path with_sound = pictures.parent_path() / (".sound-" + pictures.filename().string());
        auto muxed = mux_audio(pictures, job.input, with_sound);
        std::error_code ec;
        if (muxed) std::filesystem::rename(with_sound, pictures, ec);
        sound_kept = muxed && !ec;
        if (!muxed || ec) {
            std::filesystem::remove(with_sound, ec);
            outcome.notices.push_back("the video's sound could not be kept: " +
                                      (muxed ? std::string("cannot replace the file") : muxed.error().message()));
        }
    }
    if (auto committed = (*file)->commit(); !committed) return failed(committed.error());
    if (settings.report) {
        const VideoRecord record{outcome.frames, outcome.frames_with_face, (*source)->nominal_fps(), sound_kept,
                                 outcome.notices, std::move(first_record)};
        const std::string text = video_record_json(record).dump(2) + "\n";
        const FileToSave files[] = {{*settings.report, text_bytes(text)}};
        if (auto saved = save_files_atomic(files, {settings.overwrite}); !saved) return failed(saved.error());
    }
    return outcome;
}


MediaKind kind_of(const std::filesystem::path& path) {
    // Content first: a video named .jpg is still a video.
    if (auto sniffed = sniff_path(path.string())) {
        if (is_still_image(*sniffed)) return MediaKind::Photo;
        if (is_video(*sniffed)) return MediaKind::Video;
    }
    return media_kind_of_name(path);
}

}  // namespace

Result<std::shared_ptr<const LandmarkPredictor>> SharedPredictor::get() {
    std::call_once(once_, [this] { loaded_.emplace(load_landmark_predictor(model_path_)); });
    return *loaded_;
}

RenderJob make_render_job(const std::string& input, std::filesystem::path output) {
    return {input, std::move(output), !looks_like_url(input) && kind_of(input) == MediaKind::Video};
}

JobOutcome run_render_job(const RenderJob& job, RenderWorker& worker, const RenderSettings& settings) {
    const auto start = Clock::now();
    // Fail fast on an existing output (the atomic writer still refuses to
    // replace one that appears while this job renders).
    const Status writable = check_output_path(job.output.string(), settings.overwrite);
    JobOutcome outcome = !writable   ? failed(writable.error())
                         : job.video ? render_video_job(job, worker, settings)
                                     : render_photo_job(job, worker, settings);
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return outcome;
}

BatchPlan plan_batch(const std::vector<std::string>& inputs, const std::filesystem::path& out_dir) {
    BatchPlan plan;
    std::set<std::string> used_names;
    auto add = [&](const std::string& input, bool video) {
        const std::string stem = std::filesystem::path(input).stem().string();
        const std::string base = stem.empty() || stem[0] == '.' ? "input" : stem;
        const std::string ext = video ? ".mp4" : ".png";
        std::string name = base + ext;
        for (int n = 2; used_names.count(name); ++n) name = base + "-" + std::to_string(n) + ext;
        used_names.insert(name);
        plan.jobs.push_back({input, out_dir / name, video});
    };
    for (const auto& input : inputs) {
        std::error_code ec;
        if (looks_like_url(input) || !std::filesystem::is_directory(input, ec)) {
            add(input, make_render_job(input, {}).video);
            continue;
        }
        std::vector<std::filesystem::path> entries;
        std::filesystem::directory_iterator it(input, ec);
        for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
            if (it->path().filename().string().starts_with(".")) continue;
            std::error_code type_ec;
            if (it->is_regular_file(type_ec)) entries.push_back(it->path());
            else ++plan.ignored;
        }
        if (ec) {
            plan.unreadable_folders.push_back(bad_input(input, "cannot read the folder: " + ec.message()));
            continue;
        }
        std::sort(entries.begin(), entries.end());
        for (const auto& path : entries) {
            const MediaKind kind = kind_of(path);
            if (kind == MediaKind::Other) ++plan.ignored;
            else add(path.string(), kind == MediaKind::Video);
        }
    }
    return plan;
}

}  // namespace hairline::app
