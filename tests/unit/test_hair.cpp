// Hair-aware previews without GL: the hair segmentation and the shaved head
// on a synthetic head whose hair is known pixel by pixel, and how a design's
// `hair` places the dots (under: never centred on a hair).

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/hair_mask.h"
#include "engine/analysis/scalp_fit.h"
#include "engine/analysis/shave.h"
#include "engine/preview/preview_scene.h"
#include "engine/render/dot_splats.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

cv::Mat lab_colour(cv::Size size, double l, double a, double b) {
    cv::Mat lab(size, CV_32FC3, cv::Scalar(l, a, b)), bgr;
    cv::cvtColor(lab, bgr, cv::COLOR_Lab2BGR);
    bgr.convertTo(bgr, CV_8UC3, 255.0);
    return bgr;
}

double lightness(const cv::Vec3b& bgr) {
    cv::Mat one(1, 1, CV_32FC3, cv::Scalar(bgr[0] / 255.0, bgr[1] / 255.0, bgr[2] / 255.0)), lab;
    cv::cvtColor(one, lab, cv::COLOR_BGR2Lab);
    return lab.at<cv::Vec3f>(0, 0)[0];
}

// A head of `skin` under a cap of dark hair with strands, standing a little
// beyond the skull, before a light wall. `hair` is the truth (255 hair).
struct SyntheticHead {
    cv::Mat bgr;
    cv::Mat hair;
    cv::Mat head;  // the skull under the hair, and the face
    FaceOnFrame face;
};

SyntheticHead synthetic_head(double skin_lightness, double skin_a, double skin_b) {
    const cv::Size size(800, 800);
    SyntheticHead h;
    h.face = test::frontal_face(CameraIntrinsics{1600.0, {size.width / 2.0, size.height * 0.6}});
    const Landmarks& lm = h.face.landmarks;
    h.bgr = lab_colour(size, 82, 0, -4);  // the wall
    const cv::Mat skin = lab_colour(size, skin_lightness, skin_a, skin_b);
    cv::Mat head(size, CV_8UC1, cv::Scalar(0));
    const auto outline = shaved_head_outline(apply_scalp_fit(h.face.fit, ScalpFit{0.0, 0.85, 0, 0.0, true}), lm);
    cv::fillConvexPoly(head, outline, cv::Scalar(255));
    skin.copyTo(h.bgr, head);
    h.head = head;
    // Hair: the head above a line 0.9 inter-ocular distances over the
    // eyes, grown outwards a little, cut at the ears.
    const double iod = iod_px(lm);
    const glm::dvec2 eyes = 0.5 * (left_eye_center(lm) + right_eye_center(lm));
    cv::Mat grown;
    cv::dilate(head, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(41, 41)));
    h.hair = cv::Mat(size, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            if (grown.at<std::uint8_t>(y, x) && eyes.y - y > 0.9 * iod) h.hair.at<std::uint8_t>(y, x) = 255;
    cv::Mat strands = lab_colour(size, 0.3 * skin_lightness, 3, 6);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> px(0, size.width - 1);
    for (int i = 0; i < 3000; ++i) {  // lighter and darker strands
        const cv::Point a(px(rng), px(rng));
        const cv::Point b = a + cv::Point(px(rng) % 30 - 15, px(rng) % 30 - 15);
        const double level = (px(rng) % 2 ? 0.9 : 0.3) * skin_lightness;  // 8-bit levels: highlights and shade
        cv::line(strands, a, b, cv::Scalar(level * 0.6, level * 0.8, level), 1);
    }
    strands.copyTo(h.bgr, h.hair);
    cv::Mat noise(size, CV_8UC3);
    cv::randu(noise, 0, 4);
    h.bgr += noise;
    return h;
}

// Share of the truth's hair pixels from 20 to 110 mm over the glabella that
// are still dark hair (L* 15 or more below the skin's) in `image`.
double dark_hair_left(const SyntheticHead& h, const cv::Mat& image, double skin_lightness) {
    const double mm = h.face.fit.mm_per_px;
    const double g = h.face.fit.glabella_px.y;
    int hair = 0, left = 0;
    for (int y = 0; y < image.rows; ++y) {
        const double above_mm = (g - y) * mm;
        if (above_mm < 20.0 || above_mm > 110.0) continue;
        for (int x = 0; x < image.cols; ++x) {
            if (!h.hair.at<std::uint8_t>(y, x) || lightness(h.bgr.at<cv::Vec3b>(y, x)) > skin_lightness - 15) continue;
            ++hair;
            left += lightness(image.at<cv::Vec3b>(y, x)) < skin_lightness - 15;
        }
    }
    REQUIRE(hair > 1000);
    return static_cast<double>(left) / hair;
}

double face_changed(const SyntheticHead& h, const cv::Mat& image) {
    std::vector<cv::Point> points, hull;
    for (int i = 0; i <= 26; ++i)
        points.emplace_back(static_cast<int>(h.face.landmarks[static_cast<std::size_t>(i)].x),
                            static_cast<int>(h.face.landmarks[static_cast<std::size_t>(i)].y));
    cv::convexHull(points, hull);
    cv::Mat face(image.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(face, hull, cv::Scalar(255));
    cv::Mat diff, changed;
    cv::absdiff(image, h.bgr, diff);
    cv::reduce(diff.reshape(1, image.rows * image.cols), changed, 1, cv::REDUCE_MAX);
    return static_cast<double>(cv::countNonZero((changed.reshape(1, image.rows) > 8) & face)) / cv::countNonZero(face);
}

// The synthetic head shaved as the product does it: hair mask, the skull
// under the hair, the shave layer over the picture.
std::pair<ScalpFit, cv::Mat> shaved_head(const SyntheticHead& h) {
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    const ScalpFit skull = fit_skull_under_hair(ScalpFit{}, h.face.fit, mask->alpha, mask->head_alpha);
    auto layer = make_shave_layer(h.bgr, h.face.landmarks, apply_scalp_fit(h.face.fit, skull), *mask);
    REQUIRE(layer);
    return {skull, apply_shave_layer(h.bgr, *layer)};
}

}  // namespace

TEST_CASE("hair mask: the hair of a synthetic head is found, its skin and the wall are not", "[unit][hair]") {
    for (const double l : {70.0, 30.0}) {  // light and deep skin, both under dark hair
        INFO("skin L* " << l);
        const SyntheticHead h = synthetic_head(l, 12, 16);
        auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
        REQUIRE(mask);
        const cv::Mat found = mask->alpha >= 128;
        const double hit = static_cast<double>(cv::countNonZero(found & h.hair)) / cv::countNonZero(h.hair);
        cv::Mat near_hair;  // the soft edge may reach a few pixels beyond the truth's hard one
        cv::dilate(h.hair, near_hair, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(11, 11)));
        const cv::Mat not_hair = ~near_hair;
        const double false_hair = static_cast<double>(cv::countNonZero(found & not_hair)) / cv::countNonZero(h.hair);
        CHECK(hit > 0.9);
        CHECK(false_hair < 0.05);
        CHECK(mask->scalp_hair_fraction > 0.5);
    }
}

TEST_CASE("hair mask: a bald head has no hair", "[unit][hair]") {
    SyntheticHead h = synthetic_head(68, 12, 16);
    lab_colour(h.bgr.size(), 68, 12, 16).copyTo(h.bgr, h.hair & h.head);    // the cap painted over with skin...
    lab_colour(h.bgr.size(), 82, 0, -4).copyTo(h.bgr, h.hair & ~h.head);    // ...and with the wall around it
    const cv::Mat head = h.head;
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    CHECK(mask->scalp_hair_fraction < 0.05);
    CHECK(cv::countNonZero(mask->alpha >= 128) < 0.01 * cv::countNonZero(head));
}

TEST_CASE("hair mask: the ears are skin, even before a room of the hair's own colour", "[unit][hair]") {
    const double l = 70.0;
    SyntheticHead h = synthetic_head(l, 12, 16);
    // Around the head a dark room of the hair's own colour: all of the band
    // where hair may stand looks like hair (the light wall beyond does not).
    cv::Mat room;
    const int reach = static_cast<int>(0.45 * cv::boundingRect(h.head).width);
    cv::dilate(h.head, room, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * reach + 1, 2 * reach + 1)));
    lab_colour(h.bgr.size(), 0.3 * l, 3, 6).copyTo(h.bgr, room & ~h.head & ~h.hair);
    const Landmarks& lm = h.face.landmarks;
    const double iod = iod_px(lm);
    const glm::dvec2 eyes = 0.5 * (left_eye_center(lm) + right_eye_center(lm));
    // Ears beside the face, from the eyes' height down, a little shaded.
    cv::Mat ears(h.bgr.size(), CV_8UC1, cv::Scalar(0));
    for (const int side : {lm::kJawFirst, lm::kJawLast}) {
        const double out = side == lm::kJawFirst ? -1.0 : 1.0;
        const cv::Point centre(static_cast<int>(lm[static_cast<std::size_t>(side)].x + out * 0.18 * iod),
                               static_cast<int>(eyes.y + 0.45 * iod));
        cv::ellipse(ears, centre, cv::Size(static_cast<int>(0.14 * iod), static_cast<int>(0.4 * iod)), 0, 0, 360, cv::Scalar(255), cv::FILLED);
    }
    ears &= ~h.head;
    // In the head's shade: the skin's colour at 0.4 of its light (linear).
    const cv::Vec3b skin = lab_colour(cv::Size(1, 1), l, 12, 16).at<cv::Vec3b>(0, 0);
    cv::Scalar shaded;
    for (int c = 0; c < 3; ++c) {
        const double v = skin[c] / 255.0, lin = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4), dim = 0.4 * lin;
        shaded[c] = 255.0 * (dim <= 0.0031308 ? 12.92 * dim : 1.055 * std::pow(dim, 1 / 2.4) - 0.055);
    }
    h.bgr.setTo(shaded, ears);
    REQUIRE(cv::countNonZero(ears) > 1000);
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    cv::Mat core;  // the soft edge may reach into the ears' rims
    cv::erode(ears, core, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
    const double ear_as_hair = static_cast<double>(cv::countNonZero((mask->alpha >= 128) & core)) / cv::countNonZero(core);
    CHECK(ear_as_hair < 0.05);
    // The hair and the dark room above the ears are still hair to the mask.
    const double hit = static_cast<double>(cv::countNonZero((mask->alpha >= 128) & h.hair)) / cv::countNonZero(h.hair);
    CHECK(hit > 0.9);
}

TEST_CASE("hair mask: a pillar of the hair's colour behind the head stays background", "[unit][hair]") {
    const double l = 70.0;
    SyntheticHead h = synthetic_head(l, 12, 16);
    // A smooth pillar of the hair's own colour, from the top of the picture
    // down to the hair, off the head's centre: it runs through the band
    // where hair may stand and touches the hair.
    const double iod = iod_px(h.face.landmarks);
    const glm::dvec2 g = h.face.fit.glabella_px;
    cv::Mat pillar(h.bgr.size(), CV_8UC1, cv::Scalar(0));
    cv::rectangle(pillar, cv::Rect(static_cast<int>(g.x + 0.5 * iod), 0, static_cast<int>(0.4 * iod), h.bgr.rows), cv::Scalar(255),
                  cv::FILLED);
    pillar &= ~h.hair & ~h.head;
    cv::Mat below_hair_top(h.bgr.size(), CV_8UC1, cv::Scalar(0));  // the pillar stands on the hair, not beside the face
    const cv::Rect hair_box = cv::boundingRect(h.hair);
    below_hair_top(cv::Rect(0, hair_box.y + hair_box.height / 3, h.bgr.cols, h.bgr.rows - hair_box.y - hair_box.height / 3)).setTo(255);
    pillar &= ~below_hair_top;
    lab_colour(h.bgr.size(), 0.3 * l, 3, 6).copyTo(h.bgr, pillar);
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    // Right over the hair, hair standing up is likelier (a prior of place): judged from 10 px above it.
    cv::Mat near_hair;
    cv::dilate(h.hair, near_hair, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(21, 21)));
    const cv::Mat pillar_off_hair = pillar & ~near_hair;
    REQUIRE(cv::countNonZero(pillar_off_hair) > 500);
    const double pillar_as_hair =
        static_cast<double>(cv::countNonZero((mask->alpha >= 128) & pillar_off_hair)) / cv::countNonZero(pillar_off_hair);
    CHECK(pillar_as_hair < 0.1);
    const double hit = static_cast<double>(cv::countNonZero((mask->alpha >= 128) & h.hair)) / cv::countNonZero(h.hair);
    CHECK(hit > 0.9);
}

TEST_CASE("hair mask: a shiny, shaded bald head is the client's own scalp, not hair", "[unit][hair]") {
    for (const double l : {68.0, 35.0}) {  // light and deep skin
        INFO("skin L* " << l);
        SyntheticHead h = synthetic_head(l, 12, 16);
        lab_colour(h.bgr.size(), 82, 0, -4).copyTo(h.bgr, h.hair & ~h.head);  // no hair beyond the skull: the wall
        // The scalp lit from above: darker towards the sides (down to a
        // third), a broad highlight of the light's white near the crown.
        const glm::dvec2 g = h.face.fit.glabella_px;
        const double iod = iod_px(h.face.landmarks);
        for (int y = 0; y < h.bgr.rows; ++y)
            for (int x = 0; x < h.bgr.cols; ++x) {
                if (!(h.hair.at<std::uint8_t>(y, x) && h.head.at<std::uint8_t>(y, x))) continue;
                const double side = std::abs(x - g.x) / (1.6 * iod);
                const double shade = std::clamp(1.0 - 0.65 * side * side, 0.35, 1.0);
                const double spot = std::exp(-(std::pow(x - g.x + 0.3 * iod, 2) + std::pow(y - (g.y - 1.9 * iod), 2)) /
                                             (2.0 * std::pow(0.25 * iod, 2)));
                const cv::Mat skin_px = lab_colour(cv::Size(1, 1), l, 12, 16);
                cv::Vec3b& p = h.bgr.at<cv::Vec3b>(y, x);
                for (int c = 0; c < 3; ++c) {
                    const double lin = std::pow(skin_px.at<cv::Vec3b>(0, 0)[c] / 255.0, 2.2) * shade + 0.5 * spot;
                    p[c] = cv::saturate_cast<std::uint8_t>(255.0 * std::pow(std::min(1.0, lin), 1.0 / 2.2));
                }
            }
        auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
        REQUIRE(mask);
        // Inside the outline (the last few mm blend the skin with the wall
        // behind it, and may read as hair).
        cv::Mat scalp;
        const int rim = static_cast<int>(0.1 * iod);
        cv::erode(h.hair & h.head, scalp, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * rim + 1, 2 * rim + 1)));
        CHECK(cv::countNonZero((mask->covering_alpha >= 128) & scalp) < 0.02 * cv::countNonZero(scalp));
        CHECK(cv::countNonZero((mask->skin_alpha >= 128) & scalp) > 0.9 * cv::countNonZero(scalp));
    }
}

TEST_CASE("shave: dark hair becomes shaved skin or wall, the face is untouched", "[unit][hair]") {
    for (const double l : {70.0, 30.0}) {
        INFO("skin L* " << l);
        const SyntheticHead h = synthetic_head(l, 12, 16);
        const auto [skull, shaved] = shaved_head(h);
        CHECK(dark_hair_left(h, h.bgr, l) == Approx(1.0));  // the measure sees the hair before
        CHECK(dark_hair_left(h, shaved, l) < 0.10);          // at least 90% of it gone
        CHECK(face_changed(h, shaved) < 0.005);
        // The shaved scalp is the skin's colour: its lightness within a few
        // levels of the forehead's (one flat light here).
        const cv::Point crown(static_cast<int>(h.face.fit.glabella_px.x),
                              static_cast<int>(h.face.fit.glabella_px.y - 60.0 / h.face.fit.mm_per_px));
        CHECK(lightness(shaved.at<cv::Vec3b>(crown)) == Approx(l).margin(6.0));
        CHECK(skull.scale < 1.0);  // under hair the skull is not the hair's outline
    }
}

TEST_CASE("shave: the hair's faint fringe beyond the skull goes with it, leaving no ghost outline", "[unit][hair]") {
    const double l = 70.0;
    SyntheticHead h = synthetic_head(l, 12, 16);
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    // Flyaway tips: a band a few pixels wide beyond the hair's soft edge,
    // half hair and half wall, that the mask calls barely hair.
    cv::Mat outer, inner;
    cv::dilate(h.hair, outer, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(25, 25)));
    cv::dilate(h.hair, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(13, 13)));
    const cv::Mat fringe = outer & ~inner & (mask->alpha < 40);
    for (int y = 0; y < fringe.rows; ++y)
        for (int x = 0; x < fringe.cols; ++x)
            if (fringe.at<std::uint8_t>(y, x)) h.bgr.at<cv::Vec3b>(y, x) = h.bgr.at<cv::Vec3b>(y, x) / 2;
    mask->alpha.setTo(40, fringe);
    const ScalpFit skull = fit_skull_under_hair(ScalpFit{}, h.face.fit, mask->alpha, mask->head_alpha);
    auto layer = make_shave_layer(h.bgr, h.face.landmarks, apply_scalp_fit(h.face.fit, skull), *mask);
    REQUIRE(layer);
    const cv::Mat shaved = apply_shave_layer(h.bgr, *layer);
    // Where the fringe was, beyond the new skull (and clear of its soft edge): the wall.
    cv::Mat skull_mask(h.bgr.size(), CV_8UC1, cv::Scalar(0));
    layer->scalp.copyTo(skull_mask(layer->rect));
    cv::dilate(skull_mask, skull_mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
    double sum = 0;
    int n = 0;
    for (int y = 0; y < fringe.rows; ++y)
        for (int x = 0; x < fringe.cols; ++x)
            if (fringe.at<std::uint8_t>(y, x) && !skull_mask.at<std::uint8_t>(y, x)) {
                sum += lightness(shaved.at<cv::Vec3b>(y, x));
                ++n;
            }
    REQUIRE(n > 200);
    INFO(n << " fringe pixels beyond the skull");
    CHECK(sum / n == Approx(82.0).margin(3.0));  // the wall's L*
}

TEST_CASE("shave: a loose strand lying on the forehead goes with the hair, a crease stays", "[unit][hair]") {
    const double l = 70.0;
    SyntheticHead h = synthetic_head(l, 12, 16);
    const Landmarks& lm = h.face.landmarks;
    const double iod = iod_px(lm);
    const glm::dvec2 eyes = 0.5 * (left_eye_center(lm) + right_eye_center(lm));
    auto at = [&](double across_iod, double above_iod) {
        return cv::Point(static_cast<int>(eyes.x + across_iod * iod), static_cast<int>(eyes.y - above_iod * iod));
    };
    // A strand from the hair down across the forehead, a pixel wide and as
    // a lens draws it (partly covering the pixels beside it, so darker than
    // the skin by half, not in the hair's colour); a crease across the
    // forehead, a tenth darker than the skin; both above the brows.
    cv::Mat strand(h.bgr.size(), CV_8UC1, cv::Scalar(0)), crease(h.bgr.size(), CV_8UC1, cv::Scalar(0));
    cv::line(strand, at(0.1, 1.1), at(0.35, 0.45), cv::Scalar(255), 1, cv::LINE_AA);
    cv::line(crease, at(-0.5, 0.6), at(-0.1, 0.6), cv::Scalar(255), 1);
    const cv::Mat forehead_strand = (strand > 128) & ~h.hair;
    for (int y = 0; y < h.bgr.rows; ++y)
        for (int x = 0; x < h.bgr.cols; ++x) {
            cv::Vec3b& p = h.bgr.at<cv::Vec3b>(y, x);
            if (const int cover = strand.at<std::uint8_t>(y, x); cover > 0 && !h.hair.at<std::uint8_t>(y, x))
                p = p * (1.0 - 0.5 * cover / 255.0);
            if (crease.at<std::uint8_t>(y, x)) p = p * 0.9;
        }
    REQUIRE(cv::countNonZero(forehead_strand) > 40);
    const cv::Mat shaved = shaved_head(h).second;
    double left_dark = 0, crease_changed = 0;
    for (int y = 0; y < h.bgr.rows; ++y)
        for (int x = 0; x < h.bgr.cols; ++x) {
            if (forehead_strand.at<std::uint8_t>(y, x)) left_dark += lightness(shaved.at<cv::Vec3b>(y, x)) < l - 15;
            if (crease.at<std::uint8_t>(y, x))
                crease_changed += cv::norm(cv::Vec3d(shaved.at<cv::Vec3b>(y, x)) - cv::Vec3d(h.bgr.at<cv::Vec3b>(y, x))) > 3;
        }
    INFO(left_dark << " of " << cv::countNonZero(forehead_strand) << " strand pixels still dark; " << crease_changed
                   << " of " << cv::countNonZero(crease) << " crease pixels changed");
    CHECK(left_dark < 0.1 * cv::countNonZero(forehead_strand));
    CHECK(crease_changed == 0);
}

TEST_CASE("shave: a hair mask that took the background in is bounded by the head's outline", "[unit][hair]") {
    const double l = 70.0;
    SyntheticHead h = synthetic_head(l, 12, 16);
    // Voluminous hair: standing an inter-ocular distance off the head.
    const double iod = iod_px(h.face.landmarks);
    const glm::dvec2 eyes = 0.5 * (left_eye_center(h.face.landmarks) + right_eye_center(h.face.landmarks));
    const int volume = static_cast<int>(1.0 * iod);
    cv::Mat band;
    cv::dilate(h.head, band, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * volume + 1, 2 * volume + 1)));
    for (int y = 0; y < band.rows; ++y)
        if (eyes.y - y <= 0.9 * iod) band.row(y).setTo(0);
    band &= ~h.hair & ~h.head;
    lab_colour(h.bgr.size(), 0.3 * l, 3, 6).copyTo(h.bgr, band);
    h.hair |= band;
    auto mask = estimate_hair_mask(h.bgr, h.face.landmarks, h.face.fit);
    REQUIRE(mask);
    const ScalpFit skull = fit_skull_under_hair(ScalpFit{}, h.face.fit, mask->alpha, mask->head_alpha);
    const FaceFit fit = apply_scalp_fit(h.face.fit, skull);
    // As against bokeh of the hair's own colour: all of the frame that is
    // not the face is taken for hair and head.
    HairMask took = *mask;
    took.alpha.setTo(255, mask->skin_alpha < 128);
    took.head_alpha.setTo(255);
    const cv::Mat outline = h.hair | h.head;  // the head's outline, as GrabCut finds it
    auto changed_beyond = [&](const cv::Mat& shaved) {
        cv::Mat beyond, diff, changed;
        const int edge = static_cast<int>(0.1 * iod);
        cv::dilate(outline, beyond, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * edge + 1, 2 * edge + 1)));
        beyond = ~beyond;
        cv::absdiff(shaved, h.bgr, diff);
        cv::reduce(diff.reshape(1, shaved.rows * shaved.cols), changed, 1, cv::REDUCE_MAX);
        return static_cast<double>(cv::countNonZero((changed.reshape(1, shaved.rows) > 8) & beyond)) / cv::countNonZero(beyond);
    };
    const cv::Mat took_before = took.alpha.clone();
    auto layer = make_shave_layer(h.bgr, h.face.landmarks, fit, took, outline);
    REQUIRE(layer);
    CHECK(cv::norm(took.alpha, took_before, cv::NORM_INF) == 0.0);  // the caller's mask is left as it was
    const cv::Mat shaved = apply_shave_layer(h.bgr, *layer);
    CHECK(dark_hair_left(h, shaved, l) < 0.10);
    CHECK(face_changed(h, shaved) < 0.005);
    CHECK(changed_beyond(shaved) < 0.005);  // the background beyond the head (and the hair's soft edge) untouched
    // Without the outline no background is left around the head to rebuild
    // the hair beyond the skull from: it stays.
    auto unbounded = make_shave_layer(h.bgr, h.face.landmarks, fit, took);
    REQUIRE(unbounded);
    CHECK(dark_hair_left(h, apply_shave_layer(h.bgr, *unbounded), l) > 0.10);
}

TEST_CASE("hair modes: under never centres a dot on hair, shave draws on the shaved frame", "[unit][hair]") {
    const SyntheticHead h = synthetic_head(68, 12, 16);
    FrameFacts facts;
    facts.bgr = h.bgr;
    facts.face = h.face;
    facts.dot_field = std::make_shared<const DotField>(generate_dot_field(ScalpChart(h.face.fit.head), 3));
    // Thinning hair: strands with scalp between them.
    facts.hair_alpha = cv::Mat(h.bgr.size(), CV_8UC1, cv::Scalar(0));
    for (int x = 0; x < h.bgr.cols; x += 8) cv::line(facts.hair_alpha, {x, 0}, {x + 40, h.bgr.rows}, cv::Scalar(255), 1);
    Design design;
    design.hairline_height_mm = 60;

    auto splats_on_hair = [&](HairMode mode) {
        design.hair = mode;
        const PreviewScene scene = make_preview_scene(design, facts);
        REQUIRE(scene.dots);
        std::vector<DotSplat> splats;
        compute_dot_splats(*scene.dots, splats);
        REQUIRE(splats.size() > 200);
        std::size_t on_hair = 0;
        for (const DotSplat& s : splats) {
            const int u = static_cast<int>(std::lround(s.center_px.x)), v = static_cast<int>(std::lround(s.center_px.y));
            on_hair += u >= 0 && v >= 0 && u < h.bgr.cols && v < h.bgr.rows && facts.hair_alpha.at<std::uint8_t>(v, u) >= 128;
        }
        CHECK(scene.hair_used == mode);
        return on_hair;
    };
    CHECK(splats_on_hair(HairMode::AsIs) > 50);  // the strands do cover dots' places
    CHECK(splats_on_hair(HairMode::Under) == 0);

    // Auto: as is while the designed scalp is mostly skin, shave when mostly hair.
    design.hair = HairMode::Auto;
    ShaveLayer layer;
    layer.rect = cv::Rect(100, 0, 600, 400);
    layer.bgra = cv::Mat(layer.rect.size(), CV_8UC4, cv::Scalar(90, 120, 170, 255));
    layer.background = cv::Mat(layer.rect.size(), CV_8UC1, cv::Scalar(0));
    facts.shave = std::make_shared<const ShaveLayer>(layer);
    facts.covering_alpha = facts.hair_alpha;  // hair that hides the skin: here, all the hair
    const PreviewScene thin = make_preview_scene(design, facts);
    CHECK(thin.designed_cover.hair < kAutoShaveSeenShare * thin.designed_cover.seen);
    CHECK(thin.hair_used == HairMode::AsIs);
    CHECK(thin.hair_reason.find("as it is") != std::string::npos);
    facts.hair_alpha = h.hair;
    facts.covering_alpha = h.hair;
    const PreviewScene full = make_preview_scene(design, facts);
    CHECK(full.designed_hair_fraction > 0.9);
    CHECK(full.hair_used == HairMode::Shave);
    CHECK(full.hair_reason.find("shaved") != std::string::npos);
    // The same hair, but the client's own skin seen there (a shiny bald
    // scalp the hair model took in): as it is.
    facts.skin_alpha = h.hair;
    const PreviewScene bare = make_preview_scene(design, facts);
    CHECK(bare.designed_cover.skin == bare.designed_cover.seen);
    CHECK(bare.hair_used == HairMode::AsIs);
    facts.skin_alpha = cv::Mat();
    REQUIRE(full.base_bgr.size() == h.bgr.size());
    CHECK(full.base_bgr.at<cv::Vec3b>(200, 400) == cv::Vec3b(90, 120, 170));  // drawn on the shaved frame
    CHECK(facts.bgr.at<cv::Vec3b>(200, 400) == h.bgr.at<cv::Vec3b>(200, 400));  // which is a copy

    // Shave asked for, but nothing to shave with: said so, and shown as is.
    facts.shave = nullptr;
    design.hair = HairMode::Shave;
    const PreviewScene none = make_preview_scene(design, facts);
    CHECK(none.hair_used == HairMode::AsIs);
    REQUIRE(none.notices.size() == 1);
    CHECK(none.notices[0].find("hair=shave") != std::string::npos);
}

namespace {

// The silhouette of the fitted skull changed by `skull`, filled.
cv::Mat skull_silhouette_mask(const FaceFit& fit, const ScalpFit& skull, cv::Size size) {
    std::vector<cv::Point> polygon;
    for (const cv::Point2f& p : scalp_silhouette(apply_scalp_fit(fit, skull)))
        polygon.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    cv::Mat mask(size, CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(mask, polygon, cv::Scalar(255));
    return mask;
}

// The silhouette of the fitted skull made `width` times broader, filled.
cv::Mat skull_silhouette_mask(const FaceFit& fit, double width, cv::Size size) {
    return skull_silhouette_mask(fit, ScalpFit{0.0, 1.0, 0, 0.0, true, width}, size);
}

}  // namespace

TEST_CASE("bald outline: the skull takes the breadth of a bare head's outline, not of hair's", "[unit][hair]") {
    const cv::Size size(800, 800);
    const FaceOnFrame face = test::frontal_face(CameraIntrinsics{1600.0, {size.width / 2.0, size.height * 0.6}});
    const cv::Mat head = skull_silhouette_mask(face.fit, 1.12, size);
    // The model's own outline fit leaves the breadth alone.
    const ScalpFit outline = fit_scalp_to_outline(head, face.fit);
    REQUIRE(outline.fitted);
    CHECK(outline.width_scale == 1.0);
    CHECK_FALSE(outline.bare);

    SECTION("bare scalp up to the outline: the breadth follows it") {
        const cv::Mat no_hair(size, CV_8UC1, cv::Scalar(0));
        const ScalpFit bare = fit_skull_to_bare_outline(outline, face.fit, no_hair, head, no_hair, head);
        REQUIRE(bare.bare);
        CHECK(bare.width_scale == Approx(1.12).margin(0.03));
        CHECK(std::abs(bare.yaw_rad) < 0.5 * std::numbers::pi / 180.0);  // no turn that is not there
        CHECK(bare.mismatch_px < 0.03 * face.fit.iod_px);
    }
    SECTION("a stubble rim at the outline is still bare") {
        cv::Mat rim = head.clone();
        cv::erode(head, rim, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(11, 11)));
        const cv::Mat stubble = head & ~rim;
        const cv::Mat no_hair(size, CV_8UC1, cv::Scalar(0));
        const ScalpFit bare = fit_skull_to_bare_outline(outline, face.fit, stubble, head, no_hair, head);
        CHECK(bare.bare);
        CHECK(bare.width_scale == Approx(1.12).margin(0.03));
    }
    SECTION("hair hiding the skull: the outline is the hair's, the fit is left as it was") {
        const ScalpFit kept = fit_skull_to_bare_outline(outline, face.fit, head, head, head, head);
        CHECK_FALSE(kept.bare);
        CHECK(kept.width_scale == 1.0);
        CHECK(kept.scale == outline.scale);
    }
    SECTION("a bare head beside the model (the landmarks' yaw a few degrees off): the skull turns onto it") {
        ScalpFit turned{0.0, 1.0, 0, 0.0, true, 1.12};
        turned.yaw_rad = 5.0 * std::numbers::pi / 180.0;
        const cv::Mat beside = skull_silhouette_mask(face.fit, turned, size);
        const cv::Mat no_hair(size, CV_8UC1, cv::Scalar(0));
        const ScalpFit fitted = fit_skull_to_bare_outline(fit_scalp_to_outline(beside, face.fit), face.fit, no_hair, beside,
                                                          no_hair, beside);
        REQUIRE(fitted.bare);
        CHECK(fitted.yaw_rad * 180.0 / std::numbers::pi == Approx(5.0).margin(1.0));
        CHECK(fitted.width_scale == Approx(1.12).margin(0.03));
        CHECK(fitted.mismatch_px < 0.03 * face.fit.iod_px);
    }
    SECTION("a bald crown over hair at the sides: the crown's rays set the breadth, the outline is not called bare") {
        // Hair that hides the skin more than 42 degrees from the face's "up"
        // (seen from the glabella): 12 of the outline's 29 rays.
        cv::Mat sides(size, CV_8UC1, cv::Scalar(0));
        const glm::dvec2 g = face.fit.glabella_px;
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x)
                if (std::atan2(std::abs(x - g.x), g.y - y) > 42.0 * std::numbers::pi / 180.0) sides.at<std::uint8_t>(y, x) = 255;
        const cv::Mat hair = head & sides;
        const cv::Mat no_hair(size, CV_8UC1, cv::Scalar(0));
        const ScalpFit crown = fit_skull_to_bare_outline(outline, face.fit, hair, head, no_hair, head);
        CHECK_FALSE(crown.bare);
        REQUIRE(crown.fitted);
        // The crown alone leaves breadth and height partly interchangeable
        // (a broader, lower skull has nearly the same top), so the typical
        // skull takes part of it: broader than the model, never broader than
        // the head, and following the outline.
        CHECK(crown.width_scale > 1.04);
        CHECK(crown.width_scale < 1.15);
        CHECK(crown.mismatch_px < 0.05 * face.fit.iod_px);
    }
    SECTION("an outline that left out the hair on top is not the skull's: the fit is left as it was") {
        // The head mask stops at the skin; hair-coloured hair lies beyond it,
        // a sixth of the inter-ocular distance thick (about 10 mm).
        const int hair_px = static_cast<int>(face.fit.iod_px / 6.0);
        cv::Mat skin_only;
        cv::erode(head, skin_only, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * hair_px + 1, 2 * hair_px + 1)));
        const cv::Mat hair = head & ~skin_only;
        const ScalpFit kept = fit_skull_to_bare_outline(outline, face.fit, hair, head, hair, skin_only);
        CHECK_FALSE(kept.bare);
        CHECK(kept.width_scale == 1.0);
        CHECK(kept.scale == outline.scale);
    }
}

TEST_CASE("shave: the new skull's outline is as soft as the camera draws the head's", "[unit][hair]") {
    // The same head through a sharp and a soft lens: the skull drawn over
    // the wall takes each picture's own edge blur.
    auto edge_width = [](double blur) {
        SyntheticHead h = synthetic_head(30, 12, 16);
        cv::GaussianBlur(h.bgr, h.bgr, cv::Size(0, 0), blur);
        const cv::Mat shaved = shaved_head(h).second;
        // Up the column over the glabella, from the wall into the crown: the
        // rows between 10% and 90% of the way from the wall's lightness to
        // the skull's.
        const int x = static_cast<int>(h.face.fit.glabella_px.x);
        const int crown = static_cast<int>(h.face.fit.glabella_px.y - 80.0 / h.face.fit.mm_per_px);
        const double wall = lightness(shaved.at<cv::Vec3b>(5, x)), skin = lightness(shaved.at<cv::Vec3b>(crown, x));
        int between = 0;
        for (int y = 5; y < crown; ++y) {
            const double t = (wall - lightness(shaved.at<cv::Vec3b>(y, x))) / (wall - skin);
            between += t > 0.1 && t < 0.9;
        }
        return between;
    };
    const int sharp = edge_width(0.5), soft = edge_width(2.5);
    INFO("edge 10-90%: sharp lens " << sharp << " px, soft lens " << soft << " px");
    CHECK(soft >= sharp + 2);
    CHECK(soft <= 12);  // a soft edge, not a smear
}
