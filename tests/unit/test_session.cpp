#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "app/live_state.h"
#include "app/settings.h"
#include "engine/design/design_checks.h"
#include "engine/design/design_json.h"
#include "engine/geom/scalp_picking.h"
#include "engine/session/consultation_sheet.h"
#include "engine/session/snapshot.h"
#include "engine/track/face_fit.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

SnapshotInput sample_input() {
    SnapshotInput in;
    in.before = cv::Mat(60, 80, CV_8UC3, cv::Scalar(10, 20, 30));
    in.after = cv::Mat(60, 80, CV_8UC3, cv::Scalar(5, 10, 15));
    in.design.hairline_height_mm = 77;
    in.design.preset = Preset::Mature;
    in.client = "Jo Smith";
    in.source = "demo";
    in.pigment_used = Pigment{false, {0.2, 0.2, 0.2}};
    return in;
}

}  // namespace

TEST_CASE("client names become safe folder names", "[unit][session]") {
    CHECK(safe_folder_name("Jo Smith") == "Jo_Smith");
    CHECK(safe_folder_name("../../etc/passwd") == "etc_passwd");
    CHECK(safe_folder_name("/abs/path") == "abs_path");
    CHECK(safe_folder_name("..") == "unnamed");
    CHECK(safe_folder_name("") == "unnamed");
    CHECK(safe_folder_name("client-0042_b") == "client-0042_b");
    CHECK(safe_folder_name(std::string("a\0b\nc", 5)) == "a_b_c");
    CHECK(safe_folder_name(std::string(300, 'x')).size() == 64);
    CHECK(safe_folder_name("Zoë Ünal") == "Zo_nal");
}

TEST_CASE("snapshots are three private files that never overwrite", "[unit][session]") {
    test::TempDir dir;
    const auto folder = dir / "clients" / "Jo_Smith";
    const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    auto first = save_snapshot(folder, sample_input(), when);
    REQUIRE(first.ok());
    auto second = save_snapshot(folder, sample_input(), when);  // same second
    REQUIRE(second.ok());
    CHECK(first->image != second->image);
    for (const auto& s : {*first, *second})
        for (const auto& p : {s.image, s.before_after, s.sidecar}) {
            INFO(p);
            CHECK(test::file_exists(p));
            CHECK(hairline::test::file_mode(p) == 0600);
        }
    CHECK(hairline::test::file_mode(folder) == 0700);
    CHECK(cv::imread(first->before_after.string()).cols == 160);

    std::ifstream in(first->sidecar);
    const auto j = nlohmann::json::parse(in);
    CHECK(j["version"] == kSnapshotVersion);
    CHECK(j["client"]["name"] == "Jo Smith");
    CHECK(j["design"]["hairline_height"] == 77.0);
    CHECK(j["saved_utc"].get<std::string>().size() == 20);
    CHECK(list_snapshots(folder).size() == 2);

    // The sidecar restores its design.
    auto restored = load_snapshot_design(first->sidecar.string());
    REQUIRE(restored.ok());
    CHECK(restored->preset == Preset::Mature);
    CHECK(restored->hairline_height_mm == Approx(77));
}

TEST_CASE("mirrored snapshots are saved as the client saw them", "[unit][session]") {
    test::TempDir dir;
    SnapshotInput in = sample_input();
    in.after = cv::Mat(10, 20, CV_8UC3, cv::Scalar(0, 0, 0));
    in.before = in.after.clone();
    in.after.at<cv::Vec3b>(0, 0) = cv::Vec3b(255, 255, 255);
    in.mirrored = true;
    auto saved = save_snapshot(dir.path(), in, std::chrono::system_clock::now());
    REQUIRE(saved.ok());
    const cv::Mat back = cv::imread(saved->image.string());
    CHECK(back.at<cv::Vec3b>(0, 19) == cv::Vec3b(255, 255, 255));
}

TEST_CASE("bad sidecars are refused with the file named", "[unit][session]") {
    test::TempDir dir;
    std::ofstream(dir / "newer.json") << R"({"version": 99, "design": {"version": 1}})";
    std::ofstream(dir / "junk.json") << "not json";
    std::ofstream(dir / "bad.json") << R"({"version": 1, "design": {"version": 1, "density": 999}})";
    CHECK(load_snapshot_design((dir / "newer.json").string()).error().message().find("newer") != std::string::npos);
    CHECK(load_snapshot_design((dir / "junk.json").string()).error().message().find("junk.json") != std::string::npos);
    CHECK(load_snapshot_design((dir / "bad.json").string()).error().message().find("density") != std::string::npos);
}

TEST_CASE("the consultation sheet is an A4 page with the design", "[unit][session]") {
    SheetInput in;
    in.before = cv::Mat(72, 128, CV_8UC3, cv::Scalar(90, 120, 160));
    in.after = in.before.clone();
    in.client = "client-7";
    in.checks = {{"density", "Density 30/cm2 is outside typical SMP values."}};
    in.when = std::chrono::system_clock::now();
    const cv::Mat page = make_consultation_sheet(in);
    CHECK(page.cols == 1240);
    CHECK(page.rows == 1754);
    CHECK(cv::countNonZero(page.reshape(1) < 128) > 2000);  // there is text and pictures on it
}

TEST_CASE("design warnings follow the clinical rules", "[unit][design]") {
    const FaceAnchors anchors{44.0};
    CHECK(check_design(Design{}, anchors).empty());
    Design low;
    low.hairline_height_mm = 60;
    low.density_per_cm2 = 30;
    low.dot_size_mm = 1.2;
    std::vector<std::string> keys;
    for (const auto& w : check_design(low, anchors)) keys.push_back(w.key);
    CHECK(keys == std::vector<std::string>{"hairline_height", "density", "dot_size"});
    Design wide;
    wide.control_points = {{0, 80}, {20, 82}, {40, 86}, {56, 95}};
    CHECK(check_design(wide, anchors).front().key == "control_points");
}

TEST_CASE("a pixel on the scalp maps back to its design-chart point", "[unit][geometry]") {
    FaceProjection p;
    p.camera = CameraIntrinsics{3200.0, {640.0, 360.0}};
    p.pose = pose_from_angles({10, -5, 4}, {20.0, -10.0, 1200.0});
    const auto fit = fit_face(test::synthetic_landmarks(p), p.camera, 63.0);
    REQUIRE(fit.ok());
    const ScalpChart chart(fit->head);
    for (const ChartPoint target : {ChartPoint{0, 80}, ChartPoint{-25, 90}, ChartPoint{35, 100}}) {
        const glm::dvec2 px = project_point(fit->projection, *chart.point_at(target));
        const auto picked = pick_scalp(fit->projection, chart, px);
        REQUIRE(picked.has_value());
        CHECK(picked->x_mm == Approx(target.x_mm).margin(0.3));
        CHECK(picked->h_mm == Approx(target.h_mm).margin(0.3));
    }
    CHECK_FALSE(pick_scalp(fit->projection, chart, {5.0, 700.0}).has_value());  // far below the head
}

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
