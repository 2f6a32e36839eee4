// The preview pipeline's plain-data parts: the record and its JSON, the dot
// field's rebuild rule, and the per-stream refresh rules.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/preview/dot_field_store.h"
#include "engine/preview/preview_record.h"
#include "engine/preview/preview_session.h"
#include "engine/preview/video_record.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

FaceOnFrame frontal_face() { return test::frontal_face(CameraIntrinsics{2000.0, {320.0, 260.0}}); }

// A frame of one skin colour (CIE L*, a*, b*), with a little texture.
cv::Mat skin_frame(double lightness, double a, double b) {
    cv::Mat lab(480, 640, CV_32FC3, cv::Scalar(lightness, a, b));
    cv::Mat bgr;
    cv::cvtColor(lab, bgr, cv::COLOR_Lab2BGR);
    bgr.convertTo(bgr, CV_8UC3, 255.0);
    cv::Mat noise(bgr.size(), CV_8UC3);
    cv::randu(noise, 0, 3);
    return bgr + noise;
}

}  // namespace

TEST_CASE("the preview record's JSON has what --report documents", "[unit][preview]") {
    const FaceOnFrame face = frontal_face();
    FrameFacts facts;
    facts.bgr = skin_frame(65, 10, 15);
    facts.face = face;
    Design design;
    design.hairline_height_mm = 75;
    const PreviewScene scene = make_preview_scene(design, facts);
    const PreviewRecord record = make_preview_record(design, facts, scene);
    const nlohmann::json j = preview_record_json(record);
    for (const char* key : {"version", "image", "iod_px", "ipd_mm", "mm_per_px", "pose_deg", "glabella_px",
                            "head_half_width_mm", "hairline_height_mm", "hairline_height_projected_mm",
                            "scalp_area_cm2", "dots_drawn", "density_per_cm2", "skin_tone", "pigment", "pigment_used",
                            "design"}) {
        INFO(key);
        CHECK(j.contains(key));
    }
    CHECK(j["hairline_height_mm"] == 75.0);
    CHECK(j["image"]["width"] == 640);
    CHECK(j["iod_px"].get<double>() == Approx(face.fit.iod_px));
    CHECK(j["skin_tone"]["estimated"] == false);  // the facts carried none
    CHECK(j["dots_drawn"] == 0);                  // and no dot field

    // Without a face only what does not need one.
    FrameFacts empty;
    empty.bgr = facts.bgr;
    const nlohmann::json none = preview_record_json(make_preview_record(design, empty, make_preview_scene(design, empty)));
    CHECK_FALSE(none.contains("iod_px"));
    CHECK_FALSE(none.contains("dots_drawn"));
    CHECK(none.contains("pigment_used"));
}

TEST_CASE("the dot field is rebuilt when the head's whole-mm width or the seed changes", "[unit][preview]") {
    DotFieldStore store(false);
    HeadShape head;
    head.half_width_mm = 74.8;
    const auto first = store.get(head, 1);
    REQUIRE(first);
    CHECK(first->shape.half_width_mm == 75.0);  // keyed on the rounded width
    head.half_width_mm = 75.3;
    CHECK(store.get(head, 1) == first);         // same whole mm: the same field
    head.half_width_mm = 75.6;
    const auto wider = store.get(head, 1);
    CHECK(wider != first);
    CHECK(wider->shape.half_width_mm == 76.0);
    CHECK(store.get(head, 2) != wider);         // another seed: another layout

    // Live: generated on a task; the previous field (none at first) until then.
    DotFieldStore live(true);
    CHECK(live.get(head, 1) == nullptr);
    std::shared_ptr<const DotField> ready;
    for (int i = 0; i < 500 && !ready; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ready = live.get(head, 1);
    }
    REQUIRE(ready);
    CHECK(ready->dots.size() == wider->dots.size());
}

TEST_CASE("a video keeps its first skin tone; the live stream refreshes it", "[unit][preview]") {
    const FaceOnFrame face = frontal_face();
    const cv::Mat light = skin_frame(72, 9, 18), dark = skin_frame(38, 12, 20);
    for (const StreamKind kind : {StreamKind::Video, StreamKind::Live}) {
        PreviewSession session(kind);
        const FrameFacts first = session.update(light, 0, face, 1);
        REQUIRE(first.skin_tone);
        std::optional<SkinTone> last;
        for (int i = 1; i <= 40; ++i) last = session.update(dark, i, face, 1).skin_tone;
        REQUIRE(last);
        if (kind == StreamKind::Video) CHECK(last->lightness == Approx(first.skin_tone->lightness).margin(0.5));
        else CHECK(last->lightness < first.skin_tone->lightness - 20);
        // No face: no fit and no mask on that frame; the tone is kept.
        const FrameFacts gone = session.update(dark, 41, std::nullopt, 1);
        CHECK_FALSE(gone.face);
        CHECK(gone.head_mask.empty());
        CHECK(gone.skin_tone);
    }
    CHECK(refresh_rules(StreamKind::Live).background);
    CHECK_FALSE(refresh_rules(StreamKind::Video).background);
    CHECK(refresh_rules(StreamKind::Live).head_mask_every_frames == refresh_rules(StreamKind::Video).head_mask_every_frames);
}

TEST_CASE("the video report: its keys, from the engine's one writer", "[unit]") {
    VideoRecord record;
    record.frames = 40;
    record.frames_with_face = 30;
    record.fps = 25.0;
    record.sound_kept = true;
    record.notices = {"the video's sound could not be kept: x"};
    nlohmann::json json = video_record_json(record);
    CHECK(json["version"] == kVideoRecordVersion);
    CHECK(json["kind"] == "video");
    CHECK(json["frames"] == 40);
    CHECK(json["frames_with_face"] == 30);
    CHECK(json["face_share"].get<double>() == Approx(0.75));
    CHECK(json["fps"].get<double>() == 25.0);
    CHECK(json["sound_kept"] == true);
    CHECK(json["notices"].size() == 1);
    CHECK_FALSE(json.contains("first_face_frame"));  // no face: no frame record

    FrameFacts facts;
    facts.bgr = cv::Mat(480, 640, CV_8UC3, cv::Scalar(120, 140, 180));
    facts.face = test::frontal_face(CameraIntrinsics{2000.0, {320.0, 260.0}});
    const Design design;
    record.first_face_frame = make_preview_record(design, facts, make_preview_scene(design, facts));
    json = video_record_json(record);
    REQUIRE(json.contains("first_face_frame"));
    CHECK(json["first_face_frame"] == preview_record_json(*record.first_face_frame));
    CHECK(json["first_face_frame"]["version"] == kPreviewRecordVersion);
}
