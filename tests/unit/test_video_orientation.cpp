// Display matrices read as ffmpeg's CLI reads them, and frames turned by them,
// checked against the matrix itself applied pixel by pixel.

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <random>

#include <opencv2/core.hpp>

extern "C" {
#include <libavutil/display.h>
#include <libavutil/log.h>
}

#include "engine/io/video_orientation.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

constexpr double kFixed16 = 65536.0;  // the matrix's 16.16 fixed point

// The matrix ffprobe reports as "rotation: <rotation>" (av_display_rotation_get),
// then mirrored as av_display_matrix_flip does. av_display_rotation_set turns
// the other way in FFmpeg 5.1; the REQUIRE says so if a new FFmpeg changes that.
DisplayMatrix matrix_shown_as(double rotation, bool hflip = false, bool vflip = false) {
    DisplayMatrix m{};
    av_display_rotation_set(m.data(), -rotation);
    REQUIRE(std::remainder(av_display_rotation_get(m.data()) - rotation, 360.0) == Approx(0).margin(0.01));
    av_display_matrix_flip(m.data(), hflip ? 1 : 0, vflip ? 1 : 0);
    return m;
}

// The stored frame as the matrix shows it: each pixel centre mapped by the
// matrix (p' = a p + c q, q' = b p + d q, y down as in the file), the picture
// then moved to start at (0, 0). Needs a matrix of quarter turns and mirrors.
cv::Mat shown_by_matrix(const cv::Mat& stored, const DisplayMatrix& m) {
    const double a = m[0] / kFixed16, b = m[1] / kFixed16, c = m[3] / kFixed16, d = m[4] / kFixed16;
    auto map = [&](int x, int y) { return cv::Point2d(a * (x + 0.5) + c * (y + 0.5), b * (x + 0.5) + d * (y + 0.5)); };
    cv::Point2d lo(1e9, 1e9), hi(-1e9, -1e9);
    for (int y = 0; y < stored.rows; ++y)
        for (int x = 0; x < stored.cols; ++x) {
            const cv::Point2d p = map(x, y);
            lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
            hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
        }
    cv::Mat shown(static_cast<int>(std::lround(hi.y - lo.y)) + 1, static_cast<int>(std::lround(hi.x - lo.x)) + 1, stored.type(),
                  cv::Scalar(0));
    for (int y = 0; y < stored.rows; ++y)
        for (int x = 0; x < stored.cols; ++x) {
            const cv::Point2d p = map(x, y) - lo;
            shown.at<std::uint8_t>(static_cast<int>(std::lround(p.y)), static_cast<int>(std::lround(p.x))) = stored.at<std::uint8_t>(y, x);
        }
    return shown;
}

bool same_pixels(const cv::Mat& x, const cv::Mat& y) {
    return x.size() == y.size() && x.type() == y.type() && cv::norm(x, y, cv::NORM_INF) == 0;
}

cv::Mat numbered_frame() {  // 3x2, every pixel different, so any turn or mirror shows
    return (cv::Mat_<std::uint8_t>(2, 3) << 1, 2, 3, 4, 5, 6);
}

}  // namespace

TEST_CASE("display matrices turn frames as ffmpeg 5.1's CLI turns them", "[unit][io]") {
    struct Case {
        double rotation;  // as ffprobe shows it
        bool hflip, vflip;
        VideoOrientation expected;
        const char* ffmpeg_does;
    };
    const Case cases[] = {
        {0, false, false, {0, false}, "nothing"},
        {-90, false, false, {90, false}, "transpose=clock (a phone held upright)"},
        {90, false, false, {270, false}, "transpose=cclock"},
        {180, false, false, {180, false}, "hflip,vflip"},
        {-90, true, false, {90, true}, "transpose=cclock_flip"},
        {90, true, false, {270, true}, "transpose=clock_flip"},
        {0, true, false, {0, true}, "hflip"},
        {0, false, true, {180, true}, "vflip"},
        {180, true, false, {180, true}, "vflip"},
    };
    for (const Case& c : cases) {
        INFO("rotation " << c.rotation << (c.hflip ? " hflip" : "") << (c.vflip ? " vflip" : "") << ": ffmpeg " << c.ffmpeg_does);
        CHECK(orientation_from_display_matrix(matrix_shown_as(c.rotation, c.hflip, c.vflip)) == c.expected);
    }
}

TEST_CASE("each quarter turn and mirror shows the frame as the matrix maps its pixels", "[unit][io]") {
    const cv::Mat stored = numbered_frame();
    for (const double rotation : {0.0, 90.0, 180.0, -90.0})
        for (const bool hflip : {false, true})
            for (const bool vflip : {false, true}) {
                INFO("rotation " << rotation << " hflip " << hflip << " vflip " << vflip);
                const DisplayMatrix m = matrix_shown_as(rotation, hflip, vflip);
                const VideoOrientation o = orientation_from_display_matrix(m);
                const cv::Mat turned = turn_upright(stored, o);
                CHECK(same_pixels(turned, shown_by_matrix(stored, m)));
                CHECK(turned.size() == upright_size(stored.size(), o));
            }
}

TEST_CASE("turns between quarters round to the nearest; garbled matrices leave frames as stored", "[unit][io]") {
    CHECK(orientation_from_display_matrix(matrix_shown_as(-93)) == VideoOrientation{90, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(-46)) == VideoOrientation{90, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(-44)) == VideoOrientation{0, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(100)) == VideoOrientation{270, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(-179.4)) == VideoOrientation{180, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(-0.6)) == VideoOrientation{0, false});
    CHECK(orientation_from_display_matrix(matrix_shown_as(-89.5, true)) == VideoOrientation{90, true});

    // Singular: av_display_rotation_get() gives NaN, ffmpeg turns nothing.
    CHECK(orientation_from_display_matrix(DisplayMatrix{}).is_identity());
    CHECK(orientation_from_display_matrix(DisplayMatrix{0, 0, 0, 0, 0, 0, 0, 0, 1 << 30}).is_identity());
    CHECK(orientation_from_display_matrix(DisplayMatrix{65536, 0, 0, 0, 0, 0, 0, 0, 1 << 30}).is_identity());
    // Any nine values give one of the eight orientations.
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::int32_t> any;
    for (int i = 0; i < 2000; ++i) {
        DisplayMatrix m;
        for (auto& v : m) v = any(rng);
        const VideoOrientation o = orientation_from_display_matrix(m);
        CHECK((o.rotate_cw_deg == 0 || o.rotate_cw_deg == 90 || o.rotate_cw_deg == 180 || o.rotate_cw_deg == 270));
    }
}

TEST_CASE("turning a frame leaves the stored pixels alone", "[unit][io]") {
    const cv::Mat stored = numbered_frame(), before = stored.clone();
    for (const int cw : {0, 90, 180, 270})
        for (const bool flip : {false, true}) {
            INFO(cw << "° clockwise" << (flip ? ", mirrored" : ""));
            (void)turn_upright(stored, {cw, flip});
            CHECK(same_pixels(stored, before));
        }
    CHECK(upright_size(cv::Size(1920, 1080), {90, false}) == cv::Size(1080, 1920));
    CHECK(upright_size(cv::Size(1920, 1080), {180, true}) == cv::Size(1920, 1080));
}

TEST_CASE("the orientation reader refuses what is not a video, naming it", "[unit][io]") {
    av_log_set_level(AV_LOG_QUIET);  // FFmpeg would say why on stderr; the Error says it here
    hairline::test::TempDir dir;
    const auto text = dir / "notes.mp4";
    { std::ofstream(text) << "not a video at all\n"; }
    const auto r = read_video_orientation(text.string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadInput);
    CHECK(r.error().where == text.string());
    CHECK_FALSE(read_video_orientation((dir / "missing.mp4").string()).ok());
}
