#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/io/atomic_file.h"
#include "engine/session/client_records.h"
#include "engine/session/consultation_sheet.h"
#include "engine/session/snapshot.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

SnapshotInput sample_input() {
    SnapshotInput in;
    in.before = cv::Mat(60, 80, CV_8UC3, cv::Scalar(10, 20, 30));
    in.after = cv::Mat(60, 80, CV_8UC3, cv::Scalar(5, 10, 15));
    in.record.design.hairline_height_mm = 77;
    in.record.design.preset = Preset::Mature;
    in.record.image_width = 80;
    in.record.image_height = 60;
    in.client = "Jo Smith";
    in.source = "demo";
    in.record.pigment_used = Pigment{false, {0.2, 0.2, 0.2}};
    return in;
}

// What a record of `design` gives the sheet: its measures, as photographed
// at `projected_mm`.
SheetMeasures sheet_measures_of(const Design& design, double projected_mm, std::string pigment, std::string type,
                                double confidence) {
    SheetMeasures m;
    m.hairline = measure_hairline(design);
    m.hairline.projected_height_mm = projected_mm;
    m.pigment_used = std::move(pigment);
    m.skin_type = std::move(type);
    m.skin_confidence = confidence;
    return m;
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
    // Any script keeps its letters; composed and decomposed accents are one client.
    CHECK(safe_folder_name("Zoë Ñandú") == "Zoë_Ñandú");
    CHECK(safe_folder_name("Мария Иванова") == "Мария_Иванова");
    CHECK(safe_folder_name("李明") == "李明");
    CHECK(safe_folder_name("José García") == safe_folder_name("Jose\u0301 Garci\u0301a"));
    CHECK(safe_folder_name("José García") == "José_García");
    CHECK(safe_folder_name("\xff\xfe/..") == "unnamed");      // invalid UTF-8 and dots
    CHECK(safe_folder_name(std::string(300, 'x')).size() == 64);
    std::string cjk;
    for (int i = 0; i < 100; ++i) cjk += "李";
    CHECK(safe_folder_name(cjk).size() <= 180);                 // a filesystem's 255-byte names, with room
    CHECK(safe_folder_name(cjk).size() % 3 == 0);               // cut between characters, never inside one
}

TEST_CASE("two clients never share a folder; old folders keep working", "[unit][session]") {
    test::TempDir dir;
    const auto maria = client_folder(dir.path(), "Мария Иванова");
    const auto li = client_folder(dir.path(), "李明");
    CHECK(maria != li);
    CHECK(maria.filename() == "Мария_Иванова");
    CHECK(li.filename() == "李明");
    // "a/b" and "a b" both map to a_b: the second gets a_b-2 once the first saved there.
    const auto first = client_folder(dir.path(), "a/b");
    SnapshotInput in = sample_input();
    in.client = "a/b";
    REQUIRE(save_snapshot(first, in, std::chrono::system_clock::now()).ok());
    CHECK(client_folder(dir.path(), "a/b") == first);
    CHECK(client_folder(dir.path(), "a b") == dir.path() / "a_b-2");
    CHECK(test::file_mode(first / "client.json") == 0600);
    // A folder from an earlier build (no client.json) is used as before.
    std::filesystem::create_directories(dir.path() / "Jo_Smith");
    CHECK(client_folder(dir.path(), "Jo Smith") == dir.path() / "Jo_Smith");
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
    // The measurements are the preview record, as --report writes it.
    CHECK(j["measurements"]["pigment_used"] == "#333333");
    CHECK(j["measurements"]["image"]["width"] == 80);
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
    // Sidecars of earlier builds (version 1) still give their design.
    std::ofstream(dir / "v1.json") << R"({"version": 1, "design": {"version": 1, "density": 60},
                                         "skin_tone": {"ita_deg": 30}, "measurements": {"iod_px": 80}})";
    auto v1 = load_snapshot_design((dir / "v1.json").string());
    REQUIRE(v1.ok());
    CHECK(v1->density_per_cm2 == Approx(60));
    CHECK(load_snapshot_design((dir / "newer.json").string()).error().message().find("newer") != std::string::npos);
    CHECK(load_snapshot_design((dir / "junk.json").string()).error().message().find("junk.json") != std::string::npos);
    CHECK(load_snapshot_design((dir / "bad.json").string()).error().message().find("density") != std::string::npos);
}

TEST_CASE("the consultation sheet is an A4 page with the design", "[unit][session]") {
    SheetInput in;
    in.before = cv::Mat(72, 128, CV_8UC3, cv::Scalar(90, 120, 160));
    in.after = in.before.clone();
    in.client = "client-7";
    in.checks = {"Density 30/cm2 is outside typical SMP values."};
    in.rows = sheet_rows(Design{}, sheet_measures_of(Design{}, 72.0, "#2b2b30", "III", 0.9));
    in.when = std::chrono::system_clock::now();
    const cv::Mat page = consultation_sheet_image(in);
    CHECK(page.cols == 1240);
    CHECK(page.rows == 1754);
    CHECK(cv::countNonZero(page.reshape(1) < 128) > 2000);  // there is text and pictures on it
    // The PDF of the same sheet: one A4 page (pdftotext and pdftoppm read it in the e2e tests).
    auto pdf = consultation_sheet_pdf(in);
    REQUIRE(pdf.ok());
    const std::string text(pdf->begin(), pdf->end());
    CHECK(text.rfind("%PDF-", 0) == 0);
    CHECK(text.find("/MediaBox [ 0 0 595.28 841.89 ]") != std::string::npos);
    CHECK(text.find("/Count 1\n") != std::string::npos);  // one page
    CHECK(consultation_sheet_file(in, "x.docx").error().kind == ErrorKind::BadInput);
}

TEST_CASE("the sheet says the design in words and units", "[unit][session]") {
    Design d;
    d.hairline_height_mm = 75;
    d.density_per_cm2 = 90;
    d.preset = Preset::WidowsPeak;
    const auto rows = sheet_rows(d, sheet_measures_of(d, 71.4, "#2b2b30", "II", 0.8));
    auto value = [&](const std::string& label) {
        for (const auto& r : rows)
            if (r.label == label) return r.value;
        return std::string("(missing)");
    };
    CHECK(value("Hairline shape") == "Widow's peak");
    CHECK(value("Hairline height") == "75 mm above the glabella, along the skin; 71 mm as photographed");
    CHECK(value("Density") == "90 impressions per cm²");
    CHECK(value("Skin tone") == "Fitzpatrick type II (confidence 0.80)");
    // Below the confidence the pipeline trusts, no type is printed as if known.
    bool uncertain = false;
    for (const auto& r : sheet_rows(d, sheet_measures_of(d, 71.4, "#393837", "I", 0.4)))
        if (r.label == "Skin tone") uncertain = r.value.rfind("uncertain", 0) == 0;
    CHECK(uncertain);
    CHECK(value("Pigment").find("Matched to the skin: #2b2b30") == 0);
    for (const auto& r : rows) CHECK(r.label.find('_') == std::string::npos);  // no raw key names
}


TEST_CASE("client records: listed by name, found by name or folder, searched without case or accents", "[unit][session]") {
    test::TempDir dir;
    const auto root = dir / "clients";
    for (const std::string name : {"José García", "Мария Иванова", "李明"}) {
        const auto folder = client_folder(root, name);
        REQUIRE(make_private_dirs(folder).ok());
        REQUIRE(record_client_name(folder, name).ok());
        std::ofstream(folder / "note.txt") << "x";
    }
    std::filesystem::create_directories(root / "legacy_folder");  // an earlier build's: no client.json
    std::filesystem::create_directories(root / ".deleting-old");   // a deletion under way: not a client
    auto list = list_clients(root);
    REQUIRE(list.ok());
    REQUIRE(list->size() == 4);
    CHECK((*list)[0].name == "José García");
    CHECK((*list)[0].files == 2);  // client.json and note.txt
    ClientSummary jose = (*list)[0];
    CHECK(client_matches(jose, "jose"));
    CHECK(client_matches(jose, "GARCÍA"));
    CHECK_FALSE(client_matches(jose, "maria"));
    CHECK(find_client(root, "Мария Иванова")->folder == root / "Мария_Иванова");
    CHECK(find_client(root, "legacy_folder")->name == "legacy_folder");
    CHECK(find_client(root, "Nobody").error().kind == ErrorKind::BadInput);
    CHECK(list_clients(dir / "missing")->empty());
}

TEST_CASE("deleting a client removes every file of that folder and nothing else", "[unit][session]") {
    test::TempDir dir;
    const auto root = dir / "clients";
    const auto a = client_folder(root, "A"), b = client_folder(root, "B");
    for (const auto& f : {a, b}) {
        REQUIRE(make_private_dirs(f).ok());
        std::ofstream(f / "x.png") << "png";
    }
    auto found = find_client(root, "A");
    REQUIRE(found.ok());
    REQUIRE(delete_client(root, *found).ok());
    CHECK_FALSE(std::filesystem::exists(a));
    CHECK(std::filesystem::exists(b / "x.png"));
    // Not a folder of this root, a link, or the root itself: refused, nothing removed.
    ClientSummary outside;
    outside.folder = dir.path();
    CHECK(delete_client(root, outside).error().kind == ErrorKind::BadInput);
    std::filesystem::create_directory_symlink(b, root / "link");
    ClientSummary link;
    link.folder = root / "link";
    CHECK(delete_client(root, link).error().kind == ErrorKind::BadInput);
    CHECK(std::filesystem::exists(b / "x.png"));
    // Nothing is left behind but B.
    int entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(root)) entries += e.path().filename() != "link";
    CHECK(entries == 1);
}

TEST_CASE("exporting a client copies every file privately and adds the newest snapshot's PDF sheet", "[unit][session]") {
    test::TempDir dir;
    const auto root = dir / "clients";
    SnapshotInput in;
    in.before = cv::Mat(60, 80, CV_8UC3, cv::Scalar(90, 120, 160));
    in.after = in.before.clone();
    in.client = "李明";
    in.notes = "soft edge";
    in.source = "demo";
    in.record.design.hairline_height_mm = 77;
    const auto folder = client_folder(root, in.client);
    REQUIRE(save_snapshot(folder, in, std::chrono::system_clock::now()).ok());
    auto client = find_client(root, "李明");
    REQUIRE(client.ok());
    CHECK(client->snapshots == 1);
    const auto history = client_history(client->folder);
    REQUIRE(history.size() == 1);
    CHECK(history[0].design->hairline_height_mm == Approx(77));
    CHECK(history[0].notes == "soft edge");

    std::filesystem::create_directories(dir / "out");
    auto exported = export_client(*client, dir / "out");
    REQUIRE(exported.ok());
    CHECK(test::file_mode(*exported) == 0700);
    int files = 0, sheets = 0;
    for (const auto& e : std::filesystem::directory_iterator(*exported)) {
        ++files;
        CHECK(test::file_mode(e.path()) == 0600);
        if (e.path().filename().string().ends_with("-sheet.pdf")) {
            ++sheets;
            std::ifstream pdf(e.path(), std::ios::binary);
            std::string head(5, '\0');
            pdf.read(head.data(), 5);
            CHECK(head == "%PDF-");
        }
    }
    CHECK(sheets == 1);
    CHECK(files == client->files + 1);
    // A second export goes to a new folder; nothing is replaced.
    auto again = export_client(*client, dir / "out");
    REQUIRE(again.ok());
    CHECK(*again != *exported);
    CHECK(export_client(*client, dir / "missing").error().kind == ErrorKind::BadInput);
}
