#include "app/render_jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "app/cli_common.h"
#include "engine/capture/frame_source.h"
#include "engine/design/design_json.h"
#include "engine/geom/dot_field.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"
#include "engine/render/head_mask.h"
#include "engine/track/photo_face.h"
#include "engine/track/rigid_fit.h"
#include "engine/track/tracker.h"

namespace hairline::app {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

JobOutcome failed(Error error) { return JobOutcome{JobStatus::Failed, std::move(error), 0, 0, 0.0}; }
JobOutcome no_face(Error error) { return JobOutcome{JobStatus::NoFace, std::move(error), 0, 0, 0.0}; }

nlohmann::json skin_tone_json(const std::optional<SkinTone>& tone) {
    if (!tone) return {{"estimated", false}};
    return {{"estimated", true},
            {"lab", {tone->lightness, tone->a, tone->b}},
            {"ita_deg", tone->ita_deg},
            {"fitzpatrick", std::string(fitzpatrick_roman(tone->fitzpatrick))},
            {"pixels", tone->pixels}};
}

nlohmann::json report_json(const Preview& preview, const Design& design, const cv::Mat& photo, int faces_found) {
    const FaceFit& fit = preview.fit;
    return {
        {"version", 1},
        {"image", {{"width", photo.cols}, {"height", photo.rows}}},
        {"faces_found", faces_found},
        {"iod_px", fit.iod_px},
        {"ipd_mm", design.ipd_mm},
        {"mm_per_px", fit.mm_per_px},
        {"pose_deg", {{"yaw", fit.angles.yaw_deg}, {"pitch", fit.angles.pitch_deg}, {"roll", fit.angles.roll_deg}}},
        {"hairline_height_mm", design.hairline_height_mm},
        {"hairline_height_projected_mm", preview.projected_height_mm},
        {"glabella_px", {fit.glabella_px.x, fit.glabella_px.y}},
        {"head_half_width_mm", fit.head.half_width_mm},
        {"scalp_area_cm2", preview.dots.area_cm2},
        {"dots_drawn", preview.dots.drawn},
        {"density_per_cm2", design.density_per_cm2},
        {"skin_tone", skin_tone_json(preview.skin_tone)},
        {"pigment", pigment_to_string(design.pigment)},
        {"pigment_used", pigment_to_string(preview.pigment)},
        {"design", design_to_json_value(design)},
    };
}

Status ensure_renderer(RenderWorker& worker) {
    if (worker.renderer) return ok_status();
    auto renderer = PreviewRenderer::create();
    if (!renderer) return renderer.error();
    worker.renderer = std::move(*renderer);
    return ok_status();
}

// The output's extension picks the image format.
Result<std::string> image_format_for(const std::filesystem::path& output) {
    const std::string ext = lower_extension(output);
    static const std::set<std::string> supported{".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"};
    if (!supported.count(ext))
        return bad_input(output.string(), "output must end in .png, .jpg, .webp, .bmp or .tiff");
    return ext;
}

JobOutcome render_photo_job(const RenderJob& job, RenderWorker& worker, const RenderSettings& settings) {
    auto photo = load_image(job.input, settings.limits);
    if (!photo) return failed(photo.error());
    auto format = image_format_for(job.output);
    if (!format) return failed(format.error());
    auto predictor = worker.predictor->get();
    if (!predictor) return failed(predictor.error());
    if (!worker.detector) worker.detector = std::make_unique<FaceDetector>();
    auto face = find_largest_face(*photo, *worker.detector, **predictor, job.input);
    if (!face) return no_face(face.error());
    if (auto ready = ensure_renderer(worker); !ready) return failed(ready.error());
    auto preview = worker.renderer->render_photo(*photo, face->landmarks, settings.preview);
    if (!preview) return failed(preview.error());

    std::vector<std::uint8_t> encoded;
    if (!cv::imencode(*format, preview->image, encoded))
        return failed(runtime_error(job.output.string(), "image encoding failed"));
    // Both files are written before either is published, so a failure leaves neither.
    std::vector<FileToSave> files{{job.output, encoded}};
    std::string report;
    if (settings.report) {
        report = report_json(*preview, settings.preview.design, *photo, face->faces_found).dump(2) + "\n";
        files.push_back({*settings.report, text_bytes(report)});
    }
    if (auto saved = save_files_atomic(files, {settings.overwrite}); !saved) return failed(saved.error());
    JobOutcome outcome;
    outcome.status = JobStatus::Ok;
    outcome.frames = outcome.frames_with_face = 1;
    return outcome;
}

// Per video: the dot field (regenerated only when the fitted head changes
// size), the skin tone of the first face, and a GrabCut head mask made every
// 30 frames and carried along by the face's 2D motion in between.
class VideoSceneState {
public:
    FrameScene update(const Frame& frame, const TrackResult& result, const Design& design, PreviewRenderer& renderer) {
        FrameScene scene;
        if (!result.face) {
            mask_.release();
            return scene;
        }
        const TrackedFace& face = *result.face;
        if (!field_half_width_ || std::abs(face.fit.head.half_width_mm - *field_half_width_) >= 3.0) {
            renderer.set_dot_field(generate_dot_field(ScalpChart(face.fit.head), design.seed));
            field_half_width_ = face.fit.head.half_width_mm;
        }
        if (!tone_) tone_ = estimate_skin_tone(frame.bgr, face.landmarks);
        const RigidPose2D now = fit_rigid_2d(face.landmarks);
        if (mask_.empty() || frame.index - mask_frame_ >= 30) {
            mask_frame_ = frame.index;
            const auto mask = estimate_head_mask(frame.bgr, face.landmarks, face.fit);
            mask_ = mask ? mask->alpha : cv::Mat();
            mask_pose_ = now;
        }
        scene.fit = &face.fit;
        scene.landmarks = &face.landmarks;
        scene.skin_tone = tone_;
        if (!mask_.empty()) scene.head_mask = carry_head_mask(mask_, mask_pose_, now, frame.bgr.size());
        return scene;
    }

private:
    std::optional<double> field_half_width_;
    std::optional<SkinTone> tone_;
    cv::Mat mask_;
    RigidPose2D mask_pose_;
    std::int64_t mask_frame_ = 0;
};

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
    static const std::set<std::string> containers{".mp4", ".mkv", ".avi", ".mov"};
    if (!containers.count(lower_extension(job.output)))
        return failed(bad_input(job.output.string(), "a video renders to a video: the output must end in .mp4, .mkv, .avi or .mov"));

    auto predictor = worker.predictor->get();
    if (!predictor) return failed(predictor.error());
    if (auto ready = ensure_renderer(worker); !ready) return failed(ready.error());
    TrackerParams params;
    params.wait_for_detector = true;  // offline: results must not depend on machine speed
    Tracker tracker(*predictor, params);
    tracker.set_design(settings.preview.design);
    auto file = AtomicWriter::open(job.output, {settings.overwrite});
    if (!file) return failed(file.error());

    VideoSceneState state;
    cv::VideoWriter writer;
    JobOutcome outcome;
    outcome.status = JobStatus::Ok;
    for (;;) {
        auto frame = (*source)->next();
        if (!frame) return failed(frame.error());
        if (!frame->has_value()) break;
        const TrackResult result = tracker.process(**frame);
        const FrameScene scene = state.update(**frame, result, settings.preview.design, *worker.renderer);
        cv::Mat image = worker.renderer->render_frame((*frame)->bgr, scene, settings.preview);
        // 4:2:0 video needs even sides.
        cv::copyMakeBorder(image, image, 0, image.rows % 2, 0, image.cols % 2, cv::BORDER_REPLICATE);
        if (!writer.isOpened() && !open_video_writer(writer, (*file)->temp_path(), (*source)->nominal_fps(), image.size()))
            return failed(runtime_error(job.output.string(), "no video encoder (FFmpeg) could be opened"));
        writer.write(image);
        ++outcome.frames;
        outcome.frames_with_face += result.face.has_value();
    }
    writer.release();
    if (outcome.frames == 0) return failed(bad_input(job.input, "has no frames"));
    if (outcome.frames_with_face == 0) return no_face(runtime_error(job.input, "no face found in any frame"));
    if (auto committed = (*file)->commit(); !committed) return failed(committed.error());
    return outcome;
}


enum class InputKind { Photo, Video, Other };

InputKind kind_of(const std::filesystem::path& path) {
    static const std::set<std::string> photos{".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"};
    static const std::set<std::string> videos{".mp4", ".mov", ".m4v", ".3gp", ".mkv", ".webm", ".avi", ".ts", ".mts"};
    // Content first: a video named .jpg is still a video.
    if (auto sniffed = sniff_path(path.string())) {
        if (is_still_image(*sniffed)) return InputKind::Photo;
        if (is_video(*sniffed)) return InputKind::Video;
    }
    const std::string ext = lower_extension(path);
    if (photos.count(ext)) return InputKind::Photo;
    if (videos.count(ext)) return InputKind::Video;
    return InputKind::Other;
}

}  // namespace

Result<std::shared_ptr<const LandmarkPredictor>> SharedPredictor::get() {
    std::call_once(once_, [this] { loaded_.emplace(load_landmark_predictor(model_path_)); });
    return *loaded_;
}

RenderJob make_render_job(const std::string& input, std::filesystem::path output) {
    return {input, std::move(output), !looks_like_url(input) && kind_of(input) == InputKind::Video};
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
            const InputKind kind = kind_of(path);
            if (kind == InputKind::Other) ++plan.ignored;
            else add(path.string(), kind == InputKind::Video);
        }
    }
    return plan;
}

}  // namespace hairline::app
