#include <catch2/catch.hpp>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/skin_tone.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// A face-sized patch of one CIE Lab colour (with a little pore texture),
// with landmarks of a frontal face on it.
std::pair<cv::Mat, Landmarks> skin_patch(double lightness, double a, double b) {
    cv::Mat lab(480, 640, CV_32FC3, cv::Scalar(lightness, a, b));
    cv::Mat texture(lab.size(), CV_32FC1);
    cv::randn(texture, 0.0, 1.5);
    std::vector<cv::Mat> channels;
    cv::split(lab, channels);
    channels[0] += texture;
    cv::merge(channels, lab);
    cv::Mat bgr;
    cv::cvtColor(lab, bgr, cv::COLOR_Lab2BGR);
    bgr.convertTo(bgr, CV_8UC3, 255.0);
    FaceProjection p;
    p.camera = CameraIntrinsics{2000.0, {320.0, 260.0}};
    p.pose = pose_from_angles({}, {0.0, 0.0, 1000.0});
    return {bgr, test::synthetic_landmarks(p)};
}

}  // namespace

TEST_CASE("ITA angle and skin type follow the published thresholds", "[unit][skin]") {
    CHECK(ita_degrees(50.0, 20.0) == Approx(0.0));
    CHECK(ita_degrees(70.0, 20.0) == Approx(45.0));
    CHECK(fitzpatrick_from_ita(60) == 1);
    CHECK(fitzpatrick_from_ita(48) == 2);
    CHECK(fitzpatrick_from_ita(35) == 3);
    CHECK(fitzpatrick_from_ita(20) == 4);
    CHECK(fitzpatrick_from_ita(-10) == 5);
    CHECK(fitzpatrick_from_ita(-45) == 6);
    CHECK(fitzpatrick_roman(6) == "VI");
}

TEST_CASE("skin tone is estimated from synthetic skin of known ITA", "[unit][skin]") {
    struct Case {
        double lightness, a, b;
        int type;
    };
    // One colour per skin type, ITA from 62 down to -40 degrees.
    for (const Case c : {Case{80, 6, 15.9, 1}, Case{70, 9, 20, 2}, Case{62, 11, 17, 3}, Case{55, 12, 19, 4},
                         Case{42, 12, 20, 5}, Case{30, 8, 16.8, 6}}) {
        INFO("L " << c.lightness << " b " << c.b);
        const auto [image, landmarks] = skin_patch(c.lightness, c.a, c.b);
        const auto tone = estimate_skin_tone(image, landmarks);
        REQUIRE(tone.has_value());
        CHECK(tone->ita_deg == Approx(ita_degrees(c.lightness, c.b)).margin(3.0));
        CHECK(tone->lightness == Approx(c.lightness).margin(1.5));
        CHECK(tone->fitzpatrick == c.type);
        CHECK(tone->pixels > 100);
    }
}

TEST_CASE("hair and background are not taken for skin", "[unit][skin]") {
    // Grey (no chroma) and blue pixels are ignored: no estimate from them.
    cv::Mat grey(480, 640, CV_8UC3, cv::Scalar(90, 90, 90));
    const auto [unused, landmarks] = skin_patch(60, 10, 15);
    CHECK_FALSE(estimate_skin_tone(grey, landmarks).has_value());
    cv::Mat blue(480, 640, CV_8UC3, cv::Scalar(200, 80, 40));
    CHECK_FALSE(estimate_skin_tone(blue, landmarks).has_value());
}

TEST_CASE("the suggested pigment darkens with darker skin; a chosen one is kept", "[unit][skin]") {
    double previous = 1.0;
    for (int type = 1; type <= 6; ++type) {
        SkinTone tone;
        tone.fitzpatrick = type;
        const Pigment p = pigment_for_skin(tone);
        CHECK_FALSE(p.automatic);
        CHECK(p.srgb.g < previous);
        previous = p.srgb.g;
    }
    const Pigment chosen{false, {0.5, 0.1, 0.1}};
    CHECK(resolve_pigment(chosen, SkinTone{}).srgb == chosen.srgb);
    CHECK_FALSE(resolve_pigment(Pigment{true, {}}, std::nullopt).automatic);
}
