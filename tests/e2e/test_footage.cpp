// Tracking on real footage, against dlib's own answer on every frame: the
// detector on the frame enlarged 2x (faces down to about 40 px) and its
// predictor on the largest face, as `hairline track --naive --upsample 2`
// gives it. Synthetic clips made from a still cannot show what a real face
// does (talking, crying, laughing, a hand, tilts, cuts between characters),
// so these use the shared development clips beside the checkout, and skip
// with a warning where they are absent (they are never copied in).

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <glm/geometric.hpp>

#include "engine/capture/frame_source.h"
#include "engine/track/model_locator.h"
#include "engine/track/naive_baseline.h"
#include "engine/track/tracker.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// What one clip gives against the reference, over the frames it was computed on.
struct FootageFigures {
    int frames = 0;
    int large_face_frames = 0;  // the reference finds a face with an IOD of 40 px or more
    int missed_large = 0;       // ... and hairline shows none
    int longest_missed_run = 0;
    int ghosts = 0;             // hairline shows a face that overlaps none the reference finds
    int longest_ghost_run = 0;
    std::vector<double> errors_iod;  // landmark error on frames both show the same face
    double p90_error() const {
        if (errors_iod.empty()) return 1.0;
        std::vector<double> e = errors_iod;
        std::sort(e.begin(), e.end());
        return e[e.size() * 9 / 10];
    }
};

constexpr double kLargeFaceIodPx = 40.0;

double mean_error_iod(const Landmarks& a, const Landmarks& reference) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += glm::distance(a[i], reference[i]);
    return sum / static_cast<double>(a.size()) / iod_px(reference);
}

// Tracks every frame of `clip` as `hairline track` does; the reference on every `step`-th frame.
FootageFigures measure_clip(const std::filesystem::path& clip, int step) {
    auto source = open_frame_source(clip.string(), SourceOptions{});
    REQUIRE(source.ok());
    auto model = locate_landmark_model(default_model_search(std::nullopt));
    REQUIRE(model.ok());
    auto naive = NaiveDlibBaseline::load(*model);
    REQUIRE(naive.ok());
    TrackerParams params;
    params.wait_for_detector = true;
    Tracker tracker(test::landmark_predictor(), params);
    FootageFigures f;
    int missed_run = 0, ghost_run = 0;
    for (;;) {
        auto frame = (*source)->next();
        REQUIRE(frame.ok());
        if (!frame->has_value()) break;
        const TrackResult r = tracker.process(**frame);
        if ((**frame).index % step != 0) continue;
        ++f.frames;
        const auto reference = (*naive)->process((**frame).bgr, 2);
        const bool shown = r.face_shown();
        if (reference.landmarks && iod_px(*reference.landmarks) >= kLargeFaceIodPx) {
            ++f.large_face_frames;
            missed_run = shown ? 0 : missed_run + 1;
            f.missed_large += !shown;
            f.longest_missed_run = std::max(f.longest_missed_run, missed_run);
        }
        if (!shown) {
            ghost_run = 0;
            continue;
        }
        const FaceBox ours = box_from_landmarks(r.face->landmarks);
        const bool there = std::any_of(reference.faces.begin(), reference.faces.end(),
                                       [&](const FaceBox& b) { return intersection_over_union(b, ours) >= 0.3; });
        ghost_run = there ? 0 : ghost_run + 1;
        f.ghosts += !there;
        f.longest_ghost_run = std::max(f.longest_ghost_run, ghost_run);
        if (there && reference.landmarks && intersection_over_union(box_from_landmarks(*reference.landmarks), ours) >= 0.3)
            f.errors_iod.push_back(mean_error_iod(r.face->landmarks, *reference.landmarks));
    }
    return f;
}

std::string describe(const FootageFigures& f) {
    return std::to_string(f.frames) + " frames: large face on " + std::to_string(f.large_face_frames) + ", missed " +
           std::to_string(f.missed_large) + " (longest run " + std::to_string(f.longest_missed_run) + "); ghosts " +
           std::to_string(f.ghosts) + " (longest run " + std::to_string(f.longest_ghost_run) + "); landmark error p90 " +
           std::to_string(f.p90_error()) + " IOD";
}

}  // namespace

TEST_CASE("real footage: a face crying and laughing, a hand before it, keeps its overlay", "[e2e][tracking][footage]") {
    const auto clip = test::shared_material("clips/expressions_dev.mp4");
    if (!test::file_exists(clip)) {
        WARN("skipped: " << clip << " is not here (shared development material)");
        return;
    }
    const FootageFigures f = measure_clip(clip, 2);
    INFO(describe(f));
    // dlib finds her on every frame: so must the preview, on its own fits.
    REQUIRE(f.large_face_frames >= 200);
    CHECK(f.missed_large <= f.large_face_frames * 3 / 100);
    CHECK(f.longest_missed_run <= 1);  // every 2nd frame: a run of 1 is at most 3 frames
    CHECK(f.ghosts == 0);
    CHECK(f.p90_error() <= 0.10);
}

TEST_CASE("real footage: a film's cuts, characters and turns", "[e2e][tracking][footage]") {
    const auto clip = test::shared_material("clips/film_dev.avi");
    if (!test::file_exists(clip)) {
        WARN("skipped: " << clip << " is not here (shared development material)");
        return;
    }
    const FootageFigures f = measure_clip(clip, 1);
    INFO(describe(f));
    REQUIRE(f.large_face_frames >= 100);
    CHECK(f.missed_large <= f.large_face_frames * 3 / 100);
    CHECK(f.longest_missed_run <= 3);
    // Measured 6 of 135 (one run of 5): frames where dlib's own search misses
    // a face that is there (a tilted head, eyes shut laughing) and the check
    // around the tracked face finds it (docs/tracking.md).
    CHECK(f.ghosts <= f.frames * 5 / 100);
    CHECK(f.longest_ghost_run <= 5);
    CHECK(f.p90_error() <= 0.10);
}
