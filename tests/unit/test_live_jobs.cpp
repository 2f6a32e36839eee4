// The live app's UI thread never waits: closures come back through the run
// queue, slow work runs on the job worker, thumbnails are decoded once at
// thumbnail size, and a snapshot or sheet asked for is saved off the UI
// thread, in full, privately.

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "app/live/job_worker.h"
#include "app/live/live_state.h"
#include "app/live/records.h"
#include "app/live/run_queue.h"
#include "app/live/snapshot_gallery.h"
#include "engine/session/snapshot.h"
#include "tests/support/test_support.h"

using namespace hairline;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs the queue (as the loop does each frame) until `done` or 20 s.
template <class Done>
bool pump_until(app::RunQueue& queue, Done done) {
    const auto deadline = Clock::now() + 20s;
    while (!done()) {
        if (Clock::now() > deadline) return false;
        queue.run();
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

SnapshotInput camera_sized_input(int shade) {
    SnapshotInput in;
    in.before = cv::Mat(720, 1280, CV_8UC3);
    cv::randu(in.before, 0, 255);  // noise: a real PNG's cost to decode
    in.after = in.before * 0.5 + cv::Scalar(shade, shade, shade);
    in.record.image_width = 1280;
    in.record.image_height = 720;
    in.record.pigment_used = Pigment{false, {0.2, 0.2, 0.2}};
    in.client = "Ann Lee";
    in.source = "demo";
    return in;
}

std::chrono::system_clock::time_point at_second(int s) {
    return std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 56) + std::chrono::seconds(s);
}

}  // namespace

TEST_CASE("the run queue runs what other threads post on the thread that runs it, in order, outside its lock",
          "[unit][app]") {
    app::RunQueue queue;
    const auto main_id = std::this_thread::get_id();
    std::vector<int> ran;
    bool all_on_main = true;
    std::thread poster([&] {
        for (int i = 0; i < 1000; ++i)
            queue.post([&, i] {
                ran.push_back(i);
                all_on_main = all_on_main && std::this_thread::get_id() == main_id;
            });
    });
    poster.join();
    CHECK(ran.empty());  // posting runs nothing
    CHECK(queue.run() == 1000);
    CHECK(all_on_main);
    REQUIRE(ran.size() == 1000);
    bool in_order = true;
    for (int i = 0; i < 1000; ++i) in_order = in_order && ran[static_cast<std::size_t>(i)] == i;
    CHECK(in_order);

    // While a closure runs, another thread can post (the queue is not
    // locked); what it posts runs on the next run().
    bool posted_meanwhile = false, second_ran = false;
    std::thread late;
    queue.post([&] {
        std::promise<void> posted;
        auto done = posted.get_future();
        late = std::thread([&] {
            queue.post([&] { second_ran = true; });
            posted.set_value();
        });
        posted_meanwhile = done.wait_for(2s) == std::future_status::ready;
    });
    CHECK(queue.run() == 1);
    late.join();
    CHECK(posted_meanwhile);
    CHECK_FALSE(second_ran);
    CHECK(queue.run() == 1);
    CHECK(second_ran);
}

TEST_CASE("a slow job does not hold up the frame: its result comes back on the main thread with its cost",
          "[unit][app]") {
    app::RunQueue queue;
    app::JobWorker jobs(queue, {});
    const auto main_id = std::this_thread::get_id();
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    bool result_on_main = false, result_ran = false;

    const auto start = Clock::now();
    jobs.submit("slow", [released] {
        released.wait_for(5s);  // as long as the test holds it
        return std::function<void()>{};
    });
    jobs.submit("after", [&] {
        return [&] {
            result_ran = true;
            result_on_main = std::this_thread::get_id() == main_id;
        };
    });
    // Frames go on while the job runs: submitting and running the queue return at once.
    for (int frame = 0; frame < 10; ++frame) {
        queue.run();
        std::this_thread::sleep_for(5ms);
    }
    CHECK(ms_since(start) < 1000.0);
    CHECK_FALSE(result_ran);
    CHECK(jobs.pending() == 2);

    release.set_value();
    REQUIRE(pump_until(queue, [&] { return jobs.pending() == 0; }));
    CHECK(result_ran);
    CHECK(result_on_main);
    REQUIRE(jobs.costs().size() == 2);
    CHECK(jobs.costs()[0].name == "slow");
    CHECK(jobs.costs()[0].ms >= 40.0);  // held for at least the ten frames above
    CHECK(jobs.costs()[1].name == "after");
}

TEST_CASE("the job worker runs jobs in order, finishes those still queued before it stops, and reports a job that throws",
          "[unit][app]") {
    app::RunQueue queue;
    std::vector<std::string> failures;
    app::JobWorker jobs(queue, [&](const std::string& job, const std::string& what) { failures.push_back(job + ": " + what); });
    std::vector<int> done;
    for (int i = 0; i < 5; ++i)
        jobs.submit("step", [&done, i] {
            std::this_thread::sleep_for(20ms);  // still queued when finish() is called
            return [&done, i] { done.push_back(i); };
        });
    jobs.submit("broken", []() -> std::function<void()> { throw std::runtime_error("disk on fire"); });
    jobs.finish();  // as the loop's teardown: every save asked for is made
    queue.run();
    CHECK(done == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(failures == std::vector<std::string>{"broken: disk on fire"});
    CHECK(jobs.pending() == 0);
}

TEST_CASE("the gallery decodes each snapshot once, at thumbnail size, and a snapshot just saved not at all",
          "[unit][app]") {
    test::TempDir dir;
    const auto folder = dir / "Ann_Lee";
    for (int i = 0; i < 3; ++i) REQUIRE(save_snapshot(folder, camera_sized_input(10 * i), at_second(i)).ok());
    app::RunQueue queue;
    app::JobWorker jobs(queue, {});
    app::SnapshotGallery gallery(jobs);

    gallery.show(folder);
    CHECK(gallery.items().empty());  // the listing is on the worker
    REQUIRE(pump_until(queue, [&] { return !gallery.listing(); }));
    REQUIRE(gallery.items().size() == 3);
    CHECK(gallery.decoded() == 3);
    for (const auto& item : gallery.items()) {
        CHECK(item.rgba.cols == app::kThumbnailSide);  // 1280x720 kept as 160x90, not full size
        CHECK(item.rgba.rows == 90);
        CHECK(item.rgba.channels() == 4);
    }
    CHECK(gallery.items().front().files.image.filename().string().find("-000002") != std::string::npos);  // newest first

    // Shown again (after a save or deletion elsewhere): nothing decoded twice.
    gallery.show(folder, true);
    gallery.show(folder, true);  // asked again while listing: one more listing, after it
    REQUIRE(pump_until(queue, [&] { return !gallery.listing() && jobs.pending() == 0; }));
    CHECK(gallery.items().size() == 3);
    CHECK(gallery.decoded() == 3);

    // A new file on disk: only it is decoded.
    REQUIRE(save_snapshot(folder, camera_sized_input(40), at_second(3)).ok());
    gallery.show(folder, true);
    REQUIRE(pump_until(queue, [&] { return !gallery.listing(); }));
    CHECK(gallery.items().size() == 4);
    CHECK(gallery.decoded() == 4);

    // A snapshot saved by the app brings its thumbnail: shown first, never decoded.
    const SnapshotInput fifth = camera_sized_input(50);
    auto saved = save_snapshot(folder, fifth, at_second(4));
    REQUIRE(saved.ok());
    gallery.add(folder, *saved, app::thumbnail_rgba(fifth.after));
    REQUIRE(gallery.items().size() == 5);
    CHECK(gallery.items().front().files.image == saved->image);
    gallery.show(folder, true);
    REQUIRE(pump_until(queue, [&] { return !gallery.listing(); }));
    CHECK(gallery.items().size() == 5);
    CHECK(gallery.decoded() == 4);
}

TEST_CASE("a snapshot and a sheet asked for are saved on the worker, privately and in full, while frames go on",
          "[unit][app]") {
    test::TempDir dir;
    app::RunQueue queue;
    app::JobWorker jobs(queue, {});
    const auto start = Clock::now();
    app::Records records(jobs, dir / "clients", start);
    app::LiveState state;
    state.client.name = "Ann Lee";
    // The client's folder is resolved on the worker.
    records.begin_frame(state);
    REQUIRE(pump_until(queue, [&] { return jobs.pending() == 0; }));
    const auto folder = dir / "clients" / "Ann_Lee";
    CHECK(records.begin_frame(state) == folder);
    REQUIRE(pump_until(queue, [&] { return jobs.pending() == 0; }));  // the (empty) gallery

    // The worker is busy with something slow when the practitioner saves.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    jobs.submit("slow", [released] {
        released.wait_for(10s);
        return std::function<void()>{};
    });
    int renders = 0;
    const SnapshotInput shown = camera_sized_input(20);
    auto record = [&]() -> Result<app::Recorded> {
        ++renders;  // the GL part: on the main thread, once for both
        return app::Recorded{shown.before, shown.after, shown.record};
    };
    app::PanelRequests requests;
    requests.snapshot = true;
    requests.export_sheet = true;
    const auto asked = Clock::now();
    records.act(requests, state, record, "demo");
    CHECK(ms_since(asked) < 200.0);  // no PNG encoded, no PDF drawn, nothing written here
    CHECK(renders == 1);
    CHECK_FALSE(test::file_exists(folder));
    CHECK(state.message == "Saving the snapshot and the sheet...");

    release.set_value();
    REQUIRE(pump_until(queue, [&] { return jobs.pending() == 0; }));
    CHECK(state.message == "Saved consultation-sheet.pdf");
    CHECK(test::file_mode(folder) == 0700);
    int pngs = 0, sidecars = 0, pdfs = 0;
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
        CHECK(test::file_mode(e.path()) == 0600);
        pngs += e.path().extension() == ".png";
        pdfs += e.path().extension() == ".pdf";
        sidecars += e.path().extension() == ".json" && e.path().filename() != "client.json";
    }
    CHECK(pngs == 2);  // the preview and the before | after
    CHECK(sidecars == 1);
    CHECK(pdfs == 1);
    // The gallery shows it from the picture in memory.
    REQUIRE(records.gallery().items().size() == 1);
    CHECK(records.gallery().decoded() == 0);
    CHECK(state.clients.stale);
}
