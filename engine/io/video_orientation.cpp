#include "engine/io/video_orientation.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>

#include <opencv2/core.hpp>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/display.h>
}

namespace hairline {
namespace {

// Bounds libavformat's reading of a hostile header, as OpenCV's open does
// (frame_sources.cpp gives it the same 5 s).
constexpr std::chrono::seconds kHeaderTimeout{5};

struct Deadline {
    std::chrono::steady_clock::time_point at;
};

int past_deadline(void* opaque) {
    return std::chrono::steady_clock::now() > static_cast<const Deadline*>(opaque)->at ? 1 : 0;
}

struct InputCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};

// avformat_open_input takes the options by AVDictionary** and leaves the
// unused ones behind; this frees what is left on every path out.
struct OpenOptions {
    AVDictionary* dict = nullptr;
    OpenOptions() = default;
    OpenOptions(const OpenOptions&) = delete;
    OpenOptions& operator=(const OpenOptions&) = delete;
    ~OpenOptions() { av_dict_free(&dict); }
};

}  // namespace

VideoOrientation orientation_from_display_matrix(const DisplayMatrix& matrix) {
    // fftools get_rotation(): av_display_rotation_get() gives the matrix's
    // counter-clockwise turn; its negation, in [0, 360), is the clockwise
    // turn that shows the frame upright (NaN for a singular matrix).
    const double ccw_deg = av_display_rotation_get(matrix.data());
    if (!std::isfinite(ccw_deg)) return {};
    double cw_deg = -std::round(ccw_deg);
    cw_deg -= 360.0 * std::floor(cw_deg / 360.0 + 0.9 / 360.0);
    const long quarter_turns = std::lround(cw_deg / 90.0) % 4;
    // The filters ffmpeg_filter.c inserts for each quarter, with the signs
    // it reads a mirror from: transpose=clock, or cclock_flip (a plain
    // transpose: 90° clockwise, then mirrored) when the matrix mirrors; hflip
    // and/or vflip at 180°; transpose=cclock, or clock_flip; vflip at 0°.
    switch (quarter_turns) {
    case 1: return {90, matrix[3] > 0};
    case 2: {
        const bool hflip = matrix[0] < 0, vflip = matrix[4] < 0;
        if (hflip && vflip) return {180, false};
        if (vflip) return {180, true};  // a vertical mirror is a half turn, then a horizontal one
        return {0, hflip};
    }
    case 3: return {270, matrix[3] < 0};
    default: return matrix[4] < 0 ? VideoOrientation{180, true} : VideoOrientation{};
    }
}

cv::Mat turn_upright(const cv::Mat& stored, VideoOrientation orientation) {
    // Never into a Mat sharing the caller's pixels: a half turn or a mirror
    // would then be done in place, on them.
    cv::Mat turned;
    switch (orientation.rotate_cw_deg) {
    case 90: cv::rotate(stored, turned, cv::ROTATE_90_CLOCKWISE); break;
    case 180: cv::rotate(stored, turned, cv::ROTATE_180); break;
    case 270: cv::rotate(stored, turned, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: turned = stored; break;
    }
    if (!orientation.flip_h) return turned;
    cv::Mat mirrored;
    cv::flip(turned, mirrored, 1);
    return mirrored;
}

cv::Size upright_size(cv::Size stored, VideoOrientation orientation) {
    return orientation.rotate_cw_deg % 180 == 0 ? stored : cv::Size(stored.height, stored.width);
}

Result<VideoOrientation> read_video_orientation(const std::string& path) {
    Deadline deadline{std::chrono::steady_clock::now() + kHeaderTimeout};
    AVFormatContext* raw = avformat_alloc_context();
    if (!raw) return runtime_error(path, "out of memory opening the video");
    raw->interrupt_callback = {past_deadline, &deadline};
    OpenOptions options;
    // Files only: the container cannot send FFmpeg to another protocol. The
    // "file:" prefix keeps a name with a colon in it a file name.
    av_dict_set(&options.dict, "protocol_whitelist", "file", 0);
    // On failure avformat_open_input frees the context itself.
    if (avformat_open_input(&raw, ("file:" + path).c_str(), nullptr, &options.dict) < 0)
        return bad_input(path, "cannot be read as a video (its container header is unreadable)");
    const std::unique_ptr<AVFormatContext, InputCloser> input(raw);

    // The first video stream, the one OpenCV decodes. Only the header is read
    // (no avformat_find_stream_info): MP4/MOV, where display matrices live,
    // declare their streams and matrices there.
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        const AVStream* stream = input->streams[i];
        if (stream->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) continue;
        std::size_t size = 0;
        const std::uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
        if (!data || size < sizeof(DisplayMatrix)) return VideoOrientation{};
        DisplayMatrix matrix;
        std::memcpy(matrix.data(), data, sizeof matrix);
        return orientation_from_display_matrix(matrix);
    }
    return VideoOrientation{};  // streams found only by decoding (MPEG-TS) carry no matrix
}

}  // namespace hairline
