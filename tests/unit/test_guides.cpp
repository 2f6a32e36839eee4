// The live view's guides are the engine's: guide_marks() maps make_guides()'s
// lines to the screen and adds only fixed screen lengths (band width, ticks).

#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

#include "app/live/guide_marks.h"
#include "engine/design/hairline_measures.h"
#include "engine/preview/guides.h"
#include "engine/preview/preview_scene.h"
#include "tests/support/test_support.h"

namespace hairline {
namespace {

std::vector<app::GuideLine> lines_of(const std::vector<app::GuideMark>& marks) {
    std::vector<app::GuideLine> lines;
    for (const auto& m : marks)
        if (const auto* l = std::get_if<app::GuideLine>(&m)) lines.push_back(*l);
    return lines;
}

std::vector<std::string> labels_of(const std::vector<app::GuideMark>& marks) {
    std::vector<std::string> labels;
    for (const auto& m : marks)
        if (const auto* t = std::get_if<app::GuideLabel>(&m)) labels.push_back(t->text);
    return labels;
}

// 200 x 100 image pixels from (100, 50) shown at twice the size from screen (10, 20).
app::SceneLayout test_layout(bool mirror) {
    app::SceneLayout layout;
    layout.origin = ImVec2(10, 20);
    layout.scale = 2.0;
    layout.mirror = mirror;
    layout.view = {100, 50, 200, 100};
    layout.image_width = 640;
    layout.image_height = 480;
    return layout;
}

app::ViewOptions only(bool app::ViewOptions::*guide) {
    app::ViewOptions v;
    v.guide_hairline = v.guide_thirds = v.guide_rule = v.guide_temples = v.guide_ruler = false;
    v.*guide = true;
    return v;
}

}  // namespace

TEST_CASE("guide marks: the engine's points, mapped to the screen", "[unit][app]") {
    GuideGeometry g;
    g.hairline = {{150, 80}, {200, 60}, {250, 80}};
    g.temple_right = {{150, 120}, {150, 80}};
    g.temple_left = {{250, 120}, {250, 80}};
    g.thirds = {{{140, 70}, {260, 70}}};
    g.band = {{70.0, {200, 90}}, {100.0, {200, 60}}};
    g.ruler = {{0.0, {200, 140}}, {10.0, {200, 130}}, {50.0, {200, 100}}};

    SECTION("the hairline: one segment per pair of points, unmirrored") {
        const auto lines = lines_of(app::guide_marks(g, only(&app::ViewOptions::guide_hairline), test_layout(false)));
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].a.x == 110.0f);  // 10 + (150 - 100) * 2
        CHECK(lines[0].a.y == 80.0f);   // 20 + (80 - 50) * 2
        CHECK(lines[0].b.x == 210.0f);
        CHECK(lines[0].b.y == 40.0f);
        CHECK(lines[1].b.x == 310.0f);
    }
    SECTION("mirrored: x runs from the view's right edge") {
        const auto lines = lines_of(app::guide_marks(g, only(&app::ViewOptions::guide_temples), test_layout(true)));
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].a.x == 310.0f);  // 10 + (100 + 200 - 150) * 2
        CHECK(lines[0].a.y == 160.0f);
        CHECK(lines[1].a.x == 110.0f);
    }
    SECTION("the band: 40 points either side of each end, labelled in mm") {
        const auto marks = app::guide_marks(g, only(&app::ViewOptions::guide_rule), test_layout(false));
        const auto lines = lines_of(marks);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].a.x == 170.0f);  // 210 - 40
        CHECK(lines[0].b.x == 250.0f);
        CHECK(lines[0].a.y == 100.0f);
        CHECK(lines[1].a.y == 40.0f);
        CHECK(labels_of(marks) == std::vector<std::string>{"70 mm", "100 mm"});
    }
    SECTION("the ruler: ticks end on the midline, long every 50 mm, labels every 20 mm") {
        const auto marks = app::guide_marks(g, only(&app::ViewOptions::guide_ruler), test_layout(false));
        const auto lines = lines_of(marks);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].b.x == 210.0f);
        CHECK(lines[0].b.y == 200.0f);
        CHECK(lines[0].a.x == 196.0f);  // long tick at 0 mm
        CHECK(lines[1].a.x == 203.0f);  // short tick at 10 mm
        CHECK(lines[2].a.x == 196.0f);  // long tick at 50 mm
        CHECK(labels_of(marks) == std::vector<std::string>{"0"});
    }
    SECTION("nothing asked, nothing drawn") {
        app::ViewOptions none = only(&app::ViewOptions::guide_hairline);
        none.guide_hairline = false;
        CHECK(app::guide_marks(g, none, test_layout(false)).empty());
    }
}

TEST_CASE("guide marks: the live view draws make_guides' lines", "[unit][app]") {
    FrameFacts facts;
    facts.bgr = cv::Mat(480, 640, CV_8UC3, cv::Scalar(120, 140, 180));
    facts.face = test::frontal_face(CameraIntrinsics{2000.0, {320.0, 260.0}});
    const PreviewScene scene = make_preview_scene(Design{}, facts);
    const GuideGeometry g = make_guides(scene, facts.face->fit, facts.face->landmarks);
    REQUIRE(g.hairline.size() >= 2);
    REQUIRE(g.band.size() == 2);
    CHECK(g.band[0].height_mm == kHeightGuidelineMm.low);
    CHECK(g.ruler.size() == static_cast<std::size_t>(kRulerTopMm / kRulerStepMm + 1));
    // The ruler climbs the forehead: each mark above the last.
    for (std::size_t i = 1; i < g.ruler.size(); ++i) CHECK(g.ruler[i].at_px.y < g.ruler[i - 1].at_px.y);

    app::SceneLayout identity;
    identity.view = {0, 0, 640, 480};
    app::ViewOptions all;
    all.guide_thirds = all.guide_rule = all.guide_temples = all.guide_ruler = true;
    const auto lines = lines_of(app::guide_marks(g, all, identity));
    REQUIRE(lines.size() == g.thirds.size() + 2 + g.band.size() + g.ruler.size() + g.hairline.size() - 1);
    // Drawn last: the hairline, segment by segment, at make_guides' points.
    const std::size_t first = lines.size() - (g.hairline.size() - 1);
    for (std::size_t i = 0; i + 1 < g.hairline.size(); ++i) {
        CHECK(lines[first + i].a.x == Approx(g.hairline[i].x).margin(1e-3));
        CHECK(lines[first + i].a.y == Approx(g.hairline[i].y).margin(1e-3));
        CHECK(lines[first + i].b.x == Approx(g.hairline[i + 1].x).margin(1e-3));
    }
    // The temples, after the thirds: make_guides' canthus-to-hairline lines.
    CHECK(lines[g.thirds.size()].a.x == Approx(g.temple_right.first.x).margin(1e-3));
    CHECK(lines[g.thirds.size()].b.y == Approx(g.temple_right.second.y).margin(1e-3));
    // The ruler's ticks end at make_guides' midline marks.
    const std::size_t ruler = g.thirds.size() + 2 + g.band.size();
    for (std::size_t i = 0; i < g.ruler.size(); ++i) {
        CHECK(lines[ruler + i].b.x == Approx(g.ruler[i].at_px.x).margin(1e-3));
        CHECK(lines[ruler + i].b.y == Approx(g.ruler[i].at_px.y).margin(1e-3));
    }
}

}  // namespace hairline
