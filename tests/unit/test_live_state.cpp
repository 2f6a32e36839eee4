#include <catch2/catch.hpp>

#include <fstream>

#include "app/live/frame_times.h"
#include "app/live/live_state.h"
#include "app/live/settings.h"
#include "tests/support/test_support.h"

using namespace hairline;

TEST_CASE("undo and redo walk the design history", "[unit][app]") {
    app::DesignHistory history;
    Design d;
    history.reset(d);
    d.density_per_cm2 = 50;
    history.commit(d);
    d.density_per_cm2 = 60;
    history.commit(d);
    CHECK(history.undo().density_per_cm2 == 50);
    CHECK(history.undo().density_per_cm2 == 90);
    CHECK_FALSE(history.can_undo());
    CHECK(history.redo().density_per_cm2 == 50);
    d.density_per_cm2 = 70;
    history.commit(d);  // a new edit drops the redo branch
    CHECK_FALSE(history.can_redo());
}

TEST_CASE("designs A and B each undo their own edits", "[unit][app]") {
    app::LiveState state;
    state.designs[1].preset = Preset::Mature;
    app::start_histories(state);
    const Design b = state.designs[1];
    state.design().density_per_cm2 = 50;  // edit A
    app::commit_design(state, state.active);
    state.active = 1;                     // switch to B, Ctrl+Z
    CHECK_FALSE(state.history().can_undo());
    app::undo_design(state);
    CHECK(state.designs[1] == b);         // B is not A's earlier design
    CHECK(state.designs[1].preset == Preset::Mature);
    CHECK(state.designs[0].density_per_cm2 == 50);
    state.design().dot_size_mm = 0.8;     // edit B
    app::commit_design(state, state.active);
    state.active = 0;                     // back to A, Ctrl+Z: A's earlier design
    app::undo_design(state);
    CHECK(state.designs[0] == Design{});
    CHECK(state.designs[0].density_per_cm2 == 90);
    CHECK(state.designs[1].dot_size_mm == 0.8);  // B keeps its edit
    app::redo_design(state);
    CHECK(state.designs[0].density_per_cm2 == 50);
    // "copy to B" is an edit of B: B's Ctrl+Z brings B back.
    state.designs[1] = state.designs[0];
    app::commit_design(state, 1);
    state.active = 1;
    app::undo_design(state);
    CHECK(state.designs[1].dot_size_mm == 0.8);
    CHECK(state.designs[1].preset == Preset::Mature);
}

TEST_CASE("settings round-trip through their file, private and versioned", "[unit][app]") {
    test::TempDir dir;
    const auto path = dir / "config" / "settings.json";
    app::Settings s;
    s.window_width = 1500;
    s.view.mirror = false;
    s.panels.snapshots = false;
    s.design.density_per_cm2 = 42;
    REQUIRE(app::save_settings(path, s).ok());
    CHECK(hairline::test::file_mode(path) == 0600);
    auto back = app::load_settings(path);
    REQUIRE(back.ok());
    CHECK(back->window_width == 1500);
    CHECK_FALSE(back->view.mirror);
    CHECK_FALSE(back->panels.snapshots);
    CHECK(back->design.density_per_cm2 == Approx(42));
    CHECK(app::load_settings(dir / "missing.json")->window_width == 1280);  // defaults
    std::ofstream(dir / "bad.json") << R"({"version": 7})";
    CHECK_FALSE(app::load_settings(dir / "bad.json").ok());
}

TEST_CASE("the frame-time record is a bounded ring with recent figures", "[unit][app]") {
    app::FrameTimes times;
    CHECK(times.fps(1.0, 120) == 0.0);
    CHECK(times.p95_ms(120) == 0.0);
    // 10000 frames at 50 fps, the last 100 taking 30 ms and the rest 10 ms.
    for (int i = 0; i < 10000; ++i) times.add(i * 0.02, i >= 9900 ? 30.0 : 10.0);
    CHECK(times.total() == 10000);
    CHECK(times.fps(9999 * 0.02, 120) == Approx(120.0 / (119 * 0.02)).epsilon(0.001));
    CHECK(times.p95_ms(100) == 30.0);
    CHECK(times.p95_ms(app::FrameTimes::kCapacity) == 10.0);  // 100 of 4096 kept are slow: under 5%
    CHECK(times.p95_ms(1'000'000) == times.p95_ms(app::FrameTimes::kCapacity));
}
