// The hairline's one set of measures: every view prints the line that is
// drawn (a freeform line's own height, not the preset slider's), the checks
// and the sheet's "within the guidelines" share one set of thresholds, and
// the height control moves a drawn line by the millimetres asked.

#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/design/design_checks.h"
#include "engine/design/design_edit.h"
#include "engine/design/design_json.h"
#include "engine/geom/scalp_picking.h"
#include "engine/preview/dot_field_store.h"
#include "engine/preview/guides.h"
#include "engine/preview/look_checks.h"
#include "engine/preview/preview_record.h"
#include "engine/session/client_records.h"
#include "engine/session/consultation_sheet.h"
#include "engine/session/snapshot.h"
#include "tests/support/test_support.h"

using namespace hairline;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// A symmetric freeform line whose control point on the midline is at 92 mm
// (along the skin), the preset slider left at 80: the slider a freeform line
// ignores, and which the sheet printed before.
Design freeform_92() {
    Design d;
    d.hairline_height_mm = 80;
    d.control_points = {{0, 92}, {15, 93}, {30, 96}, {43, 104}};
    d.symmetric = true;
    return d;
}

// A frontal face 1 m from the camera (0.5 mm per pixel at the eyes) on a
// plain 640 x 480 frame; `principal_y` places it up or down in the frame.
FrameFacts frontal_facts(double principal_y = 260.0) {
    FrameFacts facts;
    facts.bgr = cv::Mat(480, 640, CV_8UC3, cv::Scalar(120, 140, 180));
    facts.face = test::frontal_face(CameraIntrinsics{2000.0, {320.0, principal_y}});
    return facts;
}

std::string row_value(const std::vector<SheetRow>& rows, const std::string& label) {
    for (const auto& r : rows)
        if (r.label == label) return r.value;
    return "(missing)";
}

bool has_key(const std::vector<DesignWarning>& warnings, const std::string& key) {
    for (const auto& w : warnings)
        if (w.key == key) return true;
    return false;
}

}  // namespace

TEST_CASE("a freeform line at 92 mm: the report, sheet, guides and checks print 92, not the slider's 80",
          "[unit][measures]") {
    const Design design = freeform_92();
    const FrameFacts facts = frontal_facts();
    const PreviewScene scene = make_preview_scene(design, facts);
    CHECK(scene.hairline.height_mm == Approx(92.0).margin(0.01));

    // The report (--report, snapshot sidecars).
    const PreviewRecord record = make_preview_record(design, facts, scene);
    const nlohmann::json report = preview_record_json(record);
    const double reported = report["hairline_height_mm"].get<double>();
    CHECK(reported >= 91.0);
    CHECK(reported <= 93.0);
    CHECK(report["guidelines"]["hairline_height"] == "within");

    // The consultation sheet: "92 mm above the glabella, along the skin; N mm as photographed".
    const std::vector<SheetRow> rows = sheet_rows(design, sheet_measures(record));
    CHECK_THAT(row_value(rows, "Hairline height"), StartsWith("92 mm above the glabella, along the skin; "));
    CHECK(row_value(rows, "Hairline shape") == "Freeform (drawn by the practitioner)");

    // The guide's label, and its line ends at the drawn mid-frontal point.
    const GuideGeometry guides = make_guides(scene, facts.face->fit, facts.face->landmarks);
    CHECK(guides.height_label == "92 mm");
    REQUIRE(scene.midline_px);
    CHECK(guides.height.second.y == Approx(scene.midline_px->y));

    // The checks judge the drawn line: a slider at 60 (below the range) changes nothing;
    // the same line drawn at 105 is too high whatever the slider says.
    Design slider_low = design;
    slider_low.hairline_height_mm = 60;
    CHECK_FALSE(has_key(design_warnings(slider_low, make_preview_scene(slider_low, facts).hairline, std::nullopt),
                        "hairline_height"));
    Design drawn_high = design;
    set_hairline_height(drawn_high, 105);
    drawn_high.hairline_height_mm = 80;
    const auto high = design_warnings(drawn_high, make_preview_scene(drawn_high, facts).hairline, std::nullopt);
    REQUIRE(has_key(high, "hairline_height"));
    CHECK_THAT(high.front().message, StartsWith("Hairline 105 mm"));
}

TEST_CASE("the notice about a hairline outside the picture names the drawn height", "[unit][measures]") {
    // The face high in the frame: the line 92 mm up is above the picture's top edge.
    const FrameFacts facts = frontal_facts(60.0);
    const PreviewScene scene = make_preview_scene(freeform_92(), facts);
    REQUIRE_FALSE(scene.notices.empty());
    CHECK_THAT(scene.notices.back(), StartsWith("the hairline at 92 mm is outside the picture"));
}

TEST_CASE("the client history prints the drawn height, also from an earlier build's sidecar", "[unit][measures]") {
    test::TempDir dir;
    const Design design = freeform_92();
    const FrameFacts facts = frontal_facts();
    SnapshotInput in;
    in.before = facts.bgr;
    in.after = facts.bgr.clone();
    in.record = make_preview_record(design, facts, make_preview_scene(design, facts));
    in.client = "Jo";
    in.source = "demo";
    REQUIRE(save_snapshot(dir.path(), in, std::chrono::system_clock::now()).ok());
    auto history = client_history(dir.path());
    REQUIRE(history.size() == 1);
    REQUIRE(history[0].design);
    CHECK_THAT(history_summary(history[0]), StartsWith("Freeform, hairline 92 mm, 90 impressions per cm²"));

    // An earlier build recorded the slider's 80 for this line (record version 1):
    // its design is measured instead. The as-photographed figure is taken as recorded.
    const nlohmann::json old = {{"version", 2},
                                {"saved_utc", "2026-01-02T03:04:05Z"},
                                {"design", design_to_json_value(design)},
                                {"measurements", {{"version", 1}, {"hairline_height_mm", 80.0},
                                                  {"hairline_height_projected_mm", 84.0}}}};
    std::filesystem::remove_all(dir.path());
    std::filesystem::create_directories(dir.path());
    std::ofstream(dir / "20260102-030405.json") << old.dump();
    std::ofstream(dir / "20260102-030405.png") << "png";
    history = client_history(dir.path());
    REQUIRE(history.size() == 1);
    CHECK_THAT(history_summary(history[0]), StartsWith("Freeform, hairline 92 mm"));
    CHECK(history[0].hairline.projected_height_mm == Approx(84.0));
}

TEST_CASE("one set of guidelines: the checks warn exactly where the sheet's sentence stops", "[unit][measures]") {
    const std::string sentence = within_guidelines_sentence();
    CHECK_THAT(sentence, Contains(range_text(kHeightGuidelineMm) + " mm above the glabella"));
    CHECK_THAT(sentence, Contains(range_text(kDensityGuidelinePerCm2) + " impressions per cm²"));
    CHECK(range_text(kDensityGuidelinePerCm2) == "80-100");
    CHECK(range_text(kHeightGuidelineMm) == "70-100");
    const FaceAnchors anchors{44.0};
    for (int density = 50; density <= 130; ++density) {
        Design d;
        d.density_per_cm2 = density;
        const bool within = density >= kDensityGuidelinePerCm2.low && density <= kDensityGuidelinePerCm2.high;
        INFO(density << "/cm²");
        CHECK(has_key(check_design(d, measure_hairline(d, anchors)), "density") == !within);
    }
    for (int height = 60; height <= 110; ++height) {
        Design d;
        d.preset = Preset::Straight;
        d.hairline_height_mm = height;
        const bool within = height >= kHeightGuidelineMm.low && height <= kHeightGuidelineMm.high;
        INFO(height << " mm");
        CHECK(has_key(check_design(d, measure_hairline(d, anchors)), "hairline_height") == !within);
    }
}

TEST_CASE("a design at 65 impressions per cm² is not called within 80-100 on its sheet", "[unit][measures]") {
    FrameFacts facts = frontal_facts();
    facts.dot_field = DotFieldStore(false).get(facts.face->fit.head, 1);  // dots on the head: no notice
    Design design;
    design.density_per_cm2 = 65;
    const PreviewRecord record = make_preview_record(design, facts, make_preview_scene(design, facts));
    const std::vector<std::string> checks = sheet_checks(record);
    // The sheet prints the "within" sentence only when there is no check.
    REQUIRE_FALSE(checks.empty());
    CHECK(checks.front() ==
          "Density 65/cm² is below the clinical range (80-100 impressions/cm²): it reads as thinning hair rather than "
          "a full shaved look.");
    CHECK(preview_record_json(record)["guidelines"]["density"] == "below");
    design.density_per_cm2 = 90;
    const auto usual = sheet_checks(make_preview_record(design, facts, make_preview_scene(design, facts)));
    for (const auto& c : usual) UNSCOPED_INFO(c);
    CHECK(usual.empty());  // the sheet says "Within the clinical guidelines (...)"
}

TEST_CASE("the height control moves a drawn freeform line by the millimetres asked, read back from its pixels",
          "[unit][measures]") {
    const FrameFacts facts = frontal_facts();
    const FaceFit& fit = facts.face->fit;
    const ScalpChart chart(fit.head);
    Design design = freeform_92();
    design.irregularity = 0;
    const PreviewScene before = make_preview_scene(design, facts);
    set_hairline_height(design, 82.0);  // the slider moved from 92 to 82
    const PreviewScene after = make_preview_scene(design, facts);
    CHECK(after.hairline.height_mm == Approx(82.0).margin(0.01));

    // The drawn line (the polyline the guides and the live view draw), each
    // pixel cast back onto the fitted head: every point is 10 mm lower along
    // the skin, so the shape drawn is kept.
    REQUIRE(before.hairline_px.size() == after.hairline_px.size());
    const std::size_t mid = before.hairline_px.size() / 2;
    for (std::size_t i = 0; i < before.hairline_px.size(); i += 4) {
        const auto was = pick_scalp(fit.projection, chart, before.hairline_px[i]);
        const auto now = pick_scalp(fit.projection, chart, after.hairline_px[i]);
        REQUIRE(was);
        REQUIRE(now);
        INFO("point " << i);
        CHECK(was->h_mm - now->h_mm == Approx(10.0).margin(0.3));
        CHECK(now->x_mm == Approx(was->x_mm).margin(0.3));
    }
    const auto mid_now = pick_scalp(fit.projection, chart, after.hairline_px[mid]);
    REQUIRE(mid_now);
    CHECK(mid_now->h_mm == Approx(82.0).margin(0.3));
    // In the picture the line moved down; the forehead curves away from the
    // camera up there, so 10 mm along the skin shows as a little less.
    const double moved_px = after.hairline_px[mid].y - before.hairline_px[mid].y;
    CHECK(moved_px * fit.mm_per_px > 7.0);
    CHECK(moved_px * fit.mm_per_px < 10.0);

    // A preset's slider moves its line the same way.
    Design preset;
    preset.irregularity = 0;
    const PreviewScene at80 = make_preview_scene(preset, facts);
    set_hairline_height(preset, 90.0);
    const PreviewScene at90 = make_preview_scene(preset, facts);
    const auto p80 = pick_scalp(fit.projection, chart, at80.hairline_px[mid]);
    const auto p90 = pick_scalp(fit.projection, chart, at90.hairline_px[mid]);
    REQUIRE(p80);
    REQUIRE(p90);
    CHECK(p90->h_mm - p80->h_mm == Approx(10.0).margin(0.3));
}

TEST_CASE("the freeform height control stops where a point would leave the height range", "[unit][measures]") {
    Design design = freeform_92();  // corners at 104 mm
    set_hairline_height(design, 200.0);
    CHECK(design.control_points.back().h_mm == Approx(kControlPointMaxHMm));
    CHECK(measure_hairline(design).height_mm == Approx(92.0 + kControlPointMaxHMm - 104.0));
    CHECK(validate_design(design, "test").ok());
    set_hairline_height(design, 10.0);
    CHECK(design.control_points.front().h_mm == Approx(kControlPointMinHMm));
    CHECK(validate_design(design, "test").ok());
}
