// Batch rendering (folders, several photos and videos, bad files skipped)
// and saving when the disk is full or read-only.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <set>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "tests/support/test_support.h"

using hairline::test::run_command;
using hairline::test::run_hairline;
using hairline::test::TempDir;

namespace {

const std::string kDemo = hairline::test::source_path("assets/astronaut.png");

std::set<std::string> listing(const std::filesystem::path& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// The demo photo sliding sideways: a face on every frame.
void write_clip(const std::filesystem::path& path, int frames) {
    const cv::Mat photo = cv::imread(kDemo);
    cv::VideoWriter writer(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 30.0,
                           cv::Size(480, 480));
    REQUIRE(writer.isOpened());
    for (int i = 0; i < frames; ++i) {
        const cv::Matx23d shift(1, 0, -16 + i, 0, 1, -16);
        cv::Mat frame;
        cv::warpAffine(photo, frame, cv::Mat(shift), cv::Size(480, 480), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        writer.write(frame);
    }
}

}  // namespace

TEST_CASE("render: a batch renders photos and videos into a private folder, skipping bad files", "[e2e]") {
    TempDir dir;
    const auto in = dir / "in";
    std::filesystem::create_directory(in);
    std::filesystem::copy_file(kDemo, in / "client.png");
    cv::imwrite((in / "client-jpeg.jpg").string(), cv::imread(kDemo));
    cv::imwrite((in / "wall.png").string(), cv::Mat(300, 300, CV_8UC3, cv::Scalar(128, 128, 128)));  // no face
    std::ofstream(in / "cut.jpg", std::ios::binary) << "\xFF\xD8\xFF\xE0\x00\x10JFIF";                  // truncated
    std::ofstream(in / "notes.txt") << "consent form scanned separately\n";                            // not an input
    write_clip(in / "turn.mp4", 12);
    const auto out = dir / "previews";

    const auto r = run_hairline({"render", in.string(), "-o", out.string(), "--jobs", "2"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);  // one failed, one without a face
    CHECK(r.out.find("3 succeeded, 1 failed, 1 had no face (5 inputs, 2 workers") != std::string::npos);
    CHECK(r.out.find("1 other files ignored") != std::string::npos);
    CHECK(r.err.find("failed: " + (in / "cut.jpg").string() + ": truncated") != std::string::npos);
    CHECK(r.err.find("no face: " + (in / "wall.png").string() + ": no face found") != std::string::npos);
    CHECK(listing(out) == std::set<std::string>{"client.png", "client-jpeg.png", "turn.mp4"});
    CHECK(hairline::test::file_mode(out) == 0700);
    CHECK(hairline::test::file_mode(out / "client.png") == 0600);
    CHECK(hairline::test::file_mode(out / "turn.mp4") == 0600);
    CHECK(cv::imread((out / "client.png").string()).size() == cv::Size(512, 512));

    cv::VideoCapture video((out / "turn.mp4").string(), cv::CAP_FFMPEG);
    REQUIRE(video.isOpened());
    int frames = 0;
    cv::Mat frame;
    while (video.read(frame)) {
        CHECK(frame.size() == cv::Size(480, 480));
        ++frames;
    }
    CHECK(frames == 12);

    // Again: nothing is replaced, each is reported, the exit code says so.
    const auto sizes_before = std::filesystem::file_size(out / "client.png");
    const auto again = run_hairline({"render", (in / "client.png").string(), (in / "turn.mp4").string(), "-o", out.string()});
    CHECK(again.exit_code == 1);
    CHECK(again.out.find("0 succeeded, 2 failed") != std::string::npos);
    CHECK(again.err.find("already exists") != std::string::npos);
    CHECK(std::filesystem::file_size(out / "client.png") == sizes_before);
    CHECK(listing(out).size() == 3);

    const auto forced = run_hairline({"render", (in / "client.png").string(), "-o", out.string() + "/", "--overwrite"});
    CHECK(forced.exit_code == 0);
    CHECK(forced.out.find("1 succeeded, 0 failed, 0 had no face") != std::string::npos);
}

TEST_CASE("render: a video in a batch reports its frames as it goes", "[e2e]") {
    TempDir dir;
    const auto in = dir / "in";
    std::filesystem::create_directories(in);
    write_clip(in / "long.mp4", 60);
    std::filesystem::copy_file(kDemo, in / "still.png");
    const auto r = run_hairline({"render", in.string(), "-o", (dir / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Not a terminal: a line every tenth of the video (at most every 15 frames).
    for (const char* line : {"long.mp4: frame 15 of 60", "long.mp4: frame 30 of 60", "long.mp4: frame 60 of 60"})
        CHECK(r.err.find(line) != std::string::npos);
    CHECK(r.err.find("ok: ") != std::string::npos);
}

TEST_CASE("render: one video in, one preview video out with every frame", "[e2e]") {
    TempDir dir;
    write_clip(dir / "clip.mp4", 8);
    const auto r = run_hairline({"render", (dir / "clip.mp4").string(), "-o", (dir / "preview.mp4").string(),
                                 "--compare", "side"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err == "hairline render: 8 frames, face on 8\n");
    cv::VideoCapture video((dir / "preview.mp4").string(), cv::CAP_FFMPEG);
    REQUIRE(video.isOpened());
    CHECK(video.get(cv::CAP_PROP_FRAME_WIDTH) == 960);  // before | after
    CHECK(video.get(cv::CAP_PROP_FRAME_COUNT) == 8);

    const auto wrong = run_hairline({"render", (dir / "clip.mp4").string(), "-o", (dir / "preview.png").string()});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("a video renders to a video") != std::string::npos);
    CHECK_FALSE(hairline::test::file_exists(dir / "preview.png"));
}

// A small tmpfs stands in for a full disk and a read-only one. Mounting
// needs root with CAP_SYS_ADMIN; elsewhere the unit test of the same writer
// (RLIMIT_FSIZE) still covers the full-disk path.
TEST_CASE("render: a full or read-only disk fails cleanly and keeps what was there", "[e2e]") {
    TempDir dir;
    const auto disk = dir / "disk";
    std::filesystem::create_directory(disk);
    if (::geteuid() != 0 || run_command({"/usr/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.string()}).exit_code != 0) {
        WARN("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): full-disk e2e check skipped");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { run_command({"/usr/bin/umount", path}); }
    } unmount{disk.string()};

    std::ofstream(disk / "earlier.png") << "an earlier preview";
    const auto full = run_hairline({"render", kDemo, "-o", (disk / "new.png").string()});
    INFO(full.err);
    CHECK(full.exit_code == 1);
    CHECK(full.err.find("No space left on device") != std::string::npos);
    CHECK(hairline::test::line_count(full.err) == 1);
    CHECK(listing(disk) == std::set<std::string>{"earlier.png"});  // nothing partial, no temp file

    const auto replace = run_hairline({"render", kDemo, "-o", (disk / "earlier.png").string(), "--overwrite"});
    CHECK(replace.exit_code == 1);
    std::ifstream kept(disk / "earlier.png");
    std::string text;
    std::getline(kept, text);
    CHECK(text == "an earlier preview");

    REQUIRE(run_command({"/usr/bin/mount", "-o", "remount,ro", disk.string()}).exit_code == 0);
    const auto read_only = run_hairline({"render", kDemo, "-o", (disk / "new.png").string()});
    CHECK(read_only.exit_code == 1);
    CHECK(read_only.err.find("Read-only file system") != std::string::npos);
    CHECK(listing(disk) == std::set<std::string>{"earlier.png"});
}
