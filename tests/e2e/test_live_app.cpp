#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/design/design.h"
#include "tests/support/test_support.h"

using namespace hairline;

TEST_CASE("live app under Xvfb: Ctrl+S saves private snapshots, never overwriting, and exits with figures",
          "[e2e][live]") {
    test::TempDir dir;
    const auto snapshots = dir / "snaps";
    // Two Ctrl+S a second apart, sent with xdotool to the app's window.
    const std::string script = "export XDG_CONFIG_HOME='" + (dir / "config").string() + "' XDG_DATA_HOME='" +
                               (dir / "data").string() + "'; '" + HAIRLINE_BINARY +
                               "' --source demo --snapshots '" + snapshots.string() +
                               "' --client 'Test/../Client' --quit-after 12 & app=$!; sleep 7; "
                               "w=$(xdotool search --name 'SMP consultation' | head -1); "
                               "xdotool windowfocus --sync $w; xdotool key ctrl+s; sleep 1.2; xdotool key ctrl+s; "
                               "wait $app";
    const auto r = test::run_command({"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "/bin/sh", "-c", script},
                                     90.0);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    std::smatch m;
    // The exit figures are printed (how fast is bench's business, not this test's).
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(frames=(\d+) fps=([\d.]+) p95_ms=([\d.]+))")));
    CHECK(std::stoi(m[1]) > 0);

    const auto client = snapshots / "Test_Client";  // the name made safe: no path tricks
    REQUIRE(test::file_exists(client));
    CHECK(hairline::test::file_mode(snapshots) == 0700);
    CHECK(hairline::test::file_mode(client) == 0700);
    std::vector<std::filesystem::path> sidecars;
    for (const auto& e : std::filesystem::directory_iterator(client)) {
        CHECK(hairline::test::file_mode(e.path()) == 0600);
        if (e.path().extension() == ".json" && e.path().filename() != "client.json") sidecars.push_back(e.path());
    }
    REQUIRE(sidecars.size() == 2);  // the second save did not overwrite the first
    for (const auto& sidecar : sidecars) {
        std::ifstream in(sidecar);
        const auto j = nlohmann::json::parse(in);
        CHECK(j["version"] == 2);
        CHECK(j["source"] == "demo");
        CHECK(j["design"]["version"] == kDesignVersion);
        // The preview record of the frame saved, as --report writes it.
        CHECK(j["measurements"]["mm_per_px"].get<double>() > 0.1);
        CHECK(j["measurements"]["dots_drawn"].get<int>() > 1000);
        CHECK(j["measurements"]["skin_tone"]["estimated"] == true);
        auto png = sidecar;
        png.replace_extension(".png");
        const cv::Mat image = cv::imread(png.string());
        CHECK(image.cols == 1280);
        CHECK(image.rows == 720);
    }
    // Settings were kept for next time, privately.
    CHECK(hairline::test::file_mode(dir / "config" / "hairline" / "settings.json") == 0600);
}

TEST_CASE("without a display the main job renders the demo preview and says where", "[e2e][live]") {
    test::TempDir dir;
    const std::string script = "unset DISPLAY WAYLAND_DISPLAY; export XDG_DATA_HOME='" + (dir / "data").string() +
                               "'; exec '" + HAIRLINE_BINARY + "'";
    const auto r = test::run_command({"/bin/sh", "-c", script});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("no display") != std::string::npos);
    const auto folder = dir / "data" / "hairline" / "demo";
    REQUIRE(test::file_exists(folder));
    int pngs = 0;
    for (const auto& e : std::filesystem::directory_iterator(folder)) pngs += e.path().extension() == ".png";
    CHECK(pngs == 1);
}

TEST_CASE("live app under Xvfb: snapshots and a sheet asked for just before it quits are all saved before it exits",
          "[e2e][live]") {
    // The saves run on the job worker; quitting finishes them first (nothing
    // asked for is lost), and the UI is never held up by them.
    test::TempDir dir;
    const auto snapshots = dir / "snaps";
    const auto r = test::run_command({"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "/usr/bin/env",
                                      "XDG_CONFIG_HOME=" + (dir / "config").string(),
                                      "XDG_DATA_HOME=" + (dir / "data").string(), HAIRLINE_BINARY, "--source", "demo",
                                      "--snapshots", snapshots.string(), "--client", "Last Minute", "--snapshot-after",
                                      "3", "--snapshot-after", "3", "--sheet-after", "3", "--quit-after", "3.4"},
                                     90.0);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto client = snapshots / "Last_Minute";
    REQUIRE(test::file_exists(client));
    int previews = 0, sidecars = 0, sheets = 0;
    for (const auto& e : std::filesystem::directory_iterator(client)) {
        CHECK(hairline::test::file_mode(e.path()) == 0600);
        const std::string name = e.path().filename().string();
        if (e.path().extension() == ".json" && name != "client.json") ++sidecars;
        if (e.path().extension() == ".png" && name.find("before-after") == std::string::npos) ++previews;
        if (e.path().extension() == ".pdf") ++sheets;
    }
    CHECK(previews == 2);
    CHECK(sidecars == 2);
    CHECK(sheets == 1);
    // Both snapshots reported done (the results ran before the exit).
    std::size_t said = 0;
    for (std::size_t at = r.err.find("snapshot saved"); at != std::string::npos; at = r.err.find("snapshot saved", at + 1))
        ++said;
    CHECK(said == 2);
}
