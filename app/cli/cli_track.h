#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/shared/options.h"

namespace hairline::app {

struct TrackArgs {
    std::string input;  // video, image, folder, cam:N or demo
    std::string jsonl;
    DesignArgs design;
    std::optional<std::string> model;
    std::int64_t max_pixels = 40'000'000;
    std::optional<std::int64_t> frames;
    bool overwrite = false;
    int naive_upsample = 1;  // with naive: the detector on the frame at this many times its size
    bool naive = false;  // dlib on every full frame, no smoothing: for comparison
};

void add_track_command(CLI::App& app, TrackArgs& args);
int run_track(const TrackArgs& args);

struct BenchArgs {
    std::string input;
    std::int64_t frames = 300;
    std::optional<std::string> model;
    std::int64_t max_pixels = 40'000'000;
};

void add_bench_command(CLI::App& app, BenchArgs& args);
int run_bench(const BenchArgs& args);

// Frames to read when the source has no end of its own (camera, demo).
inline constexpr std::int64_t kDefaultLiveFrames = 300;

}  // namespace hairline::app
