// Portrait phone videos: pixels stored sideways (or upside down) with a
// display matrix saying how to turn them. Each clip is first checked to be
// shown upright by ffmpeg's own decode (which turns frames by the matrix);
// hairline must then see the same upright picture: track the face upright,
// render a portrait video with the sound.

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "engine/io/audio_remux.h"
#include "tests/support/test_support.h"

using hairline::test::run_command;
using hairline::test::run_hairline;
using hairline::test::TempDir;

namespace {

constexpr int kFrames = 40;
const cv::Size kPortrait(360, 640);
// Lossy video against the picture it was made from: mean absolute difference
// per channel, in 8-bit levels. MPEG-4 at these sizes stays near 2; a
// picture turned or mirrored the wrong way is 25 or more away.
constexpr double kSameMaxDiff = 8.0;
constexpr double kOtherWayMinRatio = 3.0;
// The rows the rendered preview leaves as they were: below the face
// (the shaved and tattooed scalp, and the hair, are all higher).
constexpr double kUntouchedFromRow = 0.5;
// Landmarks on a turned clip against the same frame of the upright clip,
// mean distance as a share of the outer eye corners' distance: lossy coding
// of the turned picture moves them by under 1%; a face "found" in a frame
// turned the wrong way is tens of % away (or not found at all).
constexpr double kSameLandmarksMaxShare = 0.05;

// The bundled demo cut to a portrait frame: what the phone saw.
cv::Mat upright_portrait() {
    const cv::Mat photo = cv::imread(hairline::test::source_path("assets/astronaut.png"));
    REQUIRE(!photo.empty());
    cv::Mat portrait;
    cv::resize(photo(cv::Rect(100, 0, 288, 512)), portrait, kPortrait);
    return portrait;
}

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b, double from_row) {
    const cv::Range rows(static_cast<int>(a.rows * from_row), a.rows);
    return cv::norm(a.rowRange(rows), b.rowRange(rows), cv::NORM_L1) / (static_cast<double>(rows.size()) * a.cols * a.channels());
}

// How close `seen` is to `upright`, and to the nearest of the other three
// ways a picture of this shape can lie (upside down, mirrored either way).
struct OrientationMatch {
    double as_upright = 1e9;
    double other_way = 1e9;
};
OrientationMatch match_orientation(const cv::Mat& seen, const cv::Mat& upright, double from_row = 0.0) {
    OrientationMatch m;
    if (seen.size() != upright.size() || seen.type() != upright.type()) return m;
    m.as_upright = mean_abs_diff(seen, upright, from_row);
    for (const int flip : {0, 1, -1}) {
        cv::Mat other;
        cv::flip(upright, other, flip);
        m.other_way = std::min(m.other_way, mean_abs_diff(seen, other, from_row));
    }
    return m;
}

void check_same_way_up(const OrientationMatch& m) {
    INFO("mean difference as upright " << m.as_upright << ", the nearest other way " << m.other_way);
    CHECK(m.as_upright < kSameMaxDiff);
    CHECK(m.other_way > kOtherWayMinRatio * m.as_upright);
}

// The first frame as ffmpeg shows it (ffmpeg turns frames by the display matrix).
cv::Mat ffmpeg_first_frame(const std::filesystem::path& video, const std::filesystem::path& png) {
    const auto r = run_command({"/usr/bin/ffmpeg", "-v", "error", "-i", video.string(), "-frames:v", "1", png.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return cv::imread(png.string());
}

// ffprobe's "rotation" of the first video stream's display matrix.
std::string ffprobe_rotation(const std::filesystem::path& video) {
    const auto r = run_command({"/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                "stream_side_data=rotation", "-of", "default=noprint_wrappers=1", video.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

nlohmann::json read_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

// A clip of `stored` with a sound track, tagged with rotate=`rotate_tag`
// (ffmpeg 5.1's "-metadata:s:v:0 rotate=N", which it writes as a display
// matrix ffprobe reports as "rotation=N", N counter-clockwise), or untagged.
std::filesystem::path make_clip(const TempDir& dir, const std::string& name, const cv::Mat& stored, const char* rotate_tag) {
    const auto pictures = dir / (name + "-pictures.mp4"), clip = dir / (name + ".mp4");
    {
        cv::VideoWriter w(pictures.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 30.0, stored.size());
        REQUIRE(w.isOpened());
        for (int i = 0; i < kFrames; ++i) w.write(stored);
    }
    std::vector<std::string> argv{"/usr/bin/ffmpeg", "-v", "error", "-i", pictures.string(), "-f", "lavfi", "-i",
                                  "sine=frequency=440:duration=2", "-c:v", "copy", "-c:a", "aac", "-shortest"};
    if (rotate_tag) argv.insert(argv.end(), {"-metadata:s:v:0", std::string("rotate=") + rotate_tag});
    argv.push_back(clip.string());
    const auto made = run_command(argv);
    INFO(made.err);
    REQUIRE(made.exit_code == 0);  // scripts/setup installs ffmpeg for the tests
    REQUIRE(hairline::has_audio_stream(clip));
    return clip;
}

// `hairline track`: its JSON record of each frame.
std::vector<nlohmann::json> track(const TempDir& dir, const std::filesystem::path& clip) {
    const auto jsonl = dir / (clip.stem().string() + ".jsonl");
    const auto r = run_hairline({"track", clip.string(), "--jsonl", jsonl.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(jsonl);
    std::vector<nlohmann::json> frames;
    for (std::string line; std::getline(in, line);) frames.push_back(nlohmann::json::parse(line));
    return frames;
}

// Upright: hairline above the eyes, chin below them, every landmark inside the
// portrait frame, and where the upright clip has them on the same frame.
bool tracked_upright(const nlohmann::json& frame, const nlohmann::json& upright_frame) {
    if (frame["face"] != true || upright_frame["face"] != true) return false;
    const auto &lm = frame["landmarks"], &ref = upright_frame["landmarks"];
    const double eye_y = 0.5 * (lm[36][1].get<double>() + lm[45][1].get<double>());
    const auto at = [](const nlohmann::json& p) { return cv::Point2d(p[0].get<double>(), p[1].get<double>()); };
    const double eye_corners = cv::norm(at(ref[36]) - at(ref[45]));
    bool inside = true;
    double distance = 0;
    for (std::size_t i = 0; i < lm.size(); ++i) {
        const cv::Point2d p = at(lm[i]);
        inside = inside && p.x >= 0 && p.x < kPortrait.width && p.y >= 0 && p.y < kPortrait.height;
        distance += cv::norm(p - at(ref[i])) / static_cast<double>(lm.size());
    }
    return inside && frame["hairline"][16][1].get<double>() < eye_y && lm[8][1].get<double>() > eye_y &&
           distance < kSameLandmarksMaxShare * eye_corners;
}

struct PhoneClip {
    int stored_turn;  // cv::RotateFlags: how the sensor's picture lies in the file
    const char* rotate_tag;
    const char* ffprobe_says;
};

void check_phone_clip(const PhoneClip& clip) {
    TempDir dir;
    const cv::Mat portrait = upright_portrait();
    cv::Mat stored;
    cv::rotate(portrait, stored, clip.stored_turn);
    const auto phone = make_clip(dir, "IMG_0002", stored, clip.rotate_tag);

    // The clip is what it should be: the matrix a phone writes, shown upright by ffmpeg.
    CHECK(ffprobe_rotation(phone) == std::string("rotation=") + clip.ffprobe_says + "\n");
    const cv::Mat shown_by_ffmpeg = ffmpeg_first_frame(phone, dir / "ffmpeg_first.png");
    REQUIRE(shown_by_ffmpeg.size() == kPortrait);
    check_same_way_up(match_orientation(shown_by_ffmpeg, portrait));

    // Sizes are said the way up the picture is seen.
    const auto big = run_hairline({"track", phone.string(), "--jsonl", (dir / "big.jsonl").string(), "--max-pixels", "1000"});
    CHECK(big.exit_code == 2);
    CHECK(big.err.find("video frames are 360x640") != std::string::npos);

    // Tracked as the same picture stored upright is tracked.
    const std::vector<nlohmann::json> frames = track(dir, phone);
    const std::vector<nlohmann::json> upright_frames = track(dir, make_clip(dir, "upright", portrait, nullptr));
    REQUIRE(frames.size() >= kFrames - 2);
    REQUIRE(upright_frames.size() == frames.size());
    int upright = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) upright += tracked_upright(frames[i], upright_frames[i]);
    INFO(upright << " of " << frames.size() << " frames tracked upright");
    CHECK(upright >= static_cast<int>(frames.size()) * 95 / 100);

    // Rendered as seen: a portrait video with the sound, the same way up as ffmpeg shows the input.
    const auto out = dir / "preview.mp4";
    const auto v = run_hairline({"render", phone.string(), "-o", out.string(), "--report", (dir / "video.json").string()});
    INFO(v.err);
    REQUIRE(v.exit_code == 0);
    CHECK(hairline::has_audio_stream(out));
    const auto report = read_json(dir / "video.json");
    CHECK(report["frames"].get<std::size_t>() == frames.size());
    CHECK(report["face_share"].get<double>() >= 0.95);
    CHECK(report["sound_kept"] == true);
    const cv::Mat rendered = ffmpeg_first_frame(out, dir / "rendered_first.png");
    CHECK(rendered.size() == kPortrait);
    check_same_way_up(match_orientation(rendered, shown_by_ffmpeg, kUntouchedFromRow));
}

}  // namespace

TEST_CASE("a portrait phone video at rotation -90° (phone held upright) is seen as ffmpeg shows it, with its sound",
          "[e2e][render]") {
    check_phone_clip({cv::ROTATE_90_COUNTERCLOCKWISE, "-90", "-90"});
}

TEST_CASE("a portrait phone video at rotation +90° (phone upside down) is seen as ffmpeg shows it, with its sound",
          "[e2e][render]") {
    check_phone_clip({cv::ROTATE_90_CLOCKWISE, "90", "90"});
}

TEST_CASE("a portrait phone video at rotation 180° is seen as ffmpeg shows it, with its sound", "[e2e][render]") {
    check_phone_clip({cv::ROTATE_180, "180", "-180"});
}
