#include "engine/analysis/shave.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/track/rigid_fit.h"
#include "engine/analysis/background_fill.h"
#include "engine/analysis/background_settle.h"
#include "engine/analysis/camera_look.h"
#include "engine/analysis/membrane.h"
#include "engine/analysis/scene_light.h"
#include "engine/analysis/skin_texture.h"
#include "engine/analysis/skull_bumps.h"
#include "engine/analysis/skull_view.h"
#include "engine/analysis/stubble.h"
#include "engine/core/smooth.h"
#include "engine/core/srgb.h"


namespace hairline {
namespace {

// The smooth parts (light, colour continuity, background) are worked out
// on a crop at most this large (px); texture and stubble at full resolution.
constexpr double kSmallSidePx = 320.0;
// Below the eyes by more than this (inter-ocular distances) nothing changes:
// long hair below the ears stays.
constexpr double kZoneBottomIod = -1.2, kZoneFadeIod = 0.3;
// Below the face (neck, clothes) there is no background to rebuild from.
constexpr double kBelowFaceIod = -0.9, kBelowFaceHalfWidthIod = 2.0;
// The hair's soft edge (its tips, the light through them) is taken with it.
constexpr double kHairEdgeIod = 0.03;
// A head's outline in a photo is never a hard pixel step: the last
// millimetre of skin is seen edge-on, through its fine hair, and the
// camera's blur estimate (taken on the sharpest edges) undershoots a limb's.
constexpr double kMinOutlineBlurPx = 0.7;
constexpr double kHairTrace = 0.02;  // hair alpha that is still hair (the rebuilt background starts here)
// Off the skull, faint hair this close to sure hair is its fringe (flyaway
// tips, the light through them), replaced whole by the background.
constexpr double kHairFringeIod = 0.1;
// The background copied across the outline bends smoothly over this much
// (background_fill.h).
constexpr double kBackgroundSmoothIod = 0.1;
// Where the copy streaks or warps a defocused background, only its grain
// (finer than this) stays (background_fill.h).
constexpr double kBackgroundGrainPx = 1.0;
// A hair mask leaving less than this share of its box as background has
// taken the background in (make_shave_layer). The box is the mask's bounds
// grown by 8% a side: that margin alone is about a quarter of it, and a
// round head leaves its bounds' corners too (0.37-0.52 on the shared photos
// with hair); a mask filling its bounds like a rectangle, or cut by the
// frame's edges, leaves less (0.17 where bokeh of the hair's colour was taken in).
constexpr double kMinBackgroundShare = 0.3;
// The face kept by the shave reaches this far over the eye line (inter-ocular
// distances): the eyes and lashes; above it only the brows are kept.
constexpr double kKeepAboveEyesIod = 0.2;
// Loose strands (with_loose_strands): about this wide (IOD), darker than the
// skin beside them by this share of its luminance, and taken this far from
// sure hair at most.
constexpr double kStrandWidthIod = 0.015, kStrandContrast = 0.2, kStrandReachIod = 0.6;
// Where hair grew, as the stubble sees it: the matte smoothed over this
// much skin (mm), so stubble does not copy the light and shade of strands.
constexpr double kGrewSmoothingMm = 6.0;
// Hair pixels sure enough to take the hair's colour from, and skin pixels
// sure enough to light and texture from (0..1 of the matte).
constexpr float kSureHair = 0.8f, kSureSkinHair = 0.15f, kSureHead = 0.8f;
// The stubble's colour: the hair's middle (this quantile of its luminance),
// neither its highlights nor the shade strands cast on each other in a mass
// of hair: cut to a millimetre, each stub is lit whole. (The darker third
// laid a grey, dirty cast over blond and light brown heads.)
constexpr double kStubbleColourQuantile = 0.5;

cv::Mat as_float(const cv::Mat& u8) {
    cv::Mat f;
    u8.convertTo(f, CV_32F, 1.0 / 255.0);
    return f;
}

cv::Mat to_linear_image(const cv::Mat& bgr) {
    const auto& table = srgb8_to_linear_table();
    cv::Mat out(bgr.size(), CV_32FC3);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
            out.at<cv::Vec3f>(y, x) = cv::Vec3f(table[c[0]], table[c[1]], table[c[2]]);
        }
    return out;
}

cv::Vec3b to_srgb8(const cv::Vec3f& linear) {
    return cv::Vec3b(cv::saturate_cast<uchar>(255.0 * linear_to_srgb(linear[0])), cv::saturate_cast<uchar>(255.0 * linear_to_srgb(linear[1])),
                     cv::saturate_cast<uchar>(255.0 * linear_to_srgb(linear[2])));
}

// Everything the steps share, in the layer's box (frame pixels) and at the
// small working scale.
struct ShaveInputs {
    cv::Rect box;
    double small = 1.0;           // small crop pixels per box pixel
    double iod = 0.0;             // box pixels
    cv::Mat bgr;                  // the box of the frame (a view)
    cv::Mat hair, head;           // CV_32F 0..1, box
    cv::Mat keep;                 // CV_8U, box: the face, untouched
    cv::Mat zone;                 // CV_32F 0..1, box: where hair may be shaved
    cv::Mat features;             // CV_8U, box: eyes, brows, mouth, nostrils (not skin)
    SkullView skull;              // box resolution
    cv::Mat skull_soft;           // CV_32F 0..1, box: the skull, within the original outline
    // CV_32F 0..1, box: the skull as its colour is laid over the rebuilt
    // background: its outline as soft as the camera draws the real head's.
    cv::Mat skull_edge;
};

cv::Rect layer_box(const HairMask& hair, cv::Size frame) {
    cv::Rect box = cv::boundingRect((hair.head_alpha > 16) | (hair.alpha > 16));
    const int grow = static_cast<int>(0.08 * std::max(box.width, box.height));
    return cv::Rect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow) & cv::Rect(0, 0, frame.width, frame.height);
}

cv::Mat feature_mask(const Landmarks& lm, cv::Rect box, double iod) {
    cv::Mat features(box.size(), CV_8UC1, cv::Scalar(0));
    for (const auto& [first, last] : {std::pair{17, 21}, {22, 26}, {36, 41}, {42, 47}, {48, 59}, {31, 35}}) {
        std::vector<cv::Point> pts;
        for (int i = first; i <= last; ++i)
            pts.emplace_back(static_cast<int>(lm[static_cast<std::size_t>(i)].x) - box.x, static_cast<int>(lm[static_cast<std::size_t>(i)].y) - box.y);
        std::vector<cv::Point> hull;
        cv::convexHull(pts, hull);
        cv::fillConvexPoly(features, hull, cv::Scalar(255));
    }
    const int pad = std::max(1, static_cast<int>(0.08 * iod));
    cv::dilate(features, features, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * pad + 1, 2 * pad + 1)));
    return features;
}

// What the shave never touches: the face inside its jaw line up to the
// eyes, and the brows. Not the temples beside the brows, nor hair lying
// against the cheek: that is scalp hair, and clippers take it (the previews'
// face keep zone reaches up to the brows' tails and a little beyond the jaw
// line, for beards, and leaves tufts there). A beard is below the zone.
cv::Mat shave_keep_zone(const Landmarks& lm, cv::Rect box) {
    const FaceAxes axes = face_axes(lm);
    std::vector<cv::Point> face;
    for (int i = 0; i <= 47; ++i) {
        if (i >= 17 && i <= 35) continue;  // brows and nose: inside the hull of the rest, or kept below
        const glm::dvec2 p = lm[static_cast<std::size_t>(i)] - glm::dvec2(box.x, box.y);
        face.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    }
    std::vector<cv::Point> face_hull;
    cv::convexHull(face, face_hull);
    cv::Mat keep(box.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(keep, face_hull, cv::Scalar(255));
    for (int y = 0; y < keep.rows; ++y)
        for (int x = 0; x < keep.cols; ++x)
            if (axes.above_eyes(glm::dvec2(box.x + x, box.y + y)) > kKeepAboveEyesIod) keep.at<std::uint8_t>(y, x) = 0;
    std::vector<cv::Point> brows;
    for (int i = 17; i <= 26; ++i)
        for (const double lift : {-0.05, 0.04}) {
            const glm::dvec2 p = lm[static_cast<std::size_t>(i)] + lift * axes.iod_px * axes.up - glm::dvec2(box.x, box.y);
            brows.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
        }
    std::vector<cv::Point> hull;
    cv::convexHull(brows, hull);
    cv::fillConvexPoly(keep, hull, cv::Scalar(255));
    return keep;
}

// From the crown down to beside the cheeks, off the face.
cv::Mat shave_zone(const Landmarks& lm, cv::Rect box, const cv::Mat& keep) {
    const FaceAxes axes = face_axes(lm);
    cv::Mat zone(box.size(), CV_32F);
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            const double above = axes.above_eyes(glm::dvec2(box.x + x, box.y + y));
            zone.at<float>(y, x) = keep.at<std::uint8_t>(y, x) ? 0.0f : static_cast<float>(std::clamp((above - kZoneBottomIod) / kZoneFadeIod, 0.0, 1.0));
        }
    return zone;
}

// Loose strands lying on the skin: thin lines on the head darker than the
// skin either side, connected to sure hair. The hair mask loses a strand a few pixels
// from the hair (narrower than its colour model sees); clippers take it with
// the rest. Creases are shallower (kStrandContrast) and mostly unconnected;
// kStrandReachIod bounds how far from sure hair a line is taken.
cv::Mat with_loose_strands(const cv::Mat& hair, const cv::Mat& head, const cv::Mat& bgr, double iod, const cv::Mat& spared) {
    cv::Mat gray, closed;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    const int width = std::max(1, static_cast<int>(std::lround(kStrandWidthIod * iod)));
    cv::morphologyEx(gray, closed, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * width + 1, 2 * width + 1)));
    cv::Mat depth, line;
    cv::subtract(closed, gray, depth, cv::noArray(), CV_32F);
    cv::Mat closed_f;
    closed.convertTo(closed_f, CV_32F);
    line = (depth > kStrandContrast * closed_f) & (head > 0.5f) & ~spared;  // on the head, not the background
    const cv::Mat sure = hair > 0.5f;
    cv::Mat from_sure;
    cv::distanceTransform(~sure, from_sure, cv::DIST_L2, 3);
    line &= from_sure < kStrandReachIod * iod;
    // The lines' pieces that touch sure hair.
    cv::Mat labels;
    const int n = cv::connectedComponents(line | sure, labels, 8, CV_32S);
    std::vector<std::uint8_t> attached(static_cast<std::size_t>(n), 0);
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (sure.at<std::uint8_t>(y, x)) attached[static_cast<std::size_t>(labels.at<int>(y, x))] = 1;
    cv::Mat out = hair.clone();
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (line.at<std::uint8_t>(y, x) && attached[static_cast<std::size_t>(labels.at<int>(y, x))])
                out.at<float>(y, x) = 1.0f;
    return out;
}

ShaveInputs gather(const cv::Mat& bgr, const Landmarks& lm, const FaceFit& fit, const HairMask& hair, cv::Rect box) {
    ShaveInputs in;
    in.box = box;
    in.small = std::min(1.0, kSmallSidePx / std::max(box.width, box.height));
    in.iod = iod_px(lm);
    in.bgr = bgr(box);
    in.hair = as_float(hair.alpha(box));
    in.head = as_float(hair.head_alpha(box));
    in.keep = shave_keep_zone(lm, box);
    in.zone = shave_zone(lm, box, in.keep);
    in.features = feature_mask(lm, box, in.iod);
    in.hair = with_loose_strands(in.hair, in.head, in.bgr, in.iod, in.features | in.keep);
    in.skull = render_skull_view(fit, shaved_skull_shape(fit, lm), lm, box, 1.0);
    // Never beyond the original outline of hair and head.
    cv::Mat outline = (hair.head_alpha(box) > 64) | (hair.alpha(box) > 64);
    cv::GaussianBlur(as_float(outline), outline, cv::Size(0, 0), 1.0);
    cv::multiply(as_float(in.skull.skull), outline, in.skull_soft);
    // A drawn outline is crisper than anything the camera saw: blurred by
    // the camera's own edge blur (camera_look.h), and never sharper than
    // kMinOutlineBlurPx, about both sides of it (its half-way point stays),
    // within the original outline.
    cv::Mat blurred;
    const double blur = std::max(estimate_camera_look(bgr, lm).blur_px, kMinOutlineBlurPx);
    cv::GaussianBlur(in.skull_soft, blurred, cv::Size(0, 0), blur);
    in.skull_edge = cv::min(blurred, outline);
    return in;
}

cv::Mat small_of(const cv::Mat& m, double small, int interpolation = cv::INTER_AREA) {
    if (small >= 1.0) return m.clone();
    cv::Mat out;
    cv::resize(m, out, cv::Size(), small, small, interpolation);
    return out;
}

cv::Mat full_of(const cv::Mat& m, cv::Size size) {
    if (m.size() == size) return m;
    cv::Mat out;
    cv::resize(m, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

// Real skin the light, the colour and the texture are taken from: head,
// not hair (nor in its shadow), not eyes, brows or mouth, with a normal.
cv::Mat sure_skin(const ShaveInputs& in) {
    cv::Mat not_hair = in.hair < kSureSkinHair;
    cv::Mat away;
    cv::distanceTransform(not_hair, away, cv::DIST_L2, 3);
    cv::Mat skin = (in.head > kSureHead) & (away > kShadowReachIod * in.iod) & ~in.features;
    std::vector<cv::Mat> n;
    cv::split(in.skull.normals, n);
    skin &= cv::abs(n[2]) > 0.0f;
    // In one piece with the face: light strands the matte missed inside the
    // hair are not skin.
    cv::Mat labels;
    const int count = cv::connectedComponents(skin, labels, 8, CV_32S);
    std::vector<bool> on_face(static_cast<std::size_t>(count), false);
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (in.skull.face.at<std::uint8_t>(y, x)) on_face[static_cast<std::size_t>(labels.at<int>(y, x))] = true;
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x) {
            const int l = labels.at<int>(y, x);
            if (l > 0 && !on_face[static_cast<std::size_t>(l)]) skin.at<std::uint8_t>(y, x) = 0;
        }
    return skin;
}

std::optional<SceneLight> light_of(const ShaveInputs& in, const cv::Mat& skin, const cv::Mat& linear) {
    std::vector<SkinSample> samples;
    const int step = std::max(1, static_cast<int>(1.0 / in.small));  // about the small crop's density
    for (int y = 0; y < skin.rows; y += step)
        for (int x = 0; x < skin.cols; x += step) {
            if (!skin.at<std::uint8_t>(y, x)) continue;
            const bool forehead = !in.skull.face.at<std::uint8_t>(y, x) && in.skull_soft.at<float>(y, x) > 0.5f;
            samples.push_back({in.skull.normals.at<cv::Vec3f>(y, x), linear.at<cv::Vec3f>(y, x), forehead});
        }
    return fit_scene_light(samples);
}

// The new skin as the light model gives it (linear), at full resolution.
// The skull's bumps (skull_bumps.h) shade it as the face is lit.
cv::Mat lit_skull(const ShaveInputs& in, const SceneLight& light, const SkullBumps& bumps) {
    cv::Mat out(in.box.size(), CV_32FC3, cv::Scalar::all(0));
    for (int y = 0; y < out.rows; ++y)
        for (int x = 0; x < out.cols; ++x) {
            if (in.skull_soft.at<float>(y, x) <= 0.0f) continue;
            const cv::Vec3f n = bumped_normal(bumps, in.skull.normals.at<cv::Vec3f>(y, x), in.skull.skin_mm.at<cv::Vec2f>(y, x));
            const double d = diffuse_luminance(light, n), h = highlight_luminance(light, n);
            out.at<cv::Vec3f>(y, x) = cv::Vec3f(static_cast<float>(light.chroma[0] * d + h), static_cast<float>(light.chroma[1] * d + h),
                                                static_cast<float>(light.chroma[2] * d + h));
        }
    return out;
}

// Where the new skin goes: hair on the skull, and the skin in its shadow.
cv::Mat new_skin_region(const ShaveInputs& in) {
    cv::Mat hairy = (in.hair > 0.05f) & (in.skull_soft > 0.0f) & (in.zone > 0.0f);
    const int reach = std::max(1, static_cast<int>(kShadowReachIod * in.iod));
    cv::dilate(hairy, hairy, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * reach + 1, 2 * reach + 1)));
    return hairy & (in.skull_soft > 0.0f) & ~in.keep;
}

// What the light model misses of the real skin along the new skin's edge,
// carried across it (small crop), as a full-resolution correction.
cv::Mat continuity(const ShaveInputs& in, const cv::Mat& skin, const cv::Mat& linear, const cv::Mat& lit, const cv::Mat& region) {
    const cv::Mat skin_s = small_of(skin, in.small, cv::INTER_NEAREST), region_s = small_of(region, in.small, cv::INTER_NEAREST);
    const cv::Mat real_s = small_of(linear, in.small), lit_s = small_of(lit, in.small);
    // The real skin's own low frequencies (pores and grain come from the texture).
    cv::Mat w = as_float(skin_s), wr, blurred, wb;
    cv::Mat w3;
    cv::merge(std::vector<cv::Mat>{w, w, w}, w3);
    cv::multiply(real_s, w3, wr);
    const double sigma = std::max(1.0, 0.04 * in.iod * in.small);
    cv::GaussianBlur(wr, blurred, cv::Size(0, 0), sigma);
    cv::GaussianBlur(w3, wb, cv::Size(0, 0), sigma);
    cv::divide(blurred, cv::max(wb, 1e-4), blurred);
    cv::Mat ring;
    cv::dilate(region_s, ring, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    const cv::Mat known = ring & skin_s & ~region_s & (in.skull_soft.empty() ? ring : small_of(in.skull_soft > 0.0f, in.small, cv::INTER_NEAREST));
    cv::Mat difference = blurred - lit_s;
    cv::Mat correction = membrane_fill(difference, known, region_s);
    return full_of(correction, in.box.size());
}

std::optional<SkinTexture> texture_of(const ShaveInputs& in, const cv::Mat& skin, const cv::Mat& linear, double mm_per_px, std::uint32_t seed) {
    cv::Mat luminance(linear.size(), CV_32F);
    for (int y = 0; y < linear.rows; ++y)
        for (int x = 0; x < linear.cols; ++x) luminance.at<float>(y, x) = static_cast<float>(luminance_of(linear.at<cv::Vec3f>(y, x)));
    // Forehead and temples first (scalp-like skin), well clear of hair,
    // brows and glasses; the cheeks when a fringe hides them.
    cv::Mat clear;
    const int margin = std::max(1, static_cast<int>(kShadowReachIod * in.iod));
    cv::erode(skin, clear, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * margin + 1, 2 * margin + 1)));
    const cv::Mat forehead = clear & ~in.skull.face & (in.skull_soft > 0.5f);
    if (auto t = sample_skin_texture(luminance, forehead, mm_per_px, seed)) return t;
    return sample_skin_texture(luminance, clear & in.skull.face, mm_per_px, seed);
}

cv::Vec3f stubble_colour(const ShaveInputs& in, const cv::Mat& linear) {
    std::vector<std::pair<double, cv::Vec3f>> hair;
    for (int y = 0; y < linear.rows; ++y)
        for (int x = 0; x < linear.cols; ++x)
            if (in.hair.at<float>(y, x) > kSureHair && in.skull_soft.at<float>(y, x) > 0.5f)
                hair.emplace_back(luminance_of(linear.at<cv::Vec3f>(y, x)), linear.at<cv::Vec3f>(y, x));
    if (hair.empty()) return cv::Vec3f(0.02f, 0.02f, 0.02f);
    const auto k = static_cast<std::ptrdiff_t>(kStubbleColourQuantile * static_cast<double>(hair.size() - 1));
    std::nth_element(hair.begin(), hair.begin() + k, hair.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return hair[static_cast<std::size_t>(k)].second;
}

// How much stubble each pixel gets: where hair grew, on the skull, fading in
// from the old hairline.
cv::Mat stubble_strength(const ShaveInputs& in, const cv::Mat& skin, double mm_per_px) {
    cv::Mat grew;
    cv::GaussianBlur(in.hair, grew, cv::Size(0, 0), std::max(1.0, kGrewSmoothingMm / mm_per_px));
    grew = cv::min(cv::max((grew - 0.1) / 0.4, 0.0), 1.0);
    cv::Mat from_skin;
    cv::distanceTransform(~skin, from_skin, cv::DIST_L2, 3);
    cv::Mat fade = cv::min(from_skin * (mm_per_px / kStubbleFadeInMm), 1.0);
    cv::Mat strength = grew.mul(fade).mul(in.zone).mul(cv::min(in.skull_soft * 2.0, 1.0));
    return strength;
}

// The background where hair stood beyond the skull, rebuilt from the
// background around it (background_fill.h).
cv::Mat rebuilt_background(const ShaveInputs& in, const Landmarks& lm) {
    cv::Mat hidden = (in.hair > kHairTrace) | (in.skull_soft > 0.0f) | (in.head > 0.1f);
    // Neck and clothes below the face are not background to take from.
    const FaceAxes axes = face_axes(lm);
    for (int y = 0; y < hidden.rows; ++y)
        for (int x = 0; x < hidden.cols; ++x) {
            const glm::dvec2 p(in.box.x + x, in.box.y + y);
            if (axes.above_eyes(p) < kBelowFaceIod && std::abs(axes.along_eyes(p)) < kBelowFaceHalfWidthIod) hidden.at<std::uint8_t>(y, x) = 255;
        }
    const int grow = std::max(1, static_cast<int>(0.02 * in.iod));  // the hair's faint halo is not background
    cv::dilate(hidden, hidden, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
    const cv::Mat want = hidden & (in.skull_edge < 1.0f) & (in.zone > 0.0f);
    const cv::Moments m = cv::moments(in.skull_soft > 0.5f, true);
    const glm::dvec2 centre = m.m00 > 0 ? glm::dvec2(m.m10 / m.m00, m.m01 / m.m00) : glm::dvec2(0.5 * in.box.width, 0.5 * in.box.height);
    const double smooth_px = kBackgroundSmoothIod * in.iod;
    const BackgroundCopy copy = mirror_copy_background(in.bgr, hidden, want, centre, smooth_px);
    return settle_background(copy, hidden, want, kBackgroundGrainPx, smooth_px);
}

// How much of each pixel the layer replaces: the hair (and its soft edge)
// in the zone, and on the skull the skin in the hair's shadow, fading.
cv::Mat layer_alpha(const ShaveInputs& in, const cv::Mat& region) {
    cv::Mat hair = in.hair.clone();
    const int edge = std::max(1, static_cast<int>(kHairEdgeIod * in.iod));
    cv::dilate(hair, hair, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * edge + 1, 2 * edge + 1)));
    // Off the skull, the faint fringe along the hair's outline goes whole:
    // what replaces it there is the background itself, and the fringe left
    // showing through draws the old outline as a ghost line. (Farther from
    // the hair, faint "hair" may be anything of its colour: a neighbour's
    // face, foliage. It is left to the soft alpha.)
    cv::Mat near_hair;
    const int fringe_reach = std::max(1, static_cast<int>(kHairFringeIod * in.iod));
    cv::dilate(in.hair > 0.5f, near_hair,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * fringe_reach + 1, 2 * fringe_reach + 1)));
    const cv::Mat off_skull = 1.0 - in.skull_edge;
    cv::Mat fringe;
    cv::multiply(off_skull, near_hair & (hair > kHairTrace), fringe, 1.0 / 255.0, CV_32F);
    hair = cv::min(cv::max((hair - 0.05) / 0.45, 0.0), 1.0);  // thin hair is hair too: the clippers take it all
    hair = cv::max(hair, fringe);
    cv::Mat from_hair;
    cv::distanceTransform(in.hair < 0.05f, from_hair, cv::DIST_L2, 3);
    const double reach = std::max(1.0, kShadowReachIod * in.iod);
    cv::Mat alpha(in.box.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < alpha.rows; ++y)
        for (int x = 0; x < alpha.cols; ++x) {
            double a = hair.at<float>(y, x);
            if (region.at<std::uint8_t>(y, x)) a = std::max(a, 1.0 - smoothstep(0.0, reach, static_cast<double>(from_hair.at<float>(y, x))));
            alpha.at<float>(y, x) = static_cast<float>(a * static_cast<double>(in.zone.at<float>(y, x)));
        }
    cv::GaussianBlur(alpha, alpha, cv::Size(0, 0), std::max(0.6, 0.01 * in.iod));
    return alpha;
}

// How much of the layer's box the hair mask leaves as background (neither
// hair nor head): what the background can be rebuilt from.
double background_share(const HairMask& hair, cv::Rect box) {
    const cv::Mat seen = (hair.alpha(box) <= 5) & (hair.head_alpha(box) <= 25);
    return static_cast<double>(cv::countNonZero(seen)) / std::max(1, box.area());
}

// The hair and head as far as the head's outline goes, grown by the hair's
// soft edge.
HairMask within_outline(const HairMask& hair, const cv::Mat& head_outline, double iod) {
    const int edge = std::max(1, static_cast<int>(kHairEdgeIod * iod));
    cv::Mat grown;
    cv::dilate(head_outline, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * edge + 1, 2 * edge + 1)));
    // New pixels: the copy's headers share the caller's, which stay as they are.
    cv::Mat alpha, head;
    cv::min(hair.alpha, grown, alpha);
    cv::min(hair.head_alpha, grown, head);
    HairMask out = hair;
    out.alpha = alpha;
    out.head_alpha = head;
    return out;
}

}  // namespace

std::optional<ShaveLayer> make_shave_layer(const cv::Mat& bgr, const Landmarks& lm, const FaceFit& fit,
                                           const HairMask& whole_hair, const cv::Mat& head_outline) {
    if (whole_hair.alpha.empty() || whole_hair.head_alpha.empty() || cv::countNonZero(whole_hair.alpha > 64) == 0)
        return std::nullopt;
    // A hair mask that took the background in (bokeh or a room of the hair's
    // own colour) leaves nothing around the head to rebuild the background
    // from, and the hair beyond the skull would stay: the head's outline
    // bounds it then. Otherwise the hair mask's own outline stands: it keeps
    // hair volume that the head's outline cuts off.
    const cv::Rect whole_box = layer_box(whole_hair, bgr.size());
    const bool took_background = !head_outline.empty() && head_outline.size() == whole_hair.alpha.size() &&
                                 background_share(whole_hair, whole_box) < kMinBackgroundShare;
    const HairMask hair = took_background ? within_outline(whole_hair, head_outline, iod_px(lm)) : whole_hair;
    if (cv::countNonZero(hair.alpha > 64) == 0) return std::nullopt;
    const cv::Rect box = took_background ? layer_box(hair, bgr.size()) : whole_box;
    if (box.width < 16 || box.height < 16 || iod_px(lm) < 8.0) return std::nullopt;
    const ShaveInputs in = gather(bgr, lm, fit, hair, box);
    const cv::Mat linear = to_linear_image(in.bgr);
    const cv::Mat skin = sure_skin(in);
    const auto light = light_of(in, skin, linear);
    if (!light) return std::nullopt;  // too little skin seen to light the scalp by

    const cv::Mat region = new_skin_region(in);
    const std::uint32_t seed = 0x5a17u;
    const cv::Mat lit = lit_skull(in, *light, make_skull_bumps(seed));
    const cv::Mat correction = continuity(in, skin, linear, lit, region);
    const auto texture = texture_of(in, skin, linear, fit.mm_per_px, seed);
    const cv::Mat strength = stubble_strength(in, skin, fit.mm_per_px);
    const cv::Mat stubble = stubble_coverage(in.skull.skin_mm, in.skull.mm_per_px, strength, seed);
    // The hairs stand out of the skin by their length, seen edge-on at the outline.
    const cv::Mat rim = stubble_fringe(in.skull_soft, strength, kStubbleLengthMm / fit.mm_per_px);
    const cv::Vec3f stub = stubble_colour(in, linear);
    const cv::Mat background = rebuilt_background(in, lm);
    const cv::Mat alpha = layer_alpha(in, region);

    ShaveLayer layer;
    layer.rect = box;
    layer.bgra = cv::Mat(box.size(), CV_8UC4, cv::Scalar::all(0));
    layer.background = cv::Mat(box.size(), CV_8UC1, cv::Scalar(0));
    layer.scalp = in.skull_soft >= 0.5f;
    const auto& to_linear = srgb8_to_linear_table();
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            const float a = alpha.at<float>(y, x);
            if (a < 1.0f / 255.0f) continue;
            const float inside = in.skull_edge.at<float>(y, x);
            cv::Vec3f skin_colour = lit.at<cv::Vec3f>(y, x) + correction.at<cv::Vec3f>(y, x);
            if (texture) skin_colour *= texture_at(*texture, in.skull.skin_mm.at<cv::Vec2f>(y, x));
            const float c = stubble.at<float>(y, x);
            skin_colour = skin_colour * (1.0f - c) + stub * c;
            const cv::Vec3b new_skin = to_srgb8(skin_colour);
            cv::Vec3b back = background.at<cv::Vec3b>(y, x);
            if (const float r = rim.at<float>(y, x); r > 0.0f) {
                const cv::Vec3f back_linear(to_linear[back[0]], to_linear[back[1]], to_linear[back[2]]);
                back = to_srgb8(back_linear * (1.0f - r) + stub * r);
            }
            cv::Vec4b& o = layer.bgra.at<cv::Vec4b>(y, x);
            for (int ch = 0; ch < 3; ++ch) o[ch] = cv::saturate_cast<uchar>(inside * new_skin[ch] + (1.0f - inside) * back[ch]);
            o[3] = cv::saturate_cast<uchar>(255.0f * a);
            if (inside < 0.5f && a >= 0.5f) layer.background.at<std::uint8_t>(y, x) = 255;
        }
    return layer;
}

ShaveLayer carry_shave_layer(const ShaveLayer& layer, const std::array<double, 6>& m, cv::Size frame_size) {
    ShaveLayer out;
    if (layer.bgra.empty()) return out;
    const cv::Rect2d r(layer.rect);
    out.rect = carried_bounds(layer.rect, m) & cv::Rect(0, 0, frame_size.width, frame_size.height);
    if (out.rect.empty()) return ShaveLayer{};
    // Layer pixel -> frame -> moved -> the new rect's pixel.
    const cv::Matx23d to_rect(m[0], m[1], m[0] * r.x + m[1] * r.y + m[2] - out.rect.x,
                              m[3], m[4], m[3] * r.x + m[4] * r.y + m[5] - out.rect.y);
    cv::warpAffine(layer.bgra, out.bgra, to_rect, out.rect.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    cv::warpAffine(layer.background, out.background, to_rect, out.rect.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT,
                   cv::Scalar(0));
    cv::warpAffine(layer.scalp, out.scalp, to_rect, out.rect.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
    return out;
}

cv::Mat apply_shave_layer(const cv::Mat& bgr, const ShaveLayer& layer) {
    cv::Mat out = bgr.clone();
    const cv::Rect r = layer.rect & cv::Rect(0, 0, bgr.cols, bgr.rows);
    for (int y = r.y; y < r.y + r.height; ++y) {
        const cv::Vec4b* src = layer.bgra.ptr<cv::Vec4b>(y - layer.rect.y) + (r.x - layer.rect.x);
        cv::Vec3b* dst = out.ptr<cv::Vec3b>(y) + r.x;
        for (int x = 0; x < r.width; ++x) {
            const int a = src[x][3];
            if (a == 0) continue;
            for (int c = 0; c < 3; ++c) dst[x][c] = static_cast<uchar>((src[x][c] * a + dst[x][c] * (255 - a) + 127) / 255);
        }
    }
    return out;
}

}  // namespace hairline
