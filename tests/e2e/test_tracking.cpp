#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <set>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "engine/capture/demo_motion.h"
#include "engine/capture/demo_photo.h"
#include "engine/preview/preview_scene.h"
#include "engine/track/model_locator.h"
#include "engine/track/tracker.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// The bundled photo moved by a known similarity per frame, like a still
// face photo moved in front of a camera.
struct Clip {
    std::vector<cv::Matx23d> transforms;
    double noise_sigma = 0;
    // Paints over a rendered frame (occluders, cuts to another scene).
    std::function<void(int frame, cv::Mat& bgr)> paint;
};

Clip clip_of(std::vector<cv::Matx23d> transforms, double noise_sigma = 0) {
    Clip clip;
    clip.transforms = std::move(transforms);
    clip.noise_sigma = noise_sigma;
    return clip;
}

std::vector<glm::dvec2> map_back(const std::vector<glm::dvec2>& points, const cv::Matx23d& m) {
    cv::Mat inv;
    cv::invertAffineTransform(cv::Mat(m), inv);
    const cv::Matx23d i(inv);
    std::vector<glm::dvec2> out;
    for (const auto& p : points)
        out.push_back({i(0, 0) * p.x + i(0, 1) * p.y + i(0, 2), i(1, 0) * p.x + i(1, 1) * p.y + i(1, 2)});
    return out;
}

std::vector<TrackResult> run(const Clip& clip) {
    const cv::Mat photo = demo_photo();
    const cv::Size frame_size(1280, 720);
    const DemoCanvas canvas = demo_canvas(photo, frame_size);
    TrackerParams params;
    params.wait_for_detector = true;
    Tracker tracker(test::landmark_predictor(), params);
    std::mt19937 rng(7);
    std::vector<TrackResult> results;
    for (std::size_t i = 0; i < clip.transforms.size(); ++i) {
        Frame frame;
        frame.index = static_cast<std::int64_t>(i);
        frame.t_ms = 1000.0 * static_cast<double>(i) / 30.0;
        frame.bgr = render_moved_photo(canvas, clip.transforms[i], frame_size);
        if (clip.paint) clip.paint(static_cast<int>(i), frame.bgr);
        if (clip.noise_sigma > 0) {
            cv::Mat noise(frame.bgr.size(), CV_32FC3);
            cv::randn(noise, 0.0, clip.noise_sigma);
            cv::Mat noisy;
            frame.bgr.convertTo(noisy, CV_32FC3);
            noisy += noise;
            noisy.convertTo(frame.bgr, CV_8UC3);  // saturates
        }
        results.push_back(tracker.process(frame));
    }
    return results;
}

cv::Matx23d at_rest() { return similarity({512, 512}, {1280, 720}, 1.3, 0.0, {0.0, 0.0}); }

struct Motion {
    double drift_pct = 0;   // rms distance from the still-clip hairline, % IOD
    double jitter_pct = 0;  // rms frame-to-frame movement, % IOD
    int with_face = 0;
};

Motion measure(const Clip& clip, const std::vector<TrackResult>& results, const std::vector<glm::dvec2>& reference,
               double iod) {
    Motion m;
    std::vector<glm::dvec2> previous;
    double drift2 = 0, jitter2 = 0;
    int drift_n = 0, jitter_n = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!results[i].face) {
            previous.clear();
            continue;
        }
        ++m.with_face;
        const auto back = map_back(hairline_polyline_px(Design{}, results[i].face->fit), clip.transforms[i]);
        for (std::size_t k = 0; k < back.size(); ++k) {
            drift2 += std::pow(glm::distance(back[k], reference[k]), 2);
            ++drift_n;
            if (!previous.empty()) {
                jitter2 += std::pow(glm::distance(back[k], previous[k]), 2);
                ++jitter_n;
            }
        }
        previous = back;
    }
    m.drift_pct = 100.0 * std::sqrt(drift2 / std::max(drift_n, 1)) / iod;
    m.jitter_pct = 100.0 * std::sqrt(jitter2 / std::max(jitter_n, 1)) / iod;
    return m;
}

// The hairline and IOD of the still, noiseless clip, in photo pixels.
std::pair<std::vector<glm::dvec2>, double> still_reference() {
    const Clip still = clip_of(std::vector<cv::Matx23d>(20, at_rest()));
    const auto results = run(still);
    std::vector<glm::dvec2> sum(kHairlinePolylinePoints, glm::dvec2(0.0));
    double iod = 0;
    int n = 0;
    for (std::size_t i = 5; i < results.size(); ++i) {
        REQUIRE(results[i].face);
        const auto back = map_back(hairline_polyline_px(Design{}, results[i].face->fit), still.transforms[i]);
        for (std::size_t k = 0; k < back.size(); ++k) sum[k] += back[k];
        iod += iod_px(results[i].face->landmarks) / 1.3;
        ++n;
    }
    for (auto& p : sum) p /= static_cast<double>(n);
    return {sum, iod / n};
}

}  // namespace

TEST_CASE("tracking a moving photo: the hairline stays on the face", "[e2e][tracking]") {
    const auto [reference, iod] = still_reference();
    Clip clip;
    for (int i = 0; i < 120; ++i) {
        const double t = i / 30.0;
        clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.3 * (1.0 + 0.15 * std::sin(t * 1.1)),
                                             15.0 * std::sin(t * 1.7), {0.15 * 1280 * std::sin(t * 1.3), 40.0 * std::sin(t)}));
    }
    const auto results = run(clip);
    const Motion m = measure(clip, results, reference, iod);
    INFO("drift " << m.drift_pct << "% IOD, jitter " << m.jitter_pct << "% IOD");
    CHECK(m.with_face == 120);
    CHECK(m.drift_pct < 2.0);
    CHECK(m.jitter_pct < 1.0);
}

TEST_CASE("tracking a still photo with sensor noise: the hairline is still", "[e2e][tracking]") {
    const auto [reference, iod] = still_reference();
    const Clip clip = clip_of(std::vector<cv::Matx23d>(90, at_rest()), 4.0);
    const auto results = run(clip);
    const Motion m = measure(clip, results, reference, iod);
    INFO("drift " << m.drift_pct << "% IOD, jitter " << m.jitter_pct << "% IOD");
    CHECK(m.with_face == 90);
    CHECK(m.jitter_pct < 0.2);
    CHECK(m.drift_pct < 1.0);
}

TEST_CASE("the face is reported lost when it leaves and found when it returns", "[e2e][tracking]") {
    Clip clip;
    std::vector<bool> fully_visible;
    for (int i = 0; i < 130; ++i) {
        // rest 20 frames, slide right out of view over 30, stay out 30, return over 30, rest 20
        double x = 0;
        if (i >= 20 && i < 50) x = (i - 20) / 30.0 * 1500.0;
        else if (i >= 50 && i < 80) x = 1500.0;
        else if (i >= 80 && i < 110) x = 1500.0 * (1.0 - (i - 80) / 30.0);
        clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.3, 0.0, {x, 0.0}));
        // The face spans about x = 150..330 in the photo: visible while its right edge is in frame.
        const double right_edge = 640 + x + 1.3 * (330 - 256);
        fully_visible.push_back(right_edge < 1280);
    }
    const auto results = run(clip);
    int left_at = -1, lost_at = -1, back_at = -1, found_at = -1;
    for (int i = 1; i < 130; ++i) {
        if (left_at < 0 && fully_visible[i - 1] && !fully_visible[i]) left_at = i;
        if (left_at >= 0 && lost_at < 0 && !results[static_cast<std::size_t>(i)].face) lost_at = i;
        if (i >= 80 && back_at < 0 && fully_visible[i]) back_at = i;
        if (back_at >= 0 && found_at < 0 && results[static_cast<std::size_t>(i)].face) found_at = i;
    }
    INFO("left " << left_at << " lost " << lost_at << " back " << back_at << " found " << found_at);
    REQUIRE(left_at > 0);
    REQUIRE(lost_at > 0);
    CHECK(lost_at - left_at <= 5);
    for (int i = lost_at; i < 80; ++i) CHECK_FALSE(results[static_cast<std::size_t>(i)].face);  // no ghost face
    REQUIRE(found_at > 0);
    CHECK(found_at - back_at <= 5);
    CHECK(results.back().face);
}

TEST_CASE("track CLI writes one JSON object per frame", "[e2e][tracking]") {
    test::TempDir dir;
    const auto out = dir / "demo.jsonl";
    const auto r = test::run_hairline({"track", "demo", "--frames", "20", "--jsonl", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(out);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line);
        CHECK(j["frame"] == n);
        CHECK(j["t_ms"].get<double>() == Approx(n * 1000.0 / 30.0).margin(0.01));
        REQUIRE(j["face"] == true);
        CHECK(j["landmarks"].size() == 68);
        CHECK(j["hairline"].size() == static_cast<std::size_t>(kHairlinePolylinePoints));
        CHECK(j["hairline"][0][0].get<double>() < j["hairline"][32][0].get<double>());  // right temple first
        CHECK(j["pose"].contains("yaw"));
        CHECK(j["mm_per_px"].get<double>() > 0.3);
        CHECK(j["ms"].get<double>() > 0.0);  // measured: a frame takes time
        CHECK(j["ms"].get<double>() < 5000.0);
        ++n;
    }
    CHECK(n == 20);
}

TEST_CASE("a photo's face is the one dlib's own detector finds, not a badge on the suit", "[e2e][tracking]") {
    // The demo astronaut wears a round mission patch that the detector's
    // coarse levels score barely positive; the tracker once fitted it.
    test::TempDir dir;
    auto landmarks_of = [&](const std::vector<std::string>& extra, const std::string& name) {
        std::vector<std::string> argv{"track", test::source_path("assets/astronaut.png"), "--jsonl", (dir / name).string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        const auto r = test::run_hairline(argv);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        std::ifstream in(dir / name);
        std::string line;
        REQUIRE(std::getline(in, line));
        const auto j = nlohmann::json::parse(line);
        REQUIRE(j["face"] == true);
        std::vector<glm::dvec2> points;
        for (const auto& p : j["landmarks"]) points.emplace_back(p[0].get<double>(), p[1].get<double>());
        return points;
    };
    const auto reference = landmarks_of({"--naive", "--upsample", "2"}, "naive.jsonl");
    const auto tracked = landmarks_of({}, "tracked.jsonl");
    const double iod = glm::distance(reference[36], reference[45]);
    double worst = 0.0;
    for (std::size_t k = 0; k < reference.size(); ++k) worst = std::max(worst, glm::distance(reference[k], tracked[k]));
    INFO("worst landmark " << worst / iod * 100.0 << "% of the reference's eye-corner distance");
    CHECK(worst < 0.1 * iod);
}

TEST_CASE("track CLI: bad input exits 2 with no output", "[e2e][tracking]") {
    test::TempDir dir;
    const auto out = dir / "x.jsonl";
    std::ofstream(dir / "notes.txt") << "hello\n";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"track", (dir / "notes.txt").string(), "--jsonl", out.string()},
          std::vector<std::string>{"track", "cam:abc", "--jsonl", out.string()},
          std::vector<std::string>{"track", "rtsp://camera/stream", "--jsonl", out.string()},
          std::vector<std::string>{"track", "demo", "--jsonl", out.string(), "--frames", "0"}}) {
        const auto r = test::run_hairline(args);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(test::line_count(r.err) == 1);
        CHECK_FALSE(test::file_exists(out));
    }
    const auto no_camera = test::run_hairline({"track", "cam:9", "--jsonl", out.string()});
    CHECK(no_camera.exit_code == 1);
    CHECK_FALSE(test::file_exists(out));
}

TEST_CASE("bench CLI compares the tracker with naive dlib", "[e2e][tracking]") {
    const auto r = test::run_hairline({"bench", "demo", "--frames", "15"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    // The figures are numbers that agree with each other; how large the
    // speedup is, is what bench is run for, not what this test asserts.
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(bench: (\d+) frames)")));
    CHECK(std::stoi(m[1]) == 15);
    for (const char* who : {"naive dlib \\(per frame\\)", "tracker"}) {
        INFO(who);
        REQUIRE(std::regex_search(r.out, m, std::regex(std::string("\n") + who +
                                                       R"( +([\d.]+) +([\d.]+) +([\d.]+) +(\d+)/(\d+))")));
        const double p50 = std::stod(m[1]), p95 = std::stod(m[2]), mean = std::stod(m[3]);
        CHECK(p50 > 0.0);
        CHECK(p50 <= p95);
        CHECK(mean > 0.0);
        CHECK(std::stoi(m[4]) == 15);  // the demo face on every frame
        CHECK(std::stoi(m[5]) == 15);
    }
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(speedup \(total time naive / tracker\): ([\d.]+)x)")));
    CHECK(std::stod(m[1]) > 0.0);
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(disagreement, tracker vs naive: mean ([\d.]+)% IOD, p95 ([\d.]+)% IOD \((\d+) frames)")));
    CHECK(std::stod(m[1]) < 3.0);  // the two agree on where the face is
    CHECK(std::stod(m[1]) <= std::stod(m[2]));
    CHECK(std::stoi(m[3]) == 15);
}

namespace {

// The still clip's landmarks in photo pixels, and the IOD there.
std::pair<Landmarks, double> still_landmarks() {
    const Clip still = clip_of(std::vector<cv::Matx23d>(20, at_rest()));
    const auto results = run(still);
    Landmarks sum{};
    for (auto& p : sum) p = glm::dvec2(0.0);
    int n = 0;
    for (std::size_t i = 5; i < results.size(); ++i) {
        REQUIRE(results[i].face);
        const std::vector<glm::dvec2> pts(results[i].face->landmarks.begin(), results[i].face->landmarks.end());
        const auto back = map_back(pts, still.transforms[i]);
        for (std::size_t k = 0; k < back.size(); ++k) sum[k] += back[k];
        ++n;
    }
    for (auto& p : sum) p /= static_cast<double>(n);
    return {sum, iod_px(sum)};
}

// Mean landmark distance from the still reference, mapped back into the photo, % IOD.
double landmark_error_pct(const TrackResult& r, const cv::Matx23d& transform, const Landmarks& truth, double iod) {
    const std::vector<glm::dvec2> pts(r.face->landmarks.begin(), r.face->landmarks.end());
    const auto back = map_back(pts, transform);
    double sum = 0;
    for (std::size_t k = 0; k < back.size(); ++k) sum += glm::distance(back[k], truth[k]);
    return 100.0 * sum / static_cast<double>(back.size()) / iod;
}

// Runs of frames where the tracker shows a face the clip does not have.
struct Ghosts {
    int frames = 0;
    int longest = 0;
};
Ghosts ghosts(const std::vector<TrackResult>& results, const std::vector<bool>& has_face) {
    Ghosts g;
    int run_length = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const bool ghost = results[i].face_shown() && !has_face[i];
        g.frames += ghost;
        run_length = ghost ? run_length + 1 : 0;
        g.longest = std::max(g.longest, run_length);
    }
    return g;
}

}  // namespace

TEST_CASE("after a cut the old face is dropped at once and the new one found", "[e2e][tracking]") {
    // 30 frames of the face, a cut to a room without a face (15), a cut to the
    // face elsewhere (30), a cut to it larger and turned (25).
    const auto [truth, iod] = still_landmarks();
    Clip clip;
    std::vector<bool> has_face;
    for (int i = 0; i < 100; ++i) {
        if (i < 30) clip.transforms.push_back(at_rest());
        else if (i < 45) clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.3, 0.0, {2000.0, 0.0}));
        else if (i < 75) clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.1, 0.0, {-330.0, 60.0}));
        else clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.6, 12.0, {260.0, 40.0}));
        has_face.push_back(i < 30 || i >= 45);
    }
    clip.paint = [](int i, cv::Mat& bgr) {
        if (i < 30 || i >= 45) return;
        // Another room: a wall with a window, nothing like the first shot.
        bgr.setTo(cv::Scalar(90, 120, 150));
        cv::rectangle(bgr, cv::Rect(bgr.cols / 5, bgr.rows / 6, bgr.cols / 3, bgr.rows / 2), cv::Scalar(230, 225, 215), -1);
        cv::GaussianBlur(bgr, bgr, cv::Size(0, 0), 9.0);
    };
    const auto results = run(clip);
    const Ghosts g = ghosts(results, has_face);
    int missed = 0, worst_at = -1;
    double worst = 0;
    std::set<std::int64_t> ids_before, ids_after;
    for (int i = 0; i < 100; ++i) {
        const auto& r = results[static_cast<std::size_t>(i)];
        if (has_face[static_cast<std::size_t>(i)] && !r.face_shown()) ++missed;
        if (!r.face_shown() || !has_face[static_cast<std::size_t>(i)]) continue;
        (i < 30 ? ids_before : ids_after).insert(r.face_id);
        const double e = landmark_error_pct(r, clip.transforms[static_cast<std::size_t>(i)], truth, iod);
        if (e > worst) worst = e, worst_at = i;
    }
    INFO("ghost frames " << g.frames << " (longest run " << g.longest << "), missed " << missed << ", worst error "
                         << worst << "% IOD at frame " << worst_at);
    CHECK(g.frames == 0);  // a cut is seen on its frame
    CHECK(missed <= 2);    // 85 frames with a face: at most ~2%
    CHECK(worst < 5.0);
    CHECK(results[30].scene_cut);
    // The same person in every shot: one face_id (a new person gets a new
    // one: scripts/eval_footage.py's cuts between different people).
    CHECK(ids_before.size() == 1);
    CHECK(ids_after == ids_before);
}

TEST_CASE("a hand over the face: never drawn on a bad fit, back when it leaves", "[e2e][tracking]") {
    // What the client sees is the hairline: it must stay where the still
    // face puts it (the jaw under the hand may be off; the brows and eyes not).
    const auto [reference, iod] = still_reference();
    const cv::Matx23d rest = at_rest();
    // The face centre and size in the frame (the photo's face is about x 150..330, y 150..360).
    const glm::dvec2 centre{rest(0, 0) * 240 + rest(0, 2), rest(1, 1) * 255 + rest(1, 2)};
    const double face_px = rest(0, 0) * 180;
    Clip clip = clip_of(std::vector<cv::Matx23d>(110, rest));
    std::vector<bool> covered(110, false);
    clip.paint = [&](int i, cv::Mat& bgr) {
        if (i < 20 || i >= 80) return;
        // A skin-coloured oval, about a hand, sliding across the face over 60 frames.
        const cv::Scalar skin = cv::mean(bgr(cv::Rect(static_cast<int>(centre.x) - 10, static_cast<int>(centre.y) - 10, 20, 20)));
        const double x = centre.x - 1.6 * face_px + (i - 20) / 60.0 * 3.2 * face_px;
        cv::ellipse(bgr, cv::Point(static_cast<int>(x), static_cast<int>(centre.y)),
                    cv::Size(static_cast<int>(0.45 * face_px), static_cast<int>(0.7 * face_px)), 10, 0, 360, skin, -1,
                    cv::LINE_AA);
    };
    for (int i = 20; i < 80; ++i) {
        const double x = centre.x - 1.6 * face_px + (i - 20) / 60.0 * 3.2 * face_px;
        covered[static_cast<std::size_t>(i)] = std::abs(x - centre.x) < 0.45 * face_px + 0.45 * face_px;
    }
    const auto results = run(clip);
    double worst = 0;
    int shown_covered = 0, uncovered_at = -1, back_at = -1, faded = 0, off = 0;
    for (int i = 0; i < 110; ++i) {
        const auto& r = results[static_cast<std::size_t>(i)];
        if (i > 20 && uncovered_at < 0 && !covered[static_cast<std::size_t>(i)] && covered[static_cast<std::size_t>(i - 1)]) uncovered_at = i;
        if (uncovered_at >= 0 && back_at < 0 && r.face_shown()) back_at = i;
        if (covered[static_cast<std::size_t>(i)] && (!r.face || r.confirmed || r.confidence < 1.0)) ++faded;
        if (!r.face_shown()) continue;
        shown_covered += covered[static_cast<std::size_t>(i)];
        const auto back = map_back(hairline_polyline_px(Design{}, r.face->fit), rest);
        double sum2 = 0;
        for (std::size_t k = 0; k < back.size(); ++k) sum2 += std::pow(glm::distance(back[k], reference[k]), 2);
        const double e = 100.0 * std::sqrt(sum2 / static_cast<double>(back.size())) / iod;
        worst = std::max(worst, e);
        off += e > 5.0;
    }
 INFO("worst hairline error of a shown face " << worst << "% IOD (" << off << " frames over 5%); shown while covered " << shown_covered << "; faded "
                                         << faded << "; uncovered at " << uncovered_at << ", shown again at " << back_at);
    // Known limit: with the lower half of the face under the hand the fit
    // is off by up to about 7% IOD on a few frames (docs/tracking.md).
    CHECK(worst < 10.0);
    CHECK(off <= 10);  // of 47 covered frames
    CHECK(faded > 0);    // the cover is noticed
    REQUIRE(uncovered_at > 0);
    REQUIRE(back_at > 0);
    CHECK(back_at - uncovered_at <= 5);
}

TEST_CASE("a second face passing behind does not take the overlay", "[e2e][tracking]") {
    const auto [truth, iod] = still_landmarks();
    const cv::Mat photo = demo_photo();
    const cv::Matx23d rest = at_rest();
    // The other person: the photo's face, smaller, in an oval, passing behind the client's head.
    cv::Mat other;
    cv::resize(photo(cv::Rect(130, 120, 220, 260)), other, cv::Size(), 0.9, 0.9, cv::INTER_AREA);
    cv::Mat oval(other.size(), CV_8UC1, cv::Scalar(0));
    cv::ellipse(oval, cv::Point(other.cols / 2, other.rows / 2), cv::Size(other.cols * 2 / 5, other.rows * 9 / 20), 0, 0, 360,
                cv::Scalar(255), -1);
    const glm::dvec2 centre{rest(0, 0) * 240 + rest(0, 2), rest(1, 1) * 280 + rest(1, 2)};
    Clip clip = clip_of(std::vector<cv::Matx23d>(90, rest));
    clip.paint = [&](int i, cv::Mat& bgr) {
        cv::Mat front(bgr.size(), CV_8UC1, cv::Scalar(0));
        cv::ellipse(front, cv::Point(static_cast<int>(centre.x), static_cast<int>(centre.y)),
                    cv::Size(static_cast<int>(rest(0, 0) * 130), static_cast<int>(rest(0, 0) * 190)), 0, 0, 360, cv::Scalar(255), -1);
        const int x0 = -other.cols + i * (bgr.cols + other.cols) / 89, y0 = static_cast<int>(centre.y) - other.rows / 2 - 60;
        const cv::Rect where = cv::Rect(x0, y0, other.cols, other.rows) & cv::Rect(0, 0, bgr.cols, bgr.rows);
        if (where.empty()) return;
        const cv::Rect from(where.x - x0, where.y - y0, where.width, where.height);
        cv::Mat m = oval(from) & ~front(where);
        other(from).copyTo(bgr(where), m);
    };
    const auto results = run(clip);
    std::set<std::int64_t> ids;
    int shown = 0;
    double worst = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!results[i].face_shown()) continue;
        ++shown;
        ids.insert(results[i].face_id);
        worst = std::max(worst, landmark_error_pct(results[i], rest, truth, iod));
    }
    INFO("shown " << shown << "/90, ids " << ids.size() << ", worst error " << worst << "% IOD");
    CHECK(shown >= 87);
    CHECK(ids.size() == 1);
    CHECK(worst < 5.0);
}

TEST_CASE("a head rolled 45 degrees from the first frame is fitted upright", "[e2e][tracking]") {
    const auto [truth, iod] = still_landmarks();
    Clip clip;
    for (int i = 0; i < 40; ++i) clip.transforms.push_back(similarity({512, 512}, {1280, 720}, 1.2, 45.0, {2.0 * i, 0.0}));
    const auto results = run(clip);
    int shown = 0;
    double worst = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!results[i].face_shown()) continue;
        ++shown;
        worst = std::max(worst, landmark_error_pct(results[i], clip.transforms[i], truth, iod));
    }
    INFO("shown " << shown << "/40, worst error " << worst << "% IOD");
    CHECK(shown >= 38);
    CHECK(worst < 5.0);
}

TEST_CASE("track CLI: a still rolled 45 degrees, and a damaged video tracked to its end", "[e2e][tracking]") {
    test::TempDir dir;
    const cv::Mat photo = demo_photo();
    const DemoCanvas square = demo_canvas(photo, {900, 900});
    cv::Mat rolled = render_moved_photo(square, similarity({512, 512}, {900, 900}, 1.4, -45.0, {0.0, 0.0}), {900, 900});
    cv::imwrite((dir / "rolled.png").string(), rolled);
    const auto r = test::run_hairline({"track", (dir / "rolled.png").string(), "--jsonl", (dir / "r.jsonl").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(dir / "r.jsonl");
    std::string line;
    REQUIRE(std::getline(in, line));
    const auto j = nlohmann::json::parse(line);
    REQUIRE(j["face"] == true);
    CHECK(std::abs(std::abs(j["pose"]["roll"].get<double>()) - 45.0) < 6.0);

    // 60 frames of the moving demo, a tenth of the file's blocks then overwritten with noise.
    const auto video = dir / "clip.avi";
    {
        cv::VideoWriter writer(video.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30.0, {640, 360});
        REQUIRE(writer.isOpened());
        const DemoMotion motion;
        const DemoCanvas canvas = demo_canvas(photo, {1280, 720});
        for (int i = 0; i < 60; ++i) {
            cv::Mat frame;
            cv::resize(render_moved_photo(canvas, motion.transform_at(i / 30.0), {1280, 720}), frame, {640, 360});
            writer.write(frame);
        }
    }
    std::string bytes;
    {
        std::ifstream f(video, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(f), {});
    }
    std::mt19937 rng(11);
    for (std::size_t block = 8; block * 4096 + 512 < bytes.size(); block += 10)
        for (std::size_t k = 0; k < 512; ++k) bytes[block * 4096 + k] = static_cast<char>(rng() & 0xff);
    std::ofstream(dir / "damaged.avi", std::ios::binary) << bytes;
    const auto d = test::run_hairline({"track", (dir / "damaged.avi").string(), "--jsonl", (dir / "d.jsonl").string()});
    INFO(d.err);
    // Tracked to its end: a line per decodable frame, and the face on most
    // of them (a damaged frame decodes as grey smears, not as no frame).
    CHECK(d.exit_code == 0);
    std::ifstream damaged(dir / "d.jsonl");
    std::string row;
    int rows = 0, with_face = 0;
    while (std::getline(damaged, row)) {
        ++rows;
        with_face += nlohmann::json::parse(row)["face"] == true;
    }
    INFO(rows << " frames, face on " << with_face);
    CHECK(rows >= 50);
    CHECK(with_face >= rows / 2);
}
