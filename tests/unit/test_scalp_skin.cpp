// Bald and shaved scalps are the client's own skin, never hair to remove:
// the skin's physics (scalp_skin.h) on plain colours and generated images,
// the hair=auto decision on plain counts (hair_decision.h), and the zone of
// a group photo's neighbours (head_mask.h). No GL.

#include <catch2/catch.hpp>

#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/analysis/head_mask.h"
#include "engine/analysis/scalp_skin.h"
#include "engine/preview/hair_decision.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

// A light-medium skin in linear light (B, G, R): sRGB about (150, 165, 200).
const cv::Vec3f kSkin(0.30f, 0.38f, 0.58f);

SkinChroma skin_reference() {
    cv::Mat patch(20, 20, CV_32FC3, cv::Scalar(kSkin[0], kSkin[1], kSkin[2]));
    const auto chroma = skin_chroma_of(patch, cv::Mat(patch.size(), CV_8UC1, cv::Scalar(255)));
    REQUIRE(chroma);
    return *chroma;
}

bool is_skin(const cv::Vec3f& linear_bgr, bool smooth) { return explained_as_skin(skin_look(skin_reference(), linear_bgr), smooth); }

// A head-sized disc of this skin, lit from the upper left (Lambert: brighter
// there, down to a fifth at the far side), with a specular highlight of the
// light's own white, before a grey wall. sRGB 8-bit.
cv::Mat shiny_bald_disc(cv::Size size, cv::Point centre, int radius) {
    cv::Mat linear(size, CV_32FC3, cv::Scalar(0.18, 0.18, 0.18));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double dx = (x - centre.x) / static_cast<double>(radius), dy = (y - centre.y) / static_cast<double>(radius);
            if (dx * dx + dy * dy > 1.0) continue;
            const double nz = std::sqrt(1.0 - dx * dx - dy * dy);
            const double lambert = std::max(0.2, (-0.5 * dx - 0.5 * dy + 0.7 * nz) / 1.0);
            const double spot = std::exp(-((dx + 0.3) * (dx + 0.3) + (dy + 0.35) * (dy + 0.35)) / (2 * 0.12 * 0.12));
            for (int c = 0; c < 3; ++c)
                linear.at<cv::Vec3f>(y, x)[c] = static_cast<float>(std::min(1.0, static_cast<double>(kSkin[c]) * lambert + 0.6 * spot));
        }
    cv::Mat srgb(size, CV_8UC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            for (int c = 0; c < 3; ++c) {
                const double l = linear.at<cv::Vec3f>(y, x)[c];
                const double s = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
                srgb.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<std::uint8_t>(255.0 * s);
            }
    return srgb;
}

// The share of a disc's pixels the skin explains, on the picture blurred as
// the hair mask blurs it (an inter-ocular distance of `iod_px`).
double explained_share(const cv::Mat& bgr8, cv::Point centre, int radius, double iod_px, const SkinChroma& skin) {
    cv::Mat linear = linear_light(bgr8);
    cv::GaussianBlur(linear, linear, cv::Size(0, 0), kSkinBlurIod * iod_px);
    // Strands are texture: the fine detail the hair mask measures.
    cv::Mat gray, smooth_gray, detail;
    cv::cvtColor(bgr8, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(gray, CV_32F);
    cv::GaussianBlur(gray, smooth_gray, cv::Size(0, 0), 1.0);
    cv::blur(cv::abs(gray - smooth_gray), detail, cv::Size(5, 5));
    const cv::Mat explained = skin_explained_map(linear, skin, detail <= 3.0f);
    cv::Mat disc(bgr8.size(), CV_8UC1, cv::Scalar(0));
    cv::circle(disc, centre, radius - 3, cv::Scalar(255), cv::FILLED);
    return static_cast<double>(cv::countNonZero(explained & disc)) / cv::countNonZero(disc);
}

}  // namespace

TEST_CASE("scalp skin: shaded, shiny and stubbled skin is skin; dark, grey and blond hair is not", "[unit][hair]") {
    CHECK(is_skin(kSkin, true));
    CHECK(is_skin(kSkin * 0.25f, true));                                 // the dark side of a lit scalp
    CHECK(is_skin(kSkin * 0.5f + cv::Vec3f(0.4f, 0.4f, 0.4f), true));   // shine: towards the light's white, brighter
    CHECK(is_skin(kSkin * 0.55f, false));                               // stubble: skin through sparse dark hairs
    CHECK_FALSE(is_skin(kSkin * 0.02f, true));                          // dark hair hiding the skin, even skin-hued
    CHECK_FALSE(is_skin(kSkin * 0.15f, false));                         // brown hair's strands: too dark for stubble
    CHECK_FALSE(is_skin(cv::Vec3f(0.12f, 0.12f, 0.13f), true));         // grey hair: neutral, not bright
    CHECK_FALSE(is_skin(cv::Vec3f(0.10f, 0.30f, 0.38f), false));        // blond: yellower than the skin
    CHECK_FALSE(is_skin(kSkin * 0.5f + cv::Vec3f(0.4f, 0.4f, 0.4f), false));  // a "shine" with strands is grey hair
    CHECK_FALSE(is_skin(cv::Vec3f(0.0f, 0.0f, 0.0f), true));
}

TEST_CASE("scalp skin: a shiny, shaded bald head is skin; the same head under strands is not", "[unit][hair]") {
    const cv::Size size(300, 300);
    const cv::Point centre(150, 150);
    const int radius = 110;
    const double iod_px = 90.0;
    const SkinChroma skin = skin_reference();
    const cv::Mat bald = shiny_bald_disc(size, centre, radius);
    CHECK(explained_share(bald, centre, radius, iod_px, skin) > 0.95);

    // Dark brown hair over it: strands a pixel wide, some catching the light.
    cv::Mat haired = bald.clone();
    cv::Mat cap(size, CV_8UC1, cv::Scalar(0));
    cv::circle(cap, centre, radius, cv::Scalar(255), cv::FILLED);
    haired.setTo(cv::Scalar(20, 28, 40), cap);
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> u(-radius, radius);
    for (int i = 0; i < 4000; ++i) {
        const cv::Point a = centre + cv::Point(u(rng), u(rng));
        const cv::Point b = a + cv::Point(u(rng) / 8, u(rng) / 20);
        const int level = i % 3 == 0 ? 70 : 10;
        cv::Mat strand(size, CV_8UC1, cv::Scalar(0));
        cv::line(strand, a, b, cv::Scalar(255), 1);
        haired.setTo(cv::Scalar(level * 0.6, level * 0.8, level), strand & cap);
    }
    CHECK(explained_share(haired, centre, radius, iod_px, skin) < 0.05);
}

TEST_CASE("scalp skin: the head's outline is a step in the light, its shading is not", "[unit][hair]") {
    cv::Mat linear(60, 200, CV_32FC3);
    for (int x = 0; x < 200; ++x) {
        // Shading falling by 3x across the left half; a 3x step at x = 150.
        const float shade = x < 100 ? 1.0f - 0.0067f * static_cast<float>(x) : (x < 150 ? 0.33f : 0.11f);
        linear.col(x).setTo(cv::Scalar(kSkin[0] * shade, kSkin[1] * shade, kSkin[2] * shade));
    }
    const double blur_px = 3.0;
    cv::GaussianBlur(linear, linear, cv::Size(0, 0), blur_px);
    const cv::Mat steps = luminance_steps(linear, blur_px);
    CHECK(cv::countNonZero(steps.colRange(10, 90)) == 0);
    CHECK(cv::countNonZero(steps.colRange(145, 156)) > 0);
}

TEST_CASE("hair=auto: shave only when hair that hides the skin clearly covers the designed scalp", "[unit][hair]") {
    // A bald head: all skin.
    CHECK(decide_auto_hair({51, 51, 0}, true).mode == HairMode::AsIs);
    // A buzz cut or a stubble rim over part of it: up to about half hair.
    CHECK(decide_auto_hair({58, 17, 26}, true).mode == HairMode::AsIs);
    // A full head of hair.
    const AutoHair full = decide_auto_hair({140, 0, 129}, true);
    CHECK(full.mode == HairMode::Shave);
    CHECK(full.reason.find("129 of the 140") != std::string::npos);
    // Short hair over a receding hairline: mostly hair, a little skin.
    CHECK(decide_auto_hair({57, 6, 48}, true).mode == HairMode::Shave);
    // Covered, but no shaved head could be made: as it is, and said why.
    const AutoHair cannot = decide_auto_hair({140, 0, 129}, false);
    CHECK(cannot.mode == HairMode::AsIs);
    CHECK(cannot.reason.find("no shaved head") != std::string::npos);
    // A few points at the picture's edge are no evidence.
    CHECK(decide_auto_hair({6, 0, 6}, true).mode == HairMode::AsIs);
    // Hair on under half of what is seen (the rest neither skin nor hair:
    // background the outline took in) is not "covers".
    CHECK(decide_auto_hair({87, 0, 35}, true).mode == HairMode::AsIs);
    // Nothing of the design seen on the head.
    const AutoHair unseen = decide_auto_hair({0, 0, 0}, true);
    CHECK(unseen.mode == HairMode::AsIs);
    CHECK(unseen.reason.find("not seen") != std::string::npos);
    // The margin: just under the share stays as it is.
    const int hair = static_cast<int>(std::floor(kAutoShaveHairShare * 100)) - 1;
    CHECK(decide_auto_hair({100, 100 - hair, hair}, true).mode == HairMode::AsIs);
    CHECK(decide_auto_hair({100, 100 - hair - 2, hair + 2}, true).mode == HairMode::Shave);
}

TEST_CASE("neighbours: another face, its hair and its neck are never the client's head; the client's face is", "[unit][hair]") {
    const FaceOnFrame face = test::frontal_face(CameraIntrinsics{1600.0, {400.0, 480.0}});
    const cv::Size size(800, 800);
    const FaceBox client = box_from_landmarks(face.landmarks);
    // A neighbour standing behind, higher and to the side.
    const FaceBox neighbour{client.left + 1.1 * client.width, client.top - 0.9 * client.height, client.width, client.height};
    const cv::Mat zone = other_people_zone({neighbour}, face.landmarks, size);
    const cv::Point their_face(static_cast<int>(neighbour.center().x), static_cast<int>(neighbour.center().y));
    const cv::Point their_neck(their_face.x, static_cast<int>(neighbour.top + 1.2 * neighbour.height));
    CHECK(zone.at<std::uint8_t>(their_face) == 255);
    CHECK(zone.at<std::uint8_t>(their_neck) == 255);
    // Their hair above the face is theirs too (half a face over the box: a
    // head's top); not as far as a whole face over it, nor beside the head.
    const cv::Point their_hair(their_face.x, static_cast<int>(neighbour.top - 0.5 * neighbour.height));
    const cv::Point above_them(their_face.x, static_cast<int>(neighbour.top - 0.7 * neighbour.height));
    const cv::Point beside_their_hair(static_cast<int>(neighbour.left - 0.3 * neighbour.width), their_hair.y);
    CHECK(zone.at<std::uint8_t>(their_hair) == 255);
    CHECK(zone.at<std::uint8_t>(above_them) == 0);
    CHECK(zone.at<std::uint8_t>(beside_their_hair) == 0);
    CHECK(cv::countNonZero(zone & face_keep_zone(face.landmarks, size)) == 0);
    CHECK(cv::countNonZero(other_people_zone({}, face.landmarks, size)) == 0);
}

TEST_CASE("neighbours: a client nearer the camera hides a neighbour's hair behind their own head", "[unit][hair]") {
    const FaceOnFrame face = test::frontal_face(CameraIntrinsics{1600.0, {400.0, 480.0}});
    const cv::Size size(800, 800);
    const FaceBox client = box_from_landmarks(face.landmarks);
    const std::vector<cv::Point> head = shaved_head_outline(face.fit, face.landmarks);
    cv::Mat on_head(size, CV_8UC1, cv::Scalar(0));
    cv::fillPoly(on_head, std::vector<std::vector<cv::Point>>{head}, cv::Scalar(255));
    on_head &= ~face_keep_zone(face.landmarks, size);
    // A neighbour just beside the client's temple, their hair reaching over the client's head.
    auto neighbour = [&](double share) {
        const double w = share * client.width;
        return FaceBox{client.left + client.width - 0.1 * w, client.top - 0.4 * w, w, w};
    };
    auto overlap = [&](double share) {
        return cv::countNonZero(other_people_zone({neighbour(share)}, face.landmarks, size, head) & on_head);
    };
    // Smaller: further away, behind the client's head.
    CHECK(overlap(0.6) == 0);
    const cv::Mat further = other_people_zone({neighbour(0.6)}, face.landmarks, size, head);
    CHECK(cv::countNonZero(further & ~on_head) > 0.5 * neighbour(0.6).area());  // beside the client's head it stands
    // As large: as near as the client; their zone stands, over the client's head too.
    CHECK(overlap(1.0) > 0);
    // Without the client's head outline the zone is as before.
    CHECK(cv::countNonZero(other_people_zone({neighbour(0.6)}, face.landmarks, size) & on_head) > 0);
}
