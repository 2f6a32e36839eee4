// The FrameSource implementations and open_frame_source().

#include <algorithm>
#include <mutex>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <opencv2/videoio.hpp>

#include "engine/capture/demo_motion.h"
#include "engine/capture/demo_photo.h"
#include "engine/capture/frame_source.h"
#include "engine/io/local_file.h"
#include "engine/io/media_types.h"
#include "engine/io/video_orientation.h"

namespace hairline {
namespace {

class DemoSource final : public FrameSource {
public:
    explicit DemoSource(const SourceOptions& options) : options_(options), photo_(demo_photo()) {
        motion_.photo_size = photo_.size();
        motion_.frame_size = {options.width, options.height};
        // The photo fills about the frame height, like a face at a webcam.
        motion_.base_scale = 1.35 * options.height / 720.0;
        canvas_ = demo_canvas(photo_, motion_.frame_size, motion_.base_scale * (1.0 - motion_.zoom_fraction));
    }
    Result<std::optional<Frame>> next() override {
        if (options_.max_frames && index_ >= *options_.max_frames) return std::optional<Frame>{};
        Frame frame;
        frame.index = index_++;
        frame.t_ms = 1000.0 * static_cast<double>(frame.index) / options_.demo_fps;
        frame.bgr = render_moved_photo(canvas_, motion_.transform_at(frame.t_ms / 1000.0), motion_.frame_size);
        return std::optional<Frame>(std::move(frame));
    }
    bool live() const override { return true; }
    double nominal_fps() const override { return options_.demo_fps; }
    std::string description() const override { return "demo"; }

private:
    SourceOptions options_;
    cv::Mat photo_;
    DemoCanvas canvas_;
    DemoMotion motion_;
    std::int64_t index_ = 0;
};

class ImageListSource final : public FrameSource {
public:
    // first: the first image, already loaded (a single still is checked at
    // open, before the caller spends a second loading the model).
    ImageListSource(std::vector<std::string> paths, const SourceOptions& options, cv::Mat first = {})
        : paths_(std::move(paths)), options_(options), first_(std::move(first)) {}
    Result<std::optional<Frame>> next() override {
        if (index_ >= static_cast<std::int64_t>(paths_.size()) ||
            (options_.max_frames && index_ >= *options_.max_frames))
            return std::optional<Frame>{};
        cv::Mat bgr = std::move(first_);
        first_ = cv::Mat();
        if (bgr.empty()) {
            auto image = load_image(paths_[static_cast<std::size_t>(index_)], options_.image_limits);
            if (!image) return image.error();
            bgr = std::move(*image);
        }
        Frame frame{std::move(bgr), 1000.0 * static_cast<double>(index_) / 30.0, index_};
        ++index_;
        return std::optional<Frame>(std::move(frame));
    }
    bool live() const override { return false; }
    double nominal_fps() const override { return 30.0; }
    std::string description() const override {
        return paths_.size() == 1 ? "image" : std::to_string(paths_.size()) + " images";
    }

private:
    std::vector<std::string> paths_;
    SourceOptions options_;
    cv::Mat first_;
    std::int64_t index_ = 0;
};

class VideoFileSource final : public FrameSource {
public:
    VideoFileSource(cv::VideoCapture capture, VideoOrientation orientation, const SourceOptions& options)
        : capture_(std::move(capture)), orientation_(orientation), options_(options) {
        fps_ = capture_.get(cv::CAP_PROP_FPS);
        if (!(fps_ > 1.0 && fps_ < 1000.0)) fps_ = 30.0;
        const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
        frame_count_ = count > 0 && count < 1e9 ? static_cast<std::int64_t>(count) : 0;
    }
    Result<std::optional<Frame>> next() override {
        if (options_.max_frames && index_ >= *options_.max_frames) return std::optional<Frame>{};
        Frame frame;
        // A broken frame in the middle (damaged file) is skipped while the
        // container says more follow; a run of them, or the end, ends it.
        for (int broken = 0;; ++broken) {
            bool ok = false;
            try {
                ok = capture_.read(frame.bgr) && !frame.bgr.empty();
            } catch (const cv::Exception&) {
                ok = false;
            }
            if (ok) break;
            if (broken >= kMaxBrokenFrames || index_ + 1 >= frame_count_) return std::optional<Frame>{};
            ++index_;
        }
        if (static_cast<std::int64_t>(frame.bgr.total()) > options_.image_limits.max_pixels)
            return bad_input("video", "frames are larger than the pixel limit");
        frame.bgr = turn_upright(frame.bgr, orientation_);
        frame.index = index_++;
        frame.t_ms = 1000.0 * static_cast<double>(frame.index) / fps_;
        return std::optional<Frame>(std::move(frame));
    }
    bool live() const override { return false; }
    double nominal_fps() const override { return fps_; }
    std::optional<std::int64_t> frame_count() const override {
        if (frame_count_ <= 0) return std::nullopt;
        return options_.max_frames ? std::min(frame_count_, *options_.max_frames) : frame_count_;
    }
    std::string description() const override { return "video"; }

private:
    static constexpr int kMaxBrokenFrames = 60;
    cv::VideoCapture capture_;
    VideoOrientation orientation_;  // how the stored frames are turned to be seen
    SourceOptions options_;
    double fps_ = 30.0;
    std::int64_t frame_count_ = 0;  // as the container says; 0: unknown
    std::int64_t index_ = 0;
};

class CameraSource final : public FrameSource {
public:
    CameraSource(cv::VideoCapture capture, int id, const SourceOptions& options)
        : capture_(std::move(capture)), id_(id), options_(options), start_(cv::getTickCount()) {}
    Result<std::optional<Frame>> next() override {
        if (options_.max_frames && index_ >= *options_.max_frames) return std::optional<Frame>{};
        Frame frame;
        bool ok = false;
        try {
            ok = capture_.read(frame.bgr) && !frame.bgr.empty();
        } catch (const cv::Exception&) {
            ok = false;
        }
        if (!ok) return runtime_error("camera " + std::to_string(id_), "stopped delivering frames");
        frame.index = index_++;
        frame.t_ms = 1000.0 * static_cast<double>(cv::getTickCount() - start_) / cv::getTickFrequency();
        return std::optional<Frame>(std::move(frame));
    }
    bool live() const override { return true; }
    double nominal_fps() const override {
        const double fps = capture_.get(cv::CAP_PROP_FPS);
        return fps > 1.0 && fps < 1000.0 ? fps : 30.0;
    }
    std::string description() const override { return "camera " + std::to_string(id_); }

private:
    cv::VideoCapture capture_;
    int id_;
    SourceOptions options_;
    std::int64_t start_;
    std::int64_t index_ = 0;
};

Result<std::unique_ptr<FrameSource>> open_camera(const std::string& spec, const SourceOptions& options) {
    const std::string number = spec.substr(4);
    if (number.empty() || number.size() > 3 || !std::all_of(number.begin(), number.end(), ::isdigit))
        return bad_input(spec, "camera must be cam:N with N a device number, e.g. cam:0");
    const int id = std::stoi(number);
    cv::VideoCapture capture;
    try {
        capture.open(id, cv::CAP_V4L2);
    } catch (const cv::Exception&) {
    }
    if (!capture.isOpened()) return runtime_error("camera " + number, "cannot be opened (no such device or busy)");
    capture.set(cv::CAP_PROP_FRAME_WIDTH, options.width);
    capture.set(cv::CAP_PROP_FRAME_HEIGHT, options.height);
    return std::unique_ptr<FrameSource>(new CameraSource(std::move(capture), id, options));
}

Result<std::unique_ptr<FrameSource>> open_video(const std::string& path, const SourceOptions& options) {
    restrict_video_to_local_files();
    cv::VideoCapture capture;
    // Timeouts bound FFmpeg's probing of a hostile file (it otherwise waits
    // on streams that never deliver).
    const std::vector<int> params{cv::CAP_PROP_OPEN_TIMEOUT_MSEC, 5000, cv::CAP_PROP_READ_TIMEOUT_MSEC, 5000};
    try {
        capture.open(path, cv::CAP_FFMPEG, params);
    } catch (const cv::Exception&) {
    }
    if (!capture.isOpened()) return bad_input(path, "cannot be opened as a video");
    // Phones store portrait video sideways with a display matrix. Frames are
    // turned upright by it as ffmpeg's player turns them (next()); OpenCV's
    // own turning is off, as 4.6 turns +90 and -90 clips the other way.
    capture.set(cv::CAP_PROP_ORIENTATION_AUTO, 0.0);
    auto orientation = read_video_orientation(path);
    if (!orientation) return orientation.error();
    const double width = capture.get(cv::CAP_PROP_FRAME_WIDTH), height = capture.get(cv::CAP_PROP_FRAME_HEIGHT);
    if (!(width >= 1 && height >= 1)) return bad_input(path, "video declares no picture size");
    if (width * height > static_cast<double>(options.image_limits.max_pixels)) {
        // Said the way up the user sees them. (OpenCV reads the sizes from int fields.)
        const cv::Size seen = upright_size(cv::Size(static_cast<int>(width), static_cast<int>(height)), *orientation);
        return bad_input(path, "video frames are " + std::to_string(seen.width) + "x" + std::to_string(seen.height) +
                                   ", over the pixel limit (--max-pixels)");
    }
    return std::unique_ptr<FrameSource>(new VideoFileSource(std::move(capture), *orientation, options));
}

}  // namespace

void restrict_video_to_local_files() {
    // Only local files reach FFmpeg: paths are checked to be regular files,
    // and FFmpeg's own protocols are limited to files too, so a playlist or a
    // container's data reference cannot open a network stream. Set once,
    // before the first open, as setenv is not safe alongside other threads.
    static std::once_flag once;
    std::call_once(once, [] {
        ::setenv("OPENCV_FFMPEG_CAPTURE_OPTIONS", "protocol_whitelist;file", 1);
        // FFmpeg's own messages are multi-line and can echo file contents;
        // hairline reports one line of its own instead. (-8: AV_LOG_QUIET)
        ::setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", 1);
    });
}

Result<std::unique_ptr<FrameSource>> open_frame_source(const std::string& spec, const SourceOptions& options) {
    if (spec == "demo") return std::unique_ptr<FrameSource>(new DemoSource(options));
    if (spec.rfind("cam:", 0) == 0) return open_camera(spec, options);
    if (looks_like_url(spec)) return bad_input(spec, "network sources are refused: hairline reads local files only");

    std::error_code ec;
    if (std::filesystem::is_directory(spec, ec)) {
        std::vector<std::string> paths;
        for (const auto& entry : std::filesystem::directory_iterator(spec, ec))
            if (entry.is_regular_file(ec) && media_kind_of_name(entry.path()) == MediaKind::Photo) paths.push_back(entry.path().string());
        if (paths.empty()) return bad_input(spec, std::string("folder holds no images (") + kPhotoNamesForHumans + ")");
        std::sort(paths.begin(), paths.end());
        return std::unique_ptr<FrameSource>(new ImageListSource(std::move(paths), options));
    }
    auto kind = sniff_path(spec);
    if (!kind) return kind.error();
    if (*kind == FileKind::Empty) return bad_input(spec, "is empty (0 bytes)");
    if (is_still_image(*kind)) {
        auto image = load_image(spec, options.image_limits);
        if (!image) return image.error();
        return std::unique_ptr<FrameSource>(new ImageListSource({spec}, options, std::move(*image)));
    }
    if (is_video(*kind)) return open_video(spec, options);
    return bad_input(spec, std::string("is ") + std::string(describe(*kind)) + ", not a video or image");
}

}  // namespace hairline
