#pragma once
// Frame sources behind one interface: video file, still image or image
// folder, camera ("cam:N", V4L2 through OpenCV), and the bundled demo
// ("demo": the demo photo moving like a head). One reader per source; not
// copyable (two readers on one camera make no sense).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/io/image_loader.h"

namespace hairline {

struct Frame {
    cv::Mat bgr;              // 8-bit BGR, owned
    double t_ms = 0.0;        // presentation time from the source's start
    std::int64_t index = 0;   // 0, 1, 2... in delivery order
};

class FrameSource {
public:
    virtual ~FrameSource() = default;
    FrameSource() = default;
    FrameSource(const FrameSource&) = delete;
    FrameSource& operator=(const FrameSource&) = delete;

    // ensures: the next frame; nullopt at the end of a file or folder;
    //          Runtime error when a camera stops delivering.
    virtual Result<std::optional<Frame>> next() = 0;
    // Live sources (camera, demo) run in real time: the consumer must not
    // fall behind by waiting on slow work.
    virtual bool live() const = 0;
    virtual double nominal_fps() const = 0;
    // How many frames the source says it has (a video file's container); nullopt: unknown or endless.
    virtual std::optional<std::int64_t> frame_count() const { return std::nullopt; }
    virtual std::string description() const = 0;  // "camera 0", "demo", "video 1280x720"
};

struct SourceOptions {
    int width = 1280;            // camera request and demo frame size
    int height = 720;
    double demo_fps = 30.0;
    std::optional<std::int64_t> max_frames;  // stop after this many
    ImageLimits image_limits{};
};

// Limits FFmpeg to the file protocol (never the network) and silences its
// log. open_frame_source
// calls it; programs that open videos from several threads call it first,
// from the main thread.
void restrict_video_to_local_files();

// spec: "demo", "cam:N", or a path to a video, an image or a folder of images.
// ensures: an open source, or BadInput naming the spec (no such file, not a
//          video or image, a URL) / Runtime (camera cannot be opened).
Result<std::unique_ptr<FrameSource>> open_frame_source(const std::string& spec, const SourceOptions& options = {});

}  // namespace hairline
