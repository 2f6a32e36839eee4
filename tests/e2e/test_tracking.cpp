#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <regex>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/capture/demo_motion.h"
#include "engine/capture/demo_photo.h"
#include "engine/preview/preview_scene.h"
#include "engine/track/model_locator.h"
#include "engine/track/tracker.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

std::shared_ptr<const LandmarkPredictor> predictor() {
    static std::shared_ptr<const LandmarkPredictor> model = [] {
        auto path = locate_landmark_model(default_model_search(std::nullopt));
        REQUIRE(path.ok());
        auto loaded = LandmarkPredictor::load(*path);
        REQUIRE(loaded.ok());
        return *loaded;
    }();
    return model;
}

// The bundled photo moved by a known similarity per frame, like a still
// face photo moved in front of a camera.
struct Clip {
    std::vector<cv::Matx23d> transforms;
    double noise_sigma = 0;
};

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
    const cv::Mat backdrop = demo_backdrop(photo, frame_size);
    TrackerParams params;
    params.wait_for_detector = true;
    Tracker tracker(predictor(), params);
    std::mt19937 rng(7);
    std::vector<TrackResult> results;
    for (std::size_t i = 0; i < clip.transforms.size(); ++i) {
        Frame frame;
        frame.index = static_cast<std::int64_t>(i);
        frame.t_ms = 1000.0 * static_cast<double>(i) / 30.0;
        frame.bgr = render_moved_photo(photo, clip.transforms[i], backdrop);
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
    const Clip still{std::vector<cv::Matx23d>(20, at_rest())};
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
    const Clip clip{std::vector<cv::Matx23d>(90, at_rest()), 4.0};
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
        CHECK(j["ms"].get<double>() >= 0.0);
        ++n;
    }
    CHECK(n == 20);
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
