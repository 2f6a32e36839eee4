#pragma once
// `hairline render` work items: which inputs become which outputs, and
// running one of them (a photo -> PNG, a video -> MP4) on a worker that owns
// its detector and GL renderer.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.h"
#include "engine/preview/headless_preview.h"
#include "engine/io/image_loader.h"
#include "engine/track/face_detector.h"
#include "engine/track/landmark_predictor.h"

namespace hairline::app {

struct RenderJob {
    std::string input;
    std::filesystem::path output;
    bool video = false;
};

struct RenderSettings {
    Design design;
    ImageOptions image;
    ImageLimits limits;
    bool overwrite = false;
    std::optional<std::int64_t> max_video_frames;
    std::optional<std::string> report;  // one photo or one video: what was measured, as JSON
    // Videos: called every few frames with frames done and the container's
    // frame count (nullopt when it does not say); empty: no progress shown.
    std::function<void(const RenderJob&, std::int64_t done, std::optional<std::int64_t> total)> on_video_frames;
};

enum class JobStatus { Ok, NoFace, Failed };

struct JobOutcome {
    JobStatus status = JobStatus::Failed;
    std::optional<Error> error;        // when not Ok
    std::int64_t frames = 0;           // videos: frames written
    std::int64_t frames_with_face = 0;
    double seconds = 0;
    std::vector<std::string> notices;  // photos: what the preview says about the picture
};

// The landmark model, loaded once on first use from whichever worker needs
// it first (a bad input fails before the half-second load).
class SharedPredictor {
public:
    explicit SharedPredictor(std::optional<std::string> model_path) : model_path_(std::move(model_path)) {}
    Result<std::shared_ptr<const LandmarkPredictor>> get();

private:
    std::optional<std::string> model_path_;
    std::once_flag once_;
    std::optional<Result<std::shared_ptr<const LandmarkPredictor>>> loaded_;
};

// What a worker thread owns; the detector and GL renderer are made when a
// job first needs them.
struct RenderWorker {
    SharedPredictor* predictor = nullptr;
    std::unique_ptr<FaceDetector> detector;
    std::unique_ptr<HeadlessPreview> renderer;
};

// Which job an input is (a video by its content, or by its extension when
// unreadable; the job then reports why).
RenderJob make_render_job(const std::string& input, std::filesystem::path output);

JobOutcome run_render_job(const RenderJob& job, RenderWorker& worker, const RenderSettings& settings);

// Batch planning. Folders are read one level deep, in name order; their
// files that are neither photos nor videos (by extension and by content)
// are counted in `ignored`, hidden files skipped. Each output is
// OUTDIR/<stem>.png (photos) or .mp4 (videos), "-2", "-3"... when two inputs
// share a stem. URLs and missing paths stay in as jobs: they fail with a
// clear message like any other bad file.
struct BatchPlan {
    std::vector<RenderJob> jobs;
    std::int64_t ignored = 0;
    std::vector<Error> unreadable_folders;  // count as failed
};
BatchPlan plan_batch(const std::vector<std::string>& inputs, const std::filesystem::path& out_dir);

}  // namespace hairline::app
