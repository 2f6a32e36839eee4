#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "engine/design/design.h"
#include "engine/design/design_checks.h"
#include "engine/design/design_json.h"
#include "engine/design/design_labels.h"
#include "engine/design/timeline.h"

using namespace hairline;

TEST_CASE("default design is valid and clinically sensible", "[unit][design]") {
    const Design d;
    REQUIRE(validate_design(d, "defaults").ok());
    CHECK(d.hairline_height_mm == Approx(80.0));  // the usual default, 7-10 cm range
    CHECK(d.density_per_cm2 >= 80.0);
    CHECK(d.density_per_cm2 <= 100.0);
    CHECK(d.dot_size_mm < 1.0);
    CHECK(d.ipd_mm == Approx(63.0));
}

TEST_CASE("KEY=VALUE assignments set values and rejects bad ones with key and range", "[unit][design]") {
    Design d;
    REQUIRE(set_design_value(d, "density=40").ok());
    CHECK(d.density_per_cm2 == Approx(40));
    REQUIRE(set_design_value(d, "pigment=#102030").ok());
    CHECK(pigment_to_string(d.pigment) == "#102030");
    REQUIRE(set_design_value(d, "preset=mature").ok());
    CHECK(d.preset == Preset::Mature);

    auto bad = set_design_value(d, "density=500", "design.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::BadInput);
    CHECK(bad.error().message() == "design.json: density: must be 5..150 impressions/cm², got 500");

    const std::vector<std::string> rejected{"density=abc", "density=", "ipd=49.9", "ipd=75.1", "seed=1.5",
                                            "sessions=4",  "opacity=nan", "feather=inf", "dot_size=0.1",
                                            "pigment=#12345", "pigment=red", "preset=mohawk", "nokey=1",
                                            "noequals", "=5", "hairline_height=1e30"};
    for (const auto& assignment : rejected) {
        INFO(assignment);
        Design copy = d;
        auto result = set_design_value(copy, assignment);
        CHECK_FALSE(result.ok());
        if (!result.ok()) CHECK(result.error().kind == ErrorKind::BadInput);
    }
    auto ipd = set_design_value(d, "ipd=80");
    REQUIRE_FALSE(ipd.ok());
    CHECK(ipd.error().message() == "--set: ipd: must be 50..75 mm, got 80");
}

TEST_CASE("design JSON round-trips every key", "[unit][design]") {
    Design d;
    d.preset = Preset::WidowsPeak;
    d.hairline_height_mm = 72.5;
    d.density_per_cm2 = 33;
    d.pigment = Pigment{false, {0.2, 0.3, 0.4}};
    d.seed = 99;
    d.sessions = 2;
    d.fade_years = 3.5;
    d.symmetric = true;
    d.control_points = {{0, 75}, {10, 76}, {25, 80}, {40, 88}};
    const std::string text = design_to_json(d);
    auto back = design_from_json(text, "round.json");
    REQUIRE(back.ok());
    CHECK(design_to_json(*back) == text);
    CHECK(nlohmann::json::parse(text)["version"] == kDesignVersion);
}

TEST_CASE("design JSON errors name the file, the key and the allowed range", "[unit][design]") {
    auto error_of = [](const std::string& text) {
        auto r = design_from_json(text, "d.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::BadInput);
        return r.error().message();
    };
    CHECK(error_of(R"({"version":1,"density":500})") == "d.json: density: must be 5..150 impressions/cm², got 500");
    CHECK(error_of(R"({"version":1,"density":"dense"})") ==
          "d.json: density: must be a number in 5..150 impressions/cm², got a string");
    CHECK(error_of(R"({"version":1,"density":1e30})") == "d.json: density: must be 5..150 impressions/cm², got 1e+30");
    CHECK(error_of(R"({"version":1,"colour":"#000000"})") == "d.json: colour: unknown key");
    CHECK(error_of(R"({"density":50})").rfind("d.json: version: missing", 0) == 0);
    CHECK(error_of(R"({"version":3})").find("newer than this build") != std::string::npos);
    CHECK(error_of(R"({"version":2,"hair":"bald"})") ==
          "d.json: hair: must be one of auto, as_is, shave, under, got \"bald\"");
    CHECK(error_of(R"({"version":2,"hair":1})") == "d.json: hair: must be a string, got a number");
    CHECK(error_of(R"({"version":"1"})") == "d.json: version: must be a whole number, got a string");
    CHECK(error_of("[1,2]") == "d.json: must be a JSON object, got a array");
    CHECK(error_of("{not json") == "d.json: not valid JSON");
    CHECK(error_of(std::string(100, '[') + std::string(100, ']')).find("nested deeper") != std::string::npos);
    CHECK(error_of(R"({"version":1,"control_points":[[0,80],[10,81]]})").find("control_points") != std::string::npos);
    CHECK(error_of(R"({"version":1,"symmetric":"yes"})") == "d.json: symmetric: must be true or false, got a string");
}

TEST_CASE("design hair: auto by default, every mode round-trips, version 1 files still load", "[unit][design]") {
    CHECK(Design{}.hair == HairMode::Auto);
    for (const HairMode mode : kAllHairModes) {
        Design d;
        REQUIRE(set_design_value(d, "hair=" + std::string(hair_mode_name(mode))).ok());
        CHECK(d.hair == mode);
        auto back = design_from_json(design_to_json(d), "h.json");
        REQUIRE(back.ok());
        CHECK(back->hair == mode);
    }
    Design d;
    const auto bad = set_design_value(d, "hair=wig");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message() == "--set: hair: must be one of auto, as_is, shave, under, got \"wig\"");
    auto old = design_from_json(R"({"version": 1, "density": 60})", "old.json");
    REQUIRE(old.ok());
    CHECK(old->hair == HairMode::Auto);
    CHECK(old->density_per_cm2 == 60.0);
}

TEST_CASE("every numeric key has a unit-aware range description", "[unit][design]") {
    for (const auto& key : numeric_keys()) {
        INFO(key.name);
        CHECK(key.min_value < key.max_value);
        const Design defaults;
        CHECK(key.get(defaults) >= key.min_value);
        CHECK(key.get(defaults) <= key.max_value);
        CHECK_FALSE(describe_range(key).empty());
    }
    CHECK(describe_range(*find_numeric_key("hairline_height")) == "50..110 mm");
}

TEST_CASE("docs/design.md documents every key with its range", "[unit][design][docs]") {
    std::ifstream in(HAIRLINE_SOURCE_DIR "/docs/design.md");
    REQUIRE(in.good());
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& key : numeric_keys()) {
        INFO(key.name);
        CHECK(doc.find("| `" + std::string(key.name) + "` |") != std::string::npos);
        CHECK(doc.find(describe_range(key)) != std::string::npos);
    }
    for (Preset p : kAllPresets) {
        std::string quoted = "`";
        quoted += preset_name(p);
        quoted += '`';
        CHECK(doc.find(quoted) != std::string::npos);
    }
}

TEST_CASE("design warnings follow the clinical rules", "[unit][design]") {
    const FaceAnchors anchors{44.0};
    CHECK(check_design(Design{}, measure_hairline(Design{}, anchors)).empty());
    Design low;
    low.hairline_height_mm = 60;
    low.density_per_cm2 = 30;
    low.dot_size_mm = 1.2;
    std::vector<std::string> keys;
    for (const auto& w : check_design(low, measure_hairline(low, anchors))) keys.push_back(w.key);
    CHECK(keys == std::vector<std::string>{"hairline_height", "density", "dot_size"});
    Design wide;
    wide.control_points = {{0, 80}, {20, 82}, {40, 86}, {56, 95}};
    CHECK(check_design(wide, measure_hairline(wide, anchors)).front().key == "control_points");
}


TEST_CASE("the timeline play-through: three sessions healing, then five years of fading", "[unit][design]") {
    Design base;
    base.hairline_height_mm = 72;
    const Design start = timeline_frame(base, 0.0);
    CHECK(start.sessions == 1);
    CHECK(start.days_since_session == 0);
    CHECK(start.fade_years == 0);
    CHECK(start.hairline_height_mm == 72);  // only the timeline keys change
    const Design second = timeline_frame(base, kTimelineSeconds * 0.25 + 1.5);
    CHECK(second.sessions == 2);
    CHECK(second.days_since_session == Approx(15).margin(1));
    const Design faded = timeline_frame(base, kTimelineSeconds);
    CHECK(faded.sessions == 3);
    CHECK(faded.days_since_session == 30);
    CHECK(faded.fade_years == Approx(5.0));
    CHECK(validate_design(timeline_frame(base, kTimelineSeconds * 0.9), "timeline").ok());
    CHECK(timeline_frame(base, -3).sessions == 1);
}

TEST_CASE("every design key has a human label and a clinical hint, with no raw key name", "[unit][design]") {
    for (const NumericKey& key : numeric_keys()) {
        const KeyLabel* label = key_label(key.name);
        INFO(key.name);
        REQUIRE(label != nullptr);
        CHECK(label->label.find('_') == std::string_view::npos);
        CHECK(!label->hint.empty());
    }
    CHECK(describe_value(*find_numeric_key("density"), 90) == "90 impressions per cm²");
    CHECK(describe_value(*find_numeric_key("hairline_height"), 80) == "80 mm");
    CHECK(describe_value(*find_numeric_key("irregularity"), 0.35) == "0.35");
}
