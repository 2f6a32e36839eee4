#include "engine/io/audio_remux.h"

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace hairline {
namespace {

struct InputCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
using Input = std::unique_ptr<AVFormatContext, InputCloser>;

struct OutputCloser {
    void operator()(AVFormatContext* c) const {
        if (c && c->pb && !(c->oformat->flags & AVFMT_NOFILE)) avio_closep(&c->pb);
        avformat_free_context(c);
    }
};
using Output = std::unique_ptr<AVFormatContext, OutputCloser>;

struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};

Input open_input(const std::filesystem::path& path) {
    AVFormatContext* raw = nullptr;
    // Only local files reach here (sniffed and opened as files before).
    if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) return Input{};
    Input in(raw);
    if (avformat_find_stream_info(in.get(), nullptr) < 0) return Input{};
    return in;
}

int first_stream(const AVFormatContext* c, AVMediaType type) {
    for (unsigned i = 0; i < c->nb_streams; ++i)
        if (c->streams[i]->codecpar->codec_type == type) return static_cast<int>(i);
    return -1;
}

}  // namespace

bool has_audio_stream(const std::filesystem::path& path) {
    const Input in = open_input(path);
    return in && first_stream(in.get(), AVMEDIA_TYPE_AUDIO) >= 0;
}

Status mux_audio(const std::filesystem::path& pictures, const std::filesystem::path& sound, const std::filesystem::path& out) {
    const std::string where = out.filename().string();
    const Input video = open_input(pictures), audio = open_input(sound);
    if (!video || !audio) return runtime_error(where, "cannot reopen the video to add its sound");
    const int vi = first_stream(video.get(), AVMEDIA_TYPE_VIDEO), ai = first_stream(audio.get(), AVMEDIA_TYPE_AUDIO);
    if (vi < 0 || ai < 0) return runtime_error(where, "no video or no audio stream to put together");

    AVFormatContext* raw = nullptr;
    if (avformat_alloc_output_context2(&raw, nullptr, nullptr, out.c_str()) < 0 || !raw)
        return runtime_error(where, "no container for this output");
    Output mux(raw);
    AVStream* vs = avformat_new_stream(mux.get(), nullptr);
    AVStream* as = avformat_new_stream(mux.get(), nullptr);
    if (!vs || !as) return runtime_error(where, "out of memory");
    if (avcodec_parameters_copy(vs->codecpar, video->streams[vi]->codecpar) < 0 ||
        avcodec_parameters_copy(as->codecpar, audio->streams[ai]->codecpar) < 0)
        return runtime_error(where, "cannot copy the streams' parameters");
    vs->codecpar->codec_tag = 0;
    as->codecpar->codec_tag = 0;
    if (avformat_query_codec(mux->oformat, as->codecpar->codec_id, FF_COMPLIANCE_NORMAL) != 1)
        return runtime_error(where, "this container cannot hold the input's audio codec");
    vs->time_base = video->streams[vi]->time_base;
    as->time_base = audio->streams[ai]->time_base;
    if (avio_open(&mux->pb, out.c_str(), AVIO_FLAG_WRITE) < 0) return runtime_error(where, "cannot write");
    if (avformat_write_header(mux.get(), nullptr) < 0) return runtime_error(where, "cannot write the container header");

    const double video_seconds = video->duration > 0 ? static_cast<double>(video->duration) / AV_TIME_BASE : 1e30;
    // One packet ahead from each input; the earlier goes first, so the
    // muxer interleaves without holding the whole video in memory.
    struct Lane {
        AVFormatContext* from;
        int index;
        AVStream* to;
        std::unique_ptr<AVPacket, PacketFree> packet{av_packet_alloc()};
        bool has = false, done = false;
        double seconds = 0;
    };
    Lane lanes[2] = {{video.get(), vi, vs}, {audio.get(), ai, as}};
    auto refill = [&](Lane& lane) {
        while (!lane.has && !lane.done) {
            if (av_read_frame(lane.from, lane.packet.get()) < 0) {
                lane.done = true;
                break;
            }
            if (lane.packet->stream_index != lane.index) {
                av_packet_unref(lane.packet.get());
                continue;
            }
            const AVRational tb = lane.from->streams[lane.index]->time_base;
            const std::int64_t ts = lane.packet->dts != AV_NOPTS_VALUE ? lane.packet->dts : lane.packet->pts;
            lane.seconds = ts != AV_NOPTS_VALUE ? static_cast<double>(ts) * av_q2d(tb) : lane.seconds;
            // Sound past the pictures' end is dropped.
            if (&lane == &lanes[1] && lane.seconds > video_seconds) {
                av_packet_unref(lane.packet.get());
                lane.done = true;
                break;
            }
            lane.has = true;
        }
    };
    for (;;) {
        refill(lanes[0]);
        refill(lanes[1]);
        Lane* next = nullptr;
        for (Lane& lane : lanes)
            if (lane.has && (!next || lane.seconds < next->seconds)) next = &lane;
        if (!next) break;
        av_packet_rescale_ts(next->packet.get(), next->from->streams[next->index]->time_base, next->to->time_base);
        next->packet->stream_index = next->to->index;
        next->packet->pos = -1;
        next->has = false;
        if (av_interleaved_write_frame(mux.get(), next->packet.get()) < 0) return runtime_error(where, "cannot write a packet");
    }
    if (av_write_trailer(mux.get()) < 0) return runtime_error(where, "cannot finish the file");
    return ok_status();
}

}  // namespace hairline
