// The consultation-room flows from the outside: the live app under Xvfb
// makes a client's snapshots and sheet, `hairline clients` lists, shows,
// exports and deletes them, `hairline consultation` writes the PDF sheet.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/support/test_support.h"

using namespace hairline;
using Catch::Matchers::Contains;

namespace {

// One live-app session on the demo for this client: a snapshot after 2 s,
// and the consultation sheet after 2.5 s when asked.
test::CommandResult live_session(const test::TempDir& dir, const std::string& client, bool sheet,
                                 std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "/usr/bin/env",
                                  "XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
                                  HAIRLINE_BINARY, "--source", "demo", "--snapshots", (dir / "clients").string(),
                                  "--client", client, "--snapshot-after", "2", "--quit-after", "4"};
    if (sheet) argv.insert(argv.end(), {"--sheet-after", "2.5"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test::run_command(argv, 90.0);
}

// Every file under a folder with its size.
std::map<std::string, std::uintmax_t> files_under(const std::filesystem::path& root) {
    std::map<std::string, std::uintmax_t> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) out[e.path().string()] = e.file_size();
    return out;
}

std::string pdf_text(const std::filesystem::path& pdf) {
    return test::run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"}).out;
}

// The sheet's words with every line break and run of spaces as one space
// (pdftotext breaks a sentence where the sheet wrapped it).
std::string pdf_words(const std::filesystem::path& pdf) {
    std::string out;
    for (const char c : pdf_text(pdf)) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
        if (!space) out.push_back(c);
        else if (!out.empty() && out.back() != ' ') out.push_back(' ');
    }
    return out;
}

}  // namespace

TEST_CASE("live app under Xvfb, then clients: two snapshots and a sheet listed, shown, exported and deleted, the others untouched",
          "[e2e][live][clients]") {
    test::TempDir dir;
    const std::string maria = "Мария Иванова", li = "李明";
    for (const auto& [client, sheet] : {std::pair{maria, true}, std::pair{maria, false}, std::pair{li, false}}) {
        const auto r = live_session(dir, client, sheet);
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
    }
    const auto root = dir / "clients";
    const auto folder = root / "Мария_Иванова";  // the letters kept
    REQUIRE(test::file_exists(folder));
    REQUIRE(test::file_exists(root / "李明"));

    const auto listed = test::run_hairline({"clients", "--snapshots", root.string(), "list", "--json"});
    INFO(listed.err);
    REQUIRE(listed.exit_code == 0);
    const auto list = nlohmann::json::parse(listed.out);
    REQUIRE(list.size() == 2);
    std::map<std::string, int> snapshots;
    for (const auto& c : list) snapshots[c["name"].get<std::string>()] = c["snapshots"].get<int>();
    CHECK(snapshots[maria] == 2);
    CHECK(snapshots[li] == 1);
    // Search ignores case: "мария" finds her, not him.
    const auto found = test::run_hairline({"clients", "--snapshots", root.string(), "list", "--search", "мария"});
    CHECK(found.out.find(maria) != std::string::npos);
    CHECK(found.out.find(li) == std::string::npos);
    const auto shown = test::run_hairline({"clients", "--snapshots", root.string(), "show", maria});
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out.find("snapshots: 2") != std::string::npos);
    CHECK(shown.out.find("hairline 80 mm") != std::string::npos);

    // The live app's sheet button wrote a one-page PDF with her name.
    REQUIRE(test::file_exists(folder / "consultation-sheet.pdf"));
    CHECK(pdf_text(folder / "consultation-sheet.pdf").find(maria) != std::string::npos);

    // Export: every file copied privately, plus the newest snapshot's sheet.
    const auto out = dir / "export";
    std::filesystem::create_directories(out);
    const auto exported = test::run_hairline({"clients", "--snapshots", root.string(), "export", maria, out.string()});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    const std::filesystem::path copy = exported.out.substr(0, exported.out.find('\n'));
    CHECK(test::file_mode(copy) == 0700);
    int copied = 0, sheets = 0;
    for (const auto& e : std::filesystem::directory_iterator(copy)) {
        CHECK(test::file_mode(e.path()) == 0600);
        ++copied;
        // The export's own sheet is named after the newest snapshot (the app's sheets are copied as they are).
        if (std::regex_match(e.path().filename().string(), std::regex(R"(\d{8}-\d{6}(-\d+)?-sheet\.pdf)"))) {
            ++sheets;
            const std::string text = pdf_text(e.path());
            CHECK(text.find(maria) != std::string::npos);
            CHECK(text.find("80 mm above the glabella") != std::string::npos);
            CHECK(text.find("90 impressions per cm²") != std::string::npos);
        }
    }
    CHECK(sheets == 1);
    CHECK(copied == static_cast<int>(files_under(folder).size()) + 1);

    // Delete: refused without --yes, then every file of hers is gone, his are as they were.
    const auto his_before = files_under(root / "李明");
    const auto refused = test::run_hairline({"clients", "--snapshots", root.string(), "delete", maria});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--yes") != std::string::npos);
    CHECK(test::file_exists(folder));
    const auto deleted = test::run_hairline({"clients", "--snapshots", root.string(), "delete", maria, "--yes"});
    INFO(deleted.err);
    REQUIRE(deleted.exit_code == 0);
    CHECK_FALSE(test::file_exists(folder));
    for (const auto& [path, size] : files_under(root)) CHECK(path.find("Мария") == std::string::npos);
    CHECK(files_under(root / "李明") == his_before);
    CHECK(test::run_hairline({"clients", "--snapshots", root.string(), "show", maria}).exit_code == 2);

    // The same from the live app: a client with a snapshot and a sheet, deleted by the Clients
    // panel's confirmed action (its test hook), while the app runs.
    const std::string zoe = "Zoë Ñandú";
    REQUIRE(live_session(dir, zoe, true).exit_code == 0);
    REQUIRE(test::file_exists(root / "Zoë_Ñandú" / "consultation-sheet.pdf"));
    const auto in_app = live_session(dir, zoe, false, {"--delete-client-after", "3.5"});
    INFO(in_app.err);
    REQUIRE(in_app.exit_code == 0);
    CHECK(in_app.err.find("client deleted") != std::string::npos);
    CHECK_FALSE(test::file_exists(root / "Zoë_Ñandú"));  // also the snapshot taken at 2 s in this run
    CHECK(files_under(root / "李明") == his_before);
    for (const auto& e : std::filesystem::directory_iterator(root)) CHECK(e.path().filename() == "李明");
}

TEST_CASE("consultation: a photo to a one-page A4 PDF with the client's name in any script", "[e2e][clients]") {
    test::TempDir dir;
    const std::string photo = test::source_path("assets/astronaut.png");
    const auto pdf = dir / "sheet.pdf";
    const std::string name = "李明 (Мария) José राम";  // CJK, Cyrillic, Latin, Devanagari: each needs its font
    const auto r = test::run_hairline({"consultation", photo, "-o", pdf.string(), "--client", name, "--set",
                                       "hairline_height=75", "--set", "density=85", "--notes", "soft front edge"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(test::file_mode(pdf) == 0600);
    const auto info = test::run_command({"/usr/bin/pdfinfo", pdf.string()});
    CHECK(info.out.find("Pages:           1") != std::string::npos);
    CHECK(info.out.find("595.28 x 841.89 pts (A4)") != std::string::npos);
    const std::string text = pdf_text(pdf);
    CHECK(text.find(name) != std::string::npos);
    CHECK(text.find("75 mm above the glabella") != std::string::npos);
    CHECK(text.find("85 impressions per cm²") != std::string::npos);
    CHECK(text.find("soft front edge") != std::string::npos);
    CHECK(text.find("Client signature") != std::string::npos);
    // It renders: A4 at 50 dpi is 413.4 x 584.6 (pdftoppm rounds up).
    const auto page = dir / "page";
    REQUIRE(test::run_command({"/usr/bin/pdftoppm", "-r", "50", "-png", "-singlefile", pdf.string(), page.string()}).exit_code == 0);
    const cv::Mat rendered = cv::imread(page.string() + ".png");
    CHECK(std::abs(rendered.cols - 413) <= 1);
    CHECK(std::abs(rendered.rows - 585) <= 1);

    // The same sheet as a PNG at 150 dpi; anything else is refused before any work.
    const auto png = dir / "sheet.png";
    REQUIRE(test::run_hairline({"consultation", photo, "-o", png.string(), "--client", name}).exit_code == 0);
    const cv::Mat sheet = cv::imread(png.string());
    CHECK(sheet.cols == 1240);
    CHECK(sheet.rows == 1754);
    const auto bad = test::run_hairline({"consultation", photo, "-o", (dir / "sheet.docx").string()});
    CHECK(bad.exit_code == 2);
    CHECK_FALSE(test::file_exists(dir / "sheet.docx"));
}

TEST_CASE("consultation and render --report: a freeform line at 92 mm prints 92 mm; 65 per cm² is not within 80-100",
          "[e2e][clients]") {
    test::TempDir dir;
    const std::string photo = test::source_path("assets/astronaut.png");
    // The preset slider left at 80: the line drawn is the control points'.
    const auto design = dir / "freeform.json";
    std::ofstream(design) << R"({"version": 2, "hairline_height": 80, "symmetric": true,
                                 "control_points": [[0, 92], [15, 93], [30, 96], [43, 104]]})";
    const auto report = dir / "report.json";
    const auto rendered = test::run_hairline({"render", photo, "-o", (dir / "out.png").string(), "--design",
                                              design.string(), "--report", report.string()});
    INFO(rendered.err);
    REQUIRE(rendered.exit_code == 0);
    std::ifstream report_in(report);
    const double reported = nlohmann::json::parse(report_in)["hairline_height_mm"].get<double>();
    CHECK(reported >= 91.0);
    CHECK(reported <= 93.0);
    const auto pdf = dir / "freeform.pdf";
    REQUIRE(test::run_hairline({"consultation", photo, "-o", pdf.string(), "--design", design.string()}).exit_code == 0);
    const std::string text = pdf_words(pdf);
    CHECK_THAT(text, Contains("92 mm above the glabella, along the skin"));
    CHECK_THAT(text, !Contains("80 mm above the glabella"));

    // One set of guidelines: 65 per cm² gets the density check, not the "within" sentence.
    const auto sparse = dir / "sparse.pdf";
    REQUIRE(test::run_hairline({"consultation", photo, "-o", sparse.string(), "--set", "density=65"}).exit_code == 0);
    const std::string sparse_text = pdf_words(sparse);
    CHECK_THAT(sparse_text, !Contains("Within the clinical guidelines"));
    CHECK_THAT(sparse_text, Contains("Density 65/cm² is below the clinical range (80-100"));
}

TEST_CASE("live app under Xvfb: --client-view opens the client's window beside the main one (one screen)",
          "[e2e][live]") {
    test::TempDir dir;
    // Xvfb has one screen (its RandR shows one monitor): the window opens
    // beside the main one. With a second monitor it fills that one instead.
    const std::string script = "export XDG_CONFIG_HOME='" + (dir / "config").string() + "' XDG_DATA_HOME='" +
                               (dir / "data").string() + "'; '" + HAIRLINE_BINARY +
                               "' --source demo --client-view --quit-after 6 & app=$!; sleep 4; "
                               "xdotool search --name 'hairline - client view' | wc -l; "
                               "w=$(xdotool search --name 'hairline - client view' | head -1); "
                               "xdotool getwindowgeometry $w; wait $app";
    const auto r = test::run_command({"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 2400x1000x24", "/bin/sh", "-c", script},
                                     90.0);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("1\n", 0) == 0);  // exactly one client window
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(Position: (\d+),(\d+))")));
    CHECK(std::stoi(m[1]) >= 1280);  // beside the 1280-wide main window, not over it
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(frames=(\d+) fps=([\d.]+))")));
    CHECK(std::stoi(m[1]) > 0);
}
