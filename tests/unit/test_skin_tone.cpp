#include <catch2/catch.hpp>

#include <cmath>

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

TEST_CASE("skin tone follows the skin, not the light: exposure and colour cast cancel against the scene's white",
          "[unit][skin]") {
    // Type III skin with a white card beside the face, then the whole frame
    // one stop darker, one lighter, under tungsten and under shade.
    auto [image, landmarks] = skin_patch(62, 11, 17);
    image(cv::Rect(500, 20, 120, 160)).setTo(cv::Scalar(235, 235, 235));
    auto relit = [&](const cv::Mat& bgr, cv::Vec3d gain) {
        cv::Mat out(bgr.size(), CV_8UC3);
        for (int y = 0; y < bgr.rows; ++y)
            for (int x = 0; x < bgr.cols; ++x)
                for (int c = 0; c < 3; ++c) {
                    const double s = bgr.at<cv::Vec3b>(y, x)[c] / 255.0;
                    const double l = (s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4)) * gain[c];
                    const double back = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(std::min(l, 1.0), 1.0 / 2.4) - 0.055;
                    out.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(255.0 * back);
                }
        return out;
    };
    const auto base = estimate_skin_tone(image, landmarks);
    REQUIRE(base.has_value());
    CHECK(base->confidence >= kSkinToneMinConfidence);
    for (const cv::Vec3d& gain : {cv::Vec3d(0.5, 0.5, 0.5), cv::Vec3d(0.42, 1.0, 1.55) * 0.8, cv::Vec3d(1.12, 1.0, 0.92)}) {
        INFO("gain " << gain);
        const auto tone = estimate_skin_tone(relit(image, gain), landmarks);
        REQUIRE(tone.has_value());
        CHECK(std::abs(tone->fitzpatrick - base->fitzpatrick) <= 1);
        CHECK(tone->lightness == Approx(base->lightness).margin(5.0));
    }
    // A frame of skin alone has no white: the estimate says so, and the pigment is the middle one.
    const auto [alone, lm2] = skin_patch(42, 12, 20);
    const auto unsure = estimate_skin_tone(alone, lm2);
    REQUIRE(unsure.has_value());
    CHECK(unsure->confidence < kSkinToneMinConfidence);
    SkinTone type3;
    type3.fitzpatrick = 3;
    CHECK(pigment_for_skin(*unsure).srgb.y == Approx(pigment_for_skin(type3).srgb.y));
}
