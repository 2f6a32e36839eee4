#include "engine/analysis/shave.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include "engine/core/smooth.h"


namespace hairline {
namespace {

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double to_srgb(double c) {
    c = std::clamp(c, 0.0, 1.0);
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// Normals of the head as the picture shows it: a sphere-like surface
// under the shaved outline (radius half its width), facing the camera at
// its middle and turning away towards its edge. Follows the head's real
// outline whatever the pose; camera frame, x right, y down, z away.
cv::Mat outline_normals(const cv::Mat& inside) {
    cv::Mat distance;
    cv::distanceTransform(inside, distance, cv::DIST_L2, 5);
    const cv::Rect r = cv::boundingRect(inside);
    const double radius = std::max(2.0, 0.5 * r.width);
    cv::Mat smooth, gx, gy;
    cv::GaussianBlur(distance, smooth, cv::Size(0, 0), std::max(1.0, 0.03 * radius));
    cv::Sobel(smooth, gx, CV_32F, 1, 0);
    cv::Sobel(smooth, gy, CV_32F, 0, 1);
    cv::Mat normals(inside.size(), CV_64FC3, cv::Scalar::all(0));
    for (int y = 0; y < inside.rows; ++y)
        for (int x = 0; x < inside.cols; ++x) {
            if (!inside.at<std::uint8_t>(y, x)) continue;
            // r / R of a sphere, short of the very limb: skin there scatters light
            // round the edge, it does not go black.
            const double q = std::min(0.85, std::max(0.0, 1.0 - static_cast<double>(distance.at<float>(y, x)) / radius));
            const double nz = std::sqrt(std::max(0.0, 1.0 - q * q));
            const glm::dvec2 g(gx.at<float>(y, x), gy.at<float>(y, x));
            const double len = glm::length(g);
            const glm::dvec2 out = len > 1e-6 ? -g / len : glm::dvec2(0.0);
            normals.at<cv::Vec3d>(y, x) = cv::Vec3d(out.x * q, out.y * q, -nz);
        }
    return normals;
}

}  // namespace

std::optional<ShaveLayer> make_shave_layer(const cv::Mat& bgr, const Landmarks& lm, const FaceFit& fit,
                                           const HairMask& hair) {
    if (hair.alpha.empty() || hair.head_alpha.empty() || cv::countNonZero(hair.alpha > 64) == 0) return std::nullopt;
    const double iod = iod_px(lm);
    cv::Rect box = cv::boundingRect((hair.head_alpha > 16) | (hair.alpha > 16));
    if (box.width < 16 || box.height < 16) return std::nullopt;
    const int grow = static_cast<int>(0.08 * std::max(box.width, box.height));
    box = cv::Rect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    const double s = std::min(1.0, 400.0 / std::max(box.width, box.height));
    cv::Mat crop;
    cv::resize(bgr(box), crop, cv::Size(), s, s, cv::INTER_AREA);
    auto small_px = [&](glm::dvec2 p) { return cv::Point(static_cast<int>((p.x - box.x) * s), static_cast<int>((p.y - box.y) * s)); };

    const glm::dvec2 eye_axis = glm::normalize(left_eye_center(lm) - right_eye_center(lm));
    const glm::dvec2 up{eye_axis.y, -eye_axis.x};
    const glm::dvec2 eyes = 0.5 * (left_eye_center(lm) + right_eye_center(lm));
    const cv::Mat keep_full = face_keep_zone(lm, bgr.size());

    // The head a barber leaves (frame pixels of the box) and at crop scale.
    std::vector<cv::Point> outline = shaved_head_outline(fit, lm);
    for (auto& p : outline) p -= box.tl();
    cv::Mat skull_box(box.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(skull_box, outline, cv::Scalar(255));
    cv::Mat skull_small;
    cv::resize(skull_box, skull_small, crop.size(), 0, 0, cv::INTER_NEAREST);

    // Light: fit Y = k0 + k . n (linear luminance) to the visible skin.
    cv::Mat head, hair_small, keep;
    cv::resize(hair.head_alpha(box), head, crop.size(), 0, 0, cv::INTER_AREA);
    cv::resize(hair.alpha(box), hair_small, crop.size(), 0, 0, cv::INTER_AREA);
    cv::resize(keep_full(box), keep, crop.size(), 0, 0, cv::INTER_NEAREST);
    cv::Mat features(crop.size(), CV_8UC1, cv::Scalar(0));  // eyes, brows, mouth, nostrils: not skin
    for (const auto& [first, last] : {std::pair{17, 21}, {22, 26}, {36, 41}, {42, 47}, {48, 59}, {31, 35}}) {
        std::vector<cv::Point> pts;
        for (int i = first; i <= last; ++i) pts.push_back(small_px(lm[static_cast<std::size_t>(i)]));
        std::vector<cv::Point> hull;
        cv::convexHull(pts, hull);
        cv::fillConvexPoly(features, hull, cv::Scalar(255));
    }
    const int pad = std::max(1, static_cast<int>(0.08 * iod * s));
    cv::dilate(features, features, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * pad + 1, 2 * pad + 1)));

    // Light and the face's normals come from the same outline: the skull and the face.
    const cv::Mat normals = outline_normals(skull_small);
    const cv::Mat& hit = skull_small;
    cv::Mat skin_mask = (head > 200) & (hair_small < 40) & ~features & skull_small;
    std::vector<cv::Vec4d> rows;
    std::vector<cv::Vec3d> colours;
    std::vector<cv::Point> where;
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x) {
            if (!skin_mask.at<std::uint8_t>(y, x)) continue;
            const cv::Vec3d n = normals.at<cv::Vec3d>(y, x);
            const cv::Vec3b c = crop.at<cv::Vec3b>(y, x);
            rows.emplace_back(1.0, n[0], n[1], n[2]);
            colours.emplace_back(to_linear(c[0] / 255.0), to_linear(c[1] / 255.0), to_linear(c[2] / 255.0));
            where.emplace_back(x, y);
        }
    if (rows.size() < 200) return std::nullopt;
    // Shading on luminance only, the skin's colour a constant chromaticity:
    // a linear model per channel would shift the hue where the head turns
    // away (green rims, purple crowns).
    auto luminance = [](const cv::Vec3d& bgr_linear) { return 0.0722 * bgr_linear[0] + 0.7152 * bgr_linear[1] + 0.2126 * bgr_linear[2]; };
    cv::Vec4d k;
    cv::Vec3d chroma(1.0, 1.0, 1.0);
    std::vector<bool> used(rows.size(), true);
    // The fit is extrapolated from the face's normals to the scalp's, which
    // face further away; skin turned from the light still gets the room's
    // bounced light. So the scalp stays within a band of the face's own
    // median luminance.
    double y_low = 0.0, y_high = 1e9;
    auto shading = [&](const cv::Vec4d& r) { return std::clamp(k.dot(r), y_low, y_high); };
    auto predict = [&](const cv::Vec4d& r) {
        const double y = shading(r);
        return cv::Matx13d(chroma[0] * y, chroma[1] * y, chroma[2] * y);
    };
    for (int pass = 0; pass < 3; ++pass) {
        cv::Mat a(0, 4, CV_64F), b(0, 1, CV_64F);
        cv::Vec3d colour_sum(0, 0, 0);
        double y_sum = 0.0;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (used[i]) {
                a.push_back(cv::Mat(cv::Matx14d(rows[i][0], rows[i][1], rows[i][2], rows[i][3])));
                b.push_back(luminance(colours[i]));
                colour_sum += colours[i];
                y_sum += luminance(colours[i]);
            }
        cv::Mat solution;
        if (a.rows < 100 || y_sum <= 0.0 || !cv::solve(a, b, solution, cv::DECOMP_SVD)) return std::nullopt;
        k = cv::Vec4d(solution.at<double>(0), solution.at<double>(1), solution.at<double>(2), solution.at<double>(3));
        chroma = colour_sum / y_sum;
        std::vector<double> ys;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (used[i]) ys.push_back(luminance(colours[i]));
        std::nth_element(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(ys.size() / 2), ys.end());
        y_low = kScalpShadeBand[0] * ys[ys.size() / 2];
        y_high = kScalpShadeBand[1] * ys[ys.size() / 2];
        // Trim what the light model cannot be (shadows of hair, shine, stubble) and refit.
        std::vector<double> residuals;
        for (std::size_t i = 0; i < rows.size(); ++i) residuals.push_back(std::abs(shading(rows[i]) - luminance(colours[i])));
        std::vector<double> sorted = residuals;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() * 4 / 5), sorted.end());
        const double cut = sorted[sorted.size() * 4 / 5] * 1.5;
        for (std::size_t i = 0; i < rows.size(); ++i) used[i] = residuals[i] <= cut;
    }

    // What the model misses of the real skin, carried a little way onto the
    // scalp (normalised convolution): the shaved skin meets the forehead
    // and temples in their own colour and fades to the model further up.
    // Not from skin in the hair's shadow (just below a fringe): that shade goes with the hair.
    cv::Mat hair_distance;
    cv::distanceTransform(hair_small < 64, hair_distance, cv::DIST_L2, 3);
    const float shadow_reach = static_cast<float>(kHairShadowIod * iod * s);
    cv::Mat residual(crop.size(), CV_32FC3, cv::Scalar::all(0)), weight(crop.size(), CV_32F, cv::Scalar(0));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!used[i] || hair_distance.at<float>(where[i]) < shadow_reach) continue;
        const cv::Matx13d p = predict(rows[i]);
        residual.at<cv::Vec3f>(where[i]) = cv::Vec3f(static_cast<float>(colours[i][0] - p(0, 0)), static_cast<float>(colours[i][1] - p(0, 1)),
                                                     static_cast<float>(colours[i][2] - p(0, 2)));
        weight.at<float>(where[i]) = 1.0f;
    }
    const double reach = std::max(1.0, 0.3 * iod * s);
    cv::GaussianBlur(residual, residual, cv::Size(0, 0), reach);
    cv::GaussianBlur(weight, weight, cv::Size(0, 0), reach);

    // The hair's own colour (linear), for the stubble.
    cv::Scalar hair_mean = cv::mean(crop, (hair_small > 200) & skull_small);
    const cv::Vec3d hair_linear(to_linear(hair_mean[0] / 255.0), to_linear(hair_mean[1] / 255.0), to_linear(hair_mean[2] / 255.0));

    // The skin's fine texture: a robust high-pass strength on the visible skin, full resolution.
    cv::Mat gray, grayf, blurred;
    cv::cvtColor(bgr(box), gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(grayf, CV_32F);
    cv::GaussianBlur(grayf, blurred, cv::Size(0, 0), 1.5);
    cv::Mat skin_full;
    cv::resize(skin_mask & hit, skin_full, box.size(), 0, 0, cv::INTER_NEAREST);
    cv::Mat high = cv::abs(grayf - blurred);
    std::vector<float> magnitudes;
    for (int y = 0; y < high.rows; ++y)
        for (int x = 0; x < high.cols; ++x)
            if (skin_full.at<std::uint8_t>(y, x)) magnitudes.push_back(high.at<float>(y, x));
    double texture = 0.0;
    if (!magnitudes.empty()) {
        std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() / 2), magnitudes.end());
        texture = std::min(1.4826 * static_cast<double>(magnitudes[magnitudes.size() / 2]), 2.0);  // MAD: pores, not brows or edges; smooth scalp skin
    }

    // Shaved skin on the head (linear light, then sRGB), stubble where hair was.
    // Stubble is finer than a pixel at photo scale: a tint with a little
    // texture, not a speckle.
    cv::Mat stipple(crop.size(), CV_32F);
    cv::randu(stipple, 0.0, 1.0);
    cv::GaussianBlur(stipple, stipple, cv::Size(0, 0), 0.8);
    // Where hair grows (its coverage, not its strands' light and shade).
    cv::Mat grows;
    hair_small.convertTo(grows, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(grows, grows, cv::Size(0, 0), std::max(1.0, 0.05 * iod * s));
    grows = cv::min(cv::max((grows - 0.05) / 0.45, 0.0), 1.0);
    cv::Mat synth(crop.size(), CV_8UC3, cv::Scalar(0, 0, 0));
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x) {
            if (!hit.at<std::uint8_t>(y, x)) continue;
            const cv::Vec3d n = normals.at<cv::Vec3d>(y, x);
            const cv::Matx13d c = predict(cv::Vec4d(1.0, n[0], n[1], n[2]));
            const float w = weight.at<float>(y, x);
            const cv::Vec3f r = residual.at<cv::Vec3f>(y, x) * (1.0f / (w + 0.05f));  // fades where no skin is near
            const double h = grows.at<float>(y, x);
            const double shade = kStubbleShade * h * 2.0 * static_cast<double>(stipple.at<float>(y, x));  // mean 1, about +-20%
            cv::Vec3b& o = synth.at<cv::Vec3b>(y, x);
            for (int ch = 0; ch < 3; ++ch) {
                const double skin = std::max(c(0, ch) + static_cast<double>(r[ch]), 0.0);
                o[ch] = cv::saturate_cast<uchar>(255.0 * to_srgb(skin * (1.0 - shade) + hair_linear[ch] * shade));
            }
        }
    // A few pixels of skin beyond the outline too: its soft edge blends
    // skin with background, never with black.
    {
        cv::Mat ring;
        cv::dilate(skull_small, ring, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(7, 7)));
        ring &= ~skull_small;
        cv::inpaint(synth, ring, synth, 2.0, cv::INPAINT_TELEA);
    }
    // The background where hair stood out beyond that head: filled from
    // the background beside and above it only (head, ears, all hair, and the
    // neck and clothes below the cheeks are unknown to it).
    cv::Mat unknown = (hair_small > 16) | skull_small | (head > 64);
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x) {
            const glm::dvec2 p(box.x + (x + 0.5) / s, box.y + (y + 0.5) / s);
            if (glm::dot(p - eyes, up) < -0.9 * iod && std::abs(glm::dot(p - eyes, eye_axis)) < 2.0 * iod)
                unknown.at<std::uint8_t>(y, x) = 255;
        }
    cv::dilate(unknown, unknown, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    cv::Mat background = crop;
    if (cv::countNonZero((hair_small > 16) & ~skull_small) > 0) cv::inpaint(crop, unknown, background, 3.0, cv::INPAINT_TELEA);

    ShaveLayer layer;
    layer.rect = box;
    cv::Mat synth_full, background_full;
    cv::resize(synth, synth_full, box.size(), 0, 0, cv::INTER_LINEAR);
    cv::resize(background, background_full, box.size(), 0, 0, cv::INTER_LINEAR);
    // Texture baked into the shaved skin (a fixed pattern: skin does not
    // flicker; the camera's own noise is added per frame by the renderer).
    cv::Mat grain(box.size(), CV_32F);
    cv::randn(grain, 0.0, 1.0);
    cv::GaussianBlur(grain, grain, cv::Size(0, 0), 0.7);
    cv::Scalar g_mean, g_sd;
    cv::meanStdDev(grain, g_mean, g_sd);
    grain *= texture / std::max(g_sd[0], 1e-6);
    // The head's edge a pixel soft, like the photo's own edges.
    cv::Mat skull_soft;
    skull_box.convertTo(skull_soft, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(skull_soft, skull_soft, cv::Size(0, 0), std::max(0.7, 0.5 / s));

    layer.bgra = cv::Mat(box.size(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
    layer.background = cv::Mat(box.size(), CV_8UC1, cv::Scalar(0));
    layer.scalp = skull_soft >= 0.5f;
    const cv::Mat keep_box = keep_full(box), hair_box = hair.alpha(box);
    // The hair's fringe goes too (its soft edge: beyond the head the
    // background's light through it, on the forehead its dark tips and
    // shadow line): the hair grown by a few pixels, less on the skin.
    cv::Mat hair_grown, hair_grown_inside;
    const int fringe = std::max(1, static_cast<int>(0.05 * iod));
    cv::dilate(hair_box, hair_grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * fringe + 1, 2 * fringe + 1)));
    const int fringe_in = std::max(1, static_cast<int>(0.035 * iod));
    cv::dilate(hair_box, hair_grown_inside,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * fringe_in + 1, 2 * fringe_in + 1)));
    // And the shadow the hair cast on the skin next to it: the shaved skin
    // fades into the real skin over a band (no seam where the fringe was).
    cv::Mat from_hair;
    cv::distanceTransform(hair_box < 64, from_hair, cv::DIST_L2, 3);
    const double feather_px = std::max(1.0, kShaveFeatherIod * iod);
    cv::Mat alpha(box.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            if (keep_box.at<std::uint8_t>(y, x)) continue;
            // From the crown down to beside the cheeks; long hair below stays.
            const double above = glm::dot(glm::dvec2(box.x + x, box.y + y) - eyes, up) / iod;
            const double zone = std::clamp((above + 1.2) / 0.3, 0.0, 1.0);
            if (zone <= 0.0) continue;
            const float inside = skull_soft.at<float>(y, x);
            const std::uint8_t h = (inside >= 0.5f ? hair_grown_inside : hair_grown).at<std::uint8_t>(y, x);
            // Thin hair is hair too: the clippers take it all.
            double a = std::clamp((h / 255.0 - 0.05) / 0.45, 0.0, 1.0);
            if (inside >= 0.5f) a = std::max(a, 1.0 - smoothstep(0.0, 1.0, static_cast<double>(from_hair.at<float>(y, x)) / feather_px));
            alpha.at<float>(y, x) = static_cast<float>(a * zone);
        }
    cv::GaussianBlur(alpha, alpha, cv::Size(0, 0), std::max(0.7, 0.02 * iod));
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            const float a = alpha.at<float>(y, x);
            if (a < 1.0f / 255.0f) continue;
            const float inside = skull_soft.at<float>(y, x);
            const cv::Vec3b skin = synth_full.at<cv::Vec3b>(y, x), back = background_full.at<cv::Vec3b>(y, x);
            const float g = grain.at<float>(y, x) * inside;
            cv::Vec4b& o = layer.bgra.at<cv::Vec4b>(y, x);
            for (int ch = 0; ch < 3; ++ch) o[ch] = cv::saturate_cast<uchar>(inside * skin[ch] + (1.0f - inside) * back[ch] + g);
            o[3] = cv::saturate_cast<uchar>(255.0f * a);
            if (inside < 0.5f && a >= 0.5f) layer.background.at<std::uint8_t>(y, x) = 255;
        }
    return layer;
}

ShaveLayer carry_shave_layer(const ShaveLayer& layer, const std::array<double, 6>& m, cv::Size frame_size) {
    ShaveLayer out;
    if (layer.bgra.empty()) return out;
    const cv::Rect2d r(layer.rect);
    std::vector<cv::Point2f> corners;
    for (const cv::Point2d p : {r.tl(), cv::Point2d(r.x + r.width, r.y), r.br(), cv::Point2d(r.x, r.y + r.height)})
        corners.emplace_back(static_cast<float>(m[0] * p.x + m[1] * p.y + m[2]), static_cast<float>(m[3] * p.x + m[4] * p.y + m[5]));
    out.rect = cv::boundingRect(corners) & cv::Rect(0, 0, frame_size.width, frame_size.height);
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
