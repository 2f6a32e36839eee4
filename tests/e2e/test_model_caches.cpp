// The user's cache of the parsed landmark model and of dlib's face detector:
// the same results as without it, rebuilt when damaged or stale, private files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/track/face_detector_cache.h"
#include "engine/track/landmark_model_cache.h"
#include "engine/track/model_locator.h"
#include "tests/support/test_support.h"

namespace hairline {
namespace {

std::vector<char> bytes_of(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

cv::Mat demo_gray() {
    const cv::Mat bgr = cv::imread(test::source_path("assets/astronaut.png"));
    REQUIRE(!bgr.empty());
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

// The largest face's box in the demo portrait, as a detector finds it.
FaceBox demo_box(const FaceDetector& detector) {
    const auto faces = detect_faces_in_photo(detector, demo_gray());
    REQUIRE(!faces.empty());
    return faces.front().box;
}

}  // namespace

TEST_CASE("landmark model cache: the same landmarks as the model file, stale or damaged caches rebuilt", "[e2e][cache]") {
    const auto model = locate_landmark_model(default_model_search(std::nullopt));
    REQUIRE(model.ok());
    test::TempDir dir;
    const std::filesystem::path cache_dir = dir.path() / "cache" / "hairline";
    const cv::Mat gray = demo_gray();
    const FaceBox box = demo_box(FaceDetector());
    const Landmarks truth = test::landmark_predictor()->predict(gray, box);
    auto same_landmarks = [&](const LandmarkPredictor& p) {
        const Landmarks got = p.predict(gray, box);
        for (int i = 0; i < kLandmarkCount; ++i)
            if (got[i] != truth[i]) return false;
        return true;
    };

    // First use: parsed from the model file, cache written (private).
    auto first = load_landmark_predictor_cached(*model, cache_dir);
    REQUIRE(first.ok());
    CHECK(same_landmarks(**first));
    const std::filesystem::path cache = landmark_cache_path(*model, cache_dir);
    REQUIRE(test::file_exists(cache));
    CHECK(test::file_mode(cache) == 0600);
    CHECK(test::file_mode(cache_dir) == 0700);
    const std::vector<char> written = bytes_of(cache);

    // Second use: read from the cache, the same landmarks.
    auto second = load_landmark_predictor_cached(*model, cache_dir);
    REQUIRE(second.ok());
    CHECK(same_landmarks(**second));
    CHECK(bytes_of(cache) == written);

    // A split that points past its cascade's features (as a damaged file
    // would): not trusted, parsed afresh, the cache written again whole.
    std::vector<char> damaged = written;
    for (std::size_t i = damaged.size() / 2; i < damaged.size() / 2 + 4096; ++i) damaged[i] = static_cast<char>(0xff);
    write_bytes(cache, damaged);
    auto third = load_landmark_predictor_cached(*model, cache_dir);
    REQUIRE(third.ok());
    CHECK(same_landmarks(**third));
    CHECK(bytes_of(cache) == written);

    // Cut short: the same.
    write_bytes(cache, std::vector<char>(written.begin(), written.begin() + static_cast<std::ptrdiff_t>(written.size() / 3)));
    auto fourth = load_landmark_predictor_cached(*model, cache_dir);
    REQUIRE(fourth.ok());
    CHECK(same_landmarks(**fourth));
    CHECK(bytes_of(cache) == written);

    // A cache made for another model file is not used for this one.
    const std::filesystem::path other = dir.path() / "other.dat";
    std::filesystem::copy_file(*model, other);
    const std::filesystem::path other_cache = landmark_cache_path(other, cache_dir);
    CHECK(other_cache != cache);
    write_bytes(other_cache, written);  // names the packaged model, not other.dat
    auto fifth = load_landmark_predictor_cached(other, cache_dir);
    REQUIRE(fifth.ok());
    CHECK(same_landmarks(**fifth));
    CHECK(bytes_of(other_cache) != written);

    // A model file that is not a model: the same error as without a cache, nothing cached.
    const std::filesystem::path junk = dir.path() / "junk.dat";
    write_bytes(junk, std::vector<char>(1000, 'x'));
    auto bad = load_landmark_predictor_cached(junk, cache_dir);
    CHECK(!bad.ok());
    CHECK(!test::file_exists(landmark_cache_path(junk, cache_dir)));
}

TEST_CASE("face detector cache: the same faces as dlib's own detector, a damaged cache rebuilt", "[e2e][cache]") {
    test::TempDir dir;
    const std::filesystem::path cache_dir = dir.path() / "cache" / "hairline";
    const FaceDetector builtin;
    const cv::Mat gray = demo_gray();
    const auto truth = detect_faces_in_photo(builtin, gray);
    REQUIRE(!truth.empty());
    auto same_faces = [&](const FaceDetector& d) {
        const auto got = detect_faces_in_photo(d, gray);
        if (got.size() != truth.size()) return false;
        for (std::size_t i = 0; i < got.size(); ++i)
            if (got[i].box.left != truth[i].box.left || got[i].box.top != truth[i].box.top ||
                got[i].box.width != truth[i].box.width || got[i].confidence != truth[i].confidence)
                return false;
        return true;
    };
    const auto first = make_face_detector_cached(cache_dir);
    CHECK(same_faces(*first));
    const std::filesystem::path cache = face_detector_cache_path(cache_dir);
    REQUIRE(test::file_exists(cache));
    CHECK(test::file_mode(cache) == 0600);
    const std::vector<char> written = bytes_of(cache);
    CHECK(same_faces(*make_face_detector_cached(cache_dir)));

    // One byte changed in the detector's weights: the checksum refuses it.
    std::vector<char> damaged = written;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x40);
    write_bytes(cache, damaged);
    CHECK(same_faces(*make_face_detector_cached(cache_dir)));
    CHECK(bytes_of(cache) == written);
}

}  // namespace hairline
