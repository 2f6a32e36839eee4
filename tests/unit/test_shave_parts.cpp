// The steps of the shaved preview, each a pure function checked on inputs
// whose answer is known: the membrane that carries colour across new skin,
// the scene's light fitted on skin samples, the client's skin texture, the
// stubble's density, the background rebuilt across hair, the skull's view.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/background_fill.h"
#include "engine/analysis/background_settle.h"
#include "engine/analysis/membrane.h"
#include "engine/analysis/scene_light.h"
#include "engine/analysis/skin_texture.h"
#include "engine/analysis/skull_bumps.h"
#include "engine/analysis/skull_view.h"
#include "engine/analysis/stubble.h"
#include "tests/support/test_support.h"

using namespace hairline;

TEST_CASE("membrane: a linear colour on the region's edge fills it linearly", "[unit][shave]") {
    // Laplace's equation holds a linear function exactly: whatever the region's shape.
    const cv::Size size(120, 90);
    cv::Mat values(size, CV_32FC3), known(size, CV_8UC1, cv::Scalar(0)), region(size, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) values.at<cv::Vec3f>(y, x) = cv::Vec3f(0.01f * x, 0.02f * y, 0.5f);
    cv::circle(region, {60, 45}, 35, cv::Scalar(255), -1);
    cv::Mat ring;
    cv::dilate(region, ring, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    known = ring & ~region;
    const cv::Mat filled = membrane_fill(values, known, region);
    double worst = 0;
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            if (region.at<std::uint8_t>(y, x)) worst = std::max(worst, cv::norm(filled.at<cv::Vec3f>(y, x) - values.at<cv::Vec3f>(y, x)));
    CHECK(worst < 0.02);  // of a range of 1.2 and 1.8
    CHECK(filled.at<cv::Vec3f>(0, 0) == cv::Vec3f(0, 0, 0));  // neither known nor in the region
}

TEST_CASE("scene light: ambient, direction, colour and the forehead's shine are recovered", "[unit][shave]") {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-0.7, 0.7);
    const cv::Vec3d chroma(0.6, 0.95, 1.4);  // a warm skin, per unit of luminance
    SceneLight truth;
    truth.diffuse = cv::Vec4d(0.25, 0.08, -0.05, -0.12);  // lit from the right, above and the front
    truth.chroma = chroma;
    truth.floor_y = 0.0;
    truth.ceiling_y = 1.0;
    truth.specular = 0.06;
    truth.shininess = 30.0;
    std::vector<SkinSample> samples;
    for (int i = 0; i < 800; ++i) {
        const cv::Vec3d n = cv::normalize(cv::Vec3d(u(rng), u(rng), -1.0));
        const cv::Vec3f nf(static_cast<float>(n[0]), static_cast<float>(n[1]), static_cast<float>(n[2]));
        const bool forehead = i % 2 == 0;
        const double y = diffuse_luminance(truth, nf) + (forehead ? highlight_luminance(truth, nf) : 0.0);
        samples.push_back({nf, cv::Vec3f(static_cast<float>(chroma[0] * y), static_cast<float>(chroma[1] * y), static_cast<float>(chroma[2] * y)), forehead});
    }
    const auto light = fit_scene_light(samples);
    REQUIRE(light);
    // Across the picture the direction is pinned; along the view axis only
    // with the ambient term (normals seen from the front all face it).
    for (int k = 1; k < 3; ++k) CHECK(light->diffuse[k] == Approx(truth.diffuse[k]).margin(0.02));
    CHECK(light->diffuse[0] - light->diffuse[3] == Approx(truth.diffuse[0] - truth.diffuse[3]).margin(0.02));
    CHECK(light->chroma[2] / light->chroma[1] == Approx(chroma[2] / chroma[1]).epsilon(0.05));
    CHECK(light->specular > 0.02);
    CHECK_FALSE(fit_scene_light(std::vector<SkinSample>(samples.begin(), samples.begin() + 40)));  // too few
}

namespace {
// Skin of even luminance with a fine grain (relative spread `grain_sd`),
// blurred a little as a camera does.
cv::Mat grainy_skin(int side, float grain_sd, double blur_px, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> grain(0.0f, grain_sd);
    cv::Mat luminance(side, side, CV_32F);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) luminance.at<float>(y, x) = 0.4f * (1.0f + grain(rng));
    cv::GaussianBlur(luminance, luminance, cv::Size(0, 0), blur_px);
    return luminance;
}
}  // namespace

TEST_CASE("skin texture: the client's grain, not smoothed away nor amplified, from skin only", "[unit][shave]") {
    cv::Mat luminance = grainy_skin(200, 0.04f, 0.7, 5);
    cv::Mat source(200, 200, CV_8UC1, cv::Scalar(0));
    source(cv::Rect(40, 40, 120, 80)).setTo(255);
    // Dark "hair" beside the skin must not leak into the texture.
    luminance(cv::Rect(0, 0, 200, 40)).setTo(0.02f);
    const double mm_per_px = 0.5;
    const auto t = sample_skin_texture(luminance, source, mm_per_px, 9);
    REQUIRE(t);
    cv::Scalar mu, sd;
    cv::meanStdDev(t->ratio, mu, sd);
    CHECK(mu[0] == Approx(1.0).margin(0.01));
    // The source's contrast, not the feathered overlaps' flatter average.
    CHECK(sd[0] == Approx(t->spread).epsilon(0.05));
    double lowest = 1.0;
    cv::minMaxLoc(t->ratio, &lowest);
    CHECK(lowest > 0.7);  // no hair-dark patch
    // Repeats seamlessly, in skin millimetres.
    const double period_mm = t->ratio.cols * t->mm_per_px;
    CHECK(texture_at(*t, {3.0f, 4.0f}) == Approx(texture_at(*t, {static_cast<float>(3.0 + period_mm), 4.0f})).margin(1e-4));
    cv::Mat tiny(200, 200, CV_8UC1, cv::Scalar(0));
    tiny(cv::Rect(50, 50, 10, 10)).setTo(255);
    CHECK_FALSE(sample_skin_texture(luminance, tiny, mm_per_px, 9));
}

TEST_CASE("skin texture: a highlight's glints are not copied as pale spots", "[unit][shave]") {
    // Fine grain with the shine's glints on it (a cheek or a forehead in
    // light): the pores and creases darken, the glints are light added on
    // top, not the skin's own texture.
    cv::Mat luminance = grainy_skin(240, 0.05f, 0.8, 3);
    std::mt19937 rng(4);
    std::uniform_int_distribution<int> place(10, 229);
    for (int k = 0; k < 60; ++k) cv::circle(luminance, {place(rng), place(rng)}, 2, cv::Scalar(0.55), -1);
    const cv::Mat source(240, 240, CV_8UC1, cv::Scalar(255));
    const auto t = sample_skin_texture(luminance, source, 0.5, 9);
    REQUIRE(t);
    double highest = 0.0, lowest = 0.0;
    cv::minMaxLoc(t->ratio, &lowest, &highest);
    INFO("tile " << lowest << " .. " << highest << ", spread " << t->spread);
    CHECK(highest - 1.0 < 0.6 * (1.0 - lowest));  // the light side is held close; the dark side keeps its reach
    cv::Scalar mu, sd;
    cv::meanStdDev(t->ratio, mu, sd);
    CHECK(sd[0] == Approx(t->spread).epsilon(0.05));  // the contrast stays the source's
}

namespace {
// The mean, over windows of `side` px, of how strongly one direction
// dominates the detail (0: none, 1: parallel lines).
double mean_window_coherence(const cv::Mat& image, int side) {
    cv::Mat gx, gy;
    cv::Sobel(image, gx, CV_32F, 1, 0);
    cv::Sobel(image, gy, CV_32F, 0, 1);
    double sum = 0.0;
    int count = 0;
    for (int y = 0; y + side <= image.rows; y += side)
        for (int x = 0; x + side <= image.cols; x += side) {
            const cv::Rect w(x, y, side, side);
            const double jxx = cv::sum(gx(w).mul(gx(w)))[0], jyy = cv::sum(gy(w).mul(gy(w)))[0], jxy = cv::sum(gx(w).mul(gy(w)))[0];
            const double trace = jxx + jyy;
            if (trace <= 0.0) continue;
            sum += ((jxx - jyy) * (jxx - jyy) + 4.0 * jxy * jxy) / (trace * trace);
            ++count;
        }
    return count > 0 ? sum / count : 0.0;
}
}  // namespace

TEST_CASE("skin texture: the forehead's creases are left out, its pores kept", "[unit][shave]") {
    // Three quarters creased (parallel lines 3 mm apart over fine grain), a quarter the grain alone.
    std::mt19937 rng(7);
    std::normal_distribution<float> grain(0.0f, 0.04f);
    const double mm_per_px = 0.5;
    cv::Mat luminance(200, 320, CV_32F);
    for (int y = 0; y < luminance.rows; ++y)
        for (int x = 0; x < luminance.cols; ++x) {
            const float crease = x < 240 ? 0.08f * static_cast<float>(std::sin(2.0 * 3.14159265 * y * mm_per_px / 3.0)) : 0.0f;
            luminance.at<float>(y, x) = 0.4f * (1.0f + grain(rng) + crease);
        }
    cv::GaussianBlur(luminance, luminance, cv::Size(0, 0), 0.7);
    const cv::Mat source(luminance.size(), CV_8UC1, cv::Scalar(255));
    const double creased = mean_window_coherence(luminance(cv::Rect(0, 0, 240, 200)), 12);
    const double plain = mean_window_coherence(luminance(cv::Rect(240, 0, 80, 200)), 12);
    REQUIRE(creased > 0.6);
    const auto t = sample_skin_texture(luminance, source, mm_per_px, 3);
    REQUIRE(t);
    // Patches taken from anywhere hold creases in most of the tile (0.27 measured).
    CHECK(mean_window_coherence(t->ratio, 12) < plain + 0.1);
}

TEST_CASE("skull bumps: a few degrees of tilt over a centimetre, seamless, the same every time", "[unit][shave]") {
    const SkullBumps bumps = make_skull_bumps(11);
    REQUIRE(bumps.offset.type() == CV_32FC3);
    std::vector<cv::Mat> channels;
    cv::split(bumps.offset, channels);
    for (const cv::Mat& c : channels) {
        cv::Scalar mu, sd;
        cv::meanStdDev(c, mu, sd);
        CHECK(mu[0] == Approx(0.0).margin(1e-4));
        CHECK(sd[0] == Approx(kBumpSlope).epsilon(0.01));
    }
    // Smooth: neighbouring tile pixels (0.5 mm apart) differ far less than
    // the bumps themselves, across the tile's wrap as well as inside it.
    const int side = bumps.offset.cols;
    double inside = 0.0, across = 0.0;
    for (int y = 0; y < side; ++y) {
        inside = std::max(inside, cv::norm(bumps.offset.at<cv::Vec3f>(y, side / 2) - bumps.offset.at<cv::Vec3f>(y, side / 2 - 1)));
        across = std::max(across, cv::norm(bumps.offset.at<cv::Vec3f>(y, 0) - bumps.offset.at<cv::Vec3f>(y, side - 1)));
    }
    CHECK(inside < 0.4 * kBumpSlope);
    CHECK(across < 0.4 * kBumpSlope);
    // A tilt: unit length, a few degrees from the smooth normal.
    const cv::Vec3f n(0.0f, 0.0f, -1.0f);
    double worst_length = 0.0, tilt_sum = 0.0;
    int count = 0;
    for (float u = 0.0f; u < 96.0f; u += 1.7f)
        for (float v = 0.0f; v < 96.0f; v += 2.3f) {
            const cv::Vec3f b = bumped_normal(bumps, n, cv::Vec2f(u, v));
            worst_length = std::max(worst_length, std::abs(cv::norm(b) - 1.0));
            tilt_sum += std::acos(std::clamp(static_cast<double>(b.dot(n)), -1.0, 1.0));
            ++count;
        }
    CHECK(worst_length < 1e-5);
    const double mean_tilt_deg = tilt_sum / count * 180.0 / 3.14159265;
    CHECK(mean_tilt_deg > 2.0);
    CHECK(mean_tilt_deg < 8.0);
    // The same skin position gives the same normal; the tile repeats.
    CHECK(cv::norm(bumped_normal(bumps, n, {3.2f, 7.9f}) - bumped_normal(make_skull_bumps(11), n, {3.2f + 96.0f, 7.9f})) < 1e-5);
}

TEST_CASE("stubble: follicular density in skin millimetres, in patches, none where no hair grew, the same every time", "[unit][shave]") {
    // 0.1 mm per pixel of flat skin: every follicle resolved.
    const cv::Size size(300, 300);
    cv::Mat skin(size, CV_32FC2), mm(size, CV_32F, cv::Scalar(0.1f)), strength(size, CV_32F, cv::Scalar(1.0f));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) skin.at<cv::Vec2f>(y, x) = cv::Vec2f(0.1f * x, 0.1f * y);
    strength(cv::Rect(0, 0, 300, 100)).setTo(0.0f);
    const cv::Mat c = stubble_coverage(skin, mm, strength, 7);
    const double expected = kFollicleAreaMm2 / (kFollicleSpacingMm * kFollicleSpacingMm);  // dark share of the skin
    CHECK(cv::mean(c(cv::Rect(0, 120, 300, 180)))[0] == Approx(expected).epsilon(0.25));
    CHECK(cv::countNonZero(c(cv::Rect(0, 0, 300, 100))) == 0);
    CHECK(cv::norm(c, stubble_coverage(skin, mm, strength, 7), cv::NORM_INF) == 0.0);
    // Seen from further away (1 mm per pixel) the same stubble is the same shade, finer grained.
    cv::Mat far_skin(60, 60, CV_32FC2), far_mm(60, 60, CV_32F, cv::Scalar(1.0f)), far_strength(60, 60, CV_32F, cv::Scalar(1.0f));
    for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 60; ++x) far_skin.at<cv::Vec2f>(y, x) = cv::Vec2f(1.0f * x, 1.0f * y);
    CHECK(cv::mean(stubble_coverage(far_skin, far_mm, far_strength, 7))[0] == Approx(expected).epsilon(0.25));
    // Denser and sparser patches a few mm across, not an even sandpaper:
    // 2 mm squares of the far stubble vary well beyond the follicles' own
    // count noise, and the 6 mm band beyond them varies too.
    const cv::Mat far = stubble_coverage(far_skin, far_mm, far_strength, 7);
    cv::Mat patches, wide;
    cv::resize(far, patches, cv::Size(30, 30), 0, 0, cv::INTER_AREA);
    cv::resize(far, wide, cv::Size(10, 10), 0, 0, cv::INTER_AREA);
    cv::Scalar mu, sd, wide_mu, wide_sd;
    cv::meanStdDev(patches, mu, sd);
    cv::meanStdDev(wide, wide_mu, wide_sd);
    CHECK(sd[0] / mu[0] > 0.155);  // 0.135 with an even density
    CHECK(wide_sd[0] / wide_mu[0] > 0.06);  // 0.038 with an even density
    CHECK(sd[0] / mu[0] < 0.45);
}

TEST_CASE("stubble: seen edge-on it fringes the outline for the hairs' length", "[unit][shave]") {
    cv::Mat skull(120, 120, CV_32F, cv::Scalar(0));
    cv::circle(skull, {60, 60}, 40, cv::Scalar(1.0f), -1);
    const cv::Mat strength(120, 120, CV_32F, cv::Scalar(1.0f));
    const double length_px = 4.0;
    const cv::Mat fringe = stubble_fringe(skull, strength, length_px);
    // Mean cover in rings at a distance beyond the outline.
    auto ring = [&](double from, double to) {
        double sum = 0.0;
        int n = 0;
        for (int y = 0; y < 120; ++y)
            for (int x = 0; x < 120; ++x) {
                const double r = std::hypot(x - 60.0, y - 60.0) - 40.0;
                if (r < from || r >= to) continue;
                sum += static_cast<double>(fringe.at<float>(y, x));
                ++n;
            }
        return sum / n;
    };
    INFO("cover 0-1 px out " << ring(0.5, 1.5) << ", 2-3 px " << ring(2.0, 3.0) << ", beyond 1.4 lengths " << ring(6.5, 12.0));
    CHECK(ring(-20.0, -0.5) == 0.0);                  // nothing on the skull itself
    CHECK(ring(0.5, 1.5) == Approx(0.6 * (1.0 - 1.0 / 4.0)).epsilon(0.2));  // dense at the outline
    CHECK(ring(2.0, 3.0) < 0.7 * ring(0.5, 1.5));     // thinning to the tips
    CHECK(ring(6.5, 12.0) == 0.0);                    // and no further than the longest hairs
    // No stubble, no fringe; hairs finer than a pixel are left to the outline's blur.
    CHECK(cv::countNonZero(stubble_fringe(skull, cv::Mat(120, 120, CV_32F, cv::Scalar(0.0f)), length_px)) == 0);
    CHECK(cv::countNonZero(stubble_fringe(skull, strength, 0.4)) == 0);
}

TEST_CASE("background behind hair: rebuilt from the background's own pixels across the outline", "[unit][shave]") {
    // Vertical stripes of background; a head (disc) with a band of hair around it.
    cv::Mat bgr(200, 200, CV_8UC3);
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) bgr.at<cv::Vec3b>(y, x) = (x / 10) % 2 ? cv::Vec3b(200, 180, 160) : cv::Vec3b(60, 80, 100);
    cv::Mat hidden(200, 200, CV_8UC1, cv::Scalar(0));
    cv::circle(hidden, {100, 100}, 60, cv::Scalar(255), -1);
    cv::Mat head(200, 200, CV_8UC1, cv::Scalar(0));
    cv::circle(head, {100, 100}, 45, cv::Scalar(255), -1);
    const cv::Mat want = hidden & ~head;
    bgr.setTo(cv::Scalar(20, 20, 20), hidden);  // hair
    const cv::Mat out = mirror_fill_background(bgr, hidden, want, {100.0, 100.0}, 0.0);
    int hair_left = 0, unchanged_outside = 0, outside = 0;
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) {
            if (want.at<std::uint8_t>(y, x)) hair_left += out.at<cv::Vec3b>(y, x) == cv::Vec3b(20, 20, 20);
            if (!hidden.at<std::uint8_t>(y, x)) {
                ++outside;
                unchanged_outside += out.at<cv::Vec3b>(y, x) == bgr.at<cv::Vec3b>(y, x);
            }
        }
    CHECK(hair_left == 0);
    CHECK(unchanged_outside == outside);  // nothing changes beyond the hair
    // The stripe beside the outline continues across it (mirrored): the
    // pixel just inside on the horizontal ray is the one just outside.
    CHECK(out.at<cv::Vec3b>(100, 159) == bgr.at<cv::Vec3b>(100, 161));
}

namespace {

// A textured background (sinusoids on a slope) with a head (disc) in a
// hair mask (ellipse) of dark hair before it.
struct HairOverBackground {
    cv::Mat bgr, hidden, want;
};
HairOverBackground hair_over_background(cv::Point hair_centre, cv::Size hair_axes, cv::Point head_centre, int head_radius) {
    HairOverBackground s{cv::Mat(200, 200, CV_8UC3), cv::Mat(200, 200, CV_8UC1, cv::Scalar(0)), {}};
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) {
            const double v = 128.0 + 60.0 * std::sin(x / 9.0) * std::cos(y / 13.0) + 0.3 * (x - y);
            s.bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<std::uint8_t>(v), 90, cv::saturate_cast<std::uint8_t>(255 - v));
        }
    cv::Mat head(200, 200, CV_8UC1, cv::Scalar(0));
    cv::ellipse(s.hidden, hair_centre, hair_axes, 0, 0, 360, cv::Scalar(255), -1);
    cv::circle(head, head_centre, head_radius, cv::Scalar(255), -1);
    s.want = s.hidden & ~head;
    s.bgr.setTo(cv::Scalar(20, 20, 20), s.hidden);
    return s;
}

}  // namespace

TEST_CASE("background behind hair: neighbouring pixels' mirrors bend smoothly, not into shards", "[unit][shave]") {
    // A head cut by the picture's top edge: rays straight up run out of the
    // picture under hair and turn sideways, their neighbours' do not.
    const auto [bgr, hidden, want] = hair_over_background({100, 70}, {75, 90}, {100, 80}, 50);
    // How often neighbouring rebuilt pixels differ by more than the
    // background's own steepest step between neighbours (about 10).
    auto breaks = [&](const cv::Mat& out) {
        int pairs = 0, broken = 0;
        for (int y = 0; y + 1 < 200; ++y)
            for (int x = 0; x + 1 < 200; ++x)
                for (const cv::Point q : {cv::Point(x + 1, y), cv::Point(x, y + 1)}) {
                    if (!want.at<std::uint8_t>(y, x) || !want.at<std::uint8_t>(q)) continue;
                    ++pairs;
                    broken += cv::norm(cv::Vec3d(out.at<cv::Vec3b>(y, x)) - cv::Vec3d(out.at<cv::Vec3b>(q))) > 25.0;
                }
        return static_cast<double>(broken) / pairs;
    };
    const cv::Mat own = mirror_fill_background(bgr, hidden, want, {100.0, 80.0}, 0.0);
    const cv::Mat smooth = mirror_fill_background(bgr, hidden, want, {100.0, 80.0}, 8.0);
    INFO("broken neighbours: each pixel's own mirror " << breaks(own) << ", smoothed " << breaks(smooth));
    CHECK(breaks(smooth) < 0.5 * breaks(own));
    int hair_left = 0;
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x)
            if (want.at<std::uint8_t>(y, x)) hair_left += smooth.at<cv::Vec3b>(y, x) == cv::Vec3b(20, 20, 20);
    CHECK(hair_left == 0);
    CHECK(cv::norm(smooth, bgr, cv::NORM_INF, ~hidden) == 0.0);  // nothing changes beyond the hair
}

TEST_CASE("background behind hair: the rebuilt background meets the seen one without a seam", "[unit][shave]") {
    // The smoothed offsets must not pull the pixels next to the seen
    // background from far away (a seam along the old outline).
    const auto [bgr, hidden, want] = hair_over_background({100, 110}, {60, 70}, {100, 110}, 35);
    // Mean step between 4-neighbours: across the outline (one rebuilt, one
    // seen), and between seen neighbours (the background's own).
    auto steps = [&](const cv::Mat& out) {
        double across = 0, own = 0;
        int n_across = 0, n_own = 0;
        for (int y = 0; y + 1 < 200; ++y)
            for (int x = 0; x + 1 < 200; ++x)
                for (const cv::Point q : {cv::Point(x + 1, y), cv::Point(x, y + 1)}) {
                    const bool a = want.at<std::uint8_t>(y, x), b = want.at<std::uint8_t>(q);
                    const bool seen_a = !hidden.at<std::uint8_t>(y, x), seen_b = !hidden.at<std::uint8_t>(q);
                    const double d = cv::norm(cv::Vec3d(out.at<cv::Vec3b>(y, x)) - cv::Vec3d(out.at<cv::Vec3b>(q)));
                    if ((a && seen_b) || (b && seen_a)) {
                        across += d;
                        ++n_across;
                    }
                    if (seen_a && seen_b) {
                        own += d;
                        ++n_own;
                    }
                }
        return std::pair{across / n_across, own / n_own};
    };
    const cv::Mat smooth = mirror_fill_background(bgr, hidden, want, {100.0, 110.0}, 12.0);
    const auto [across, own] = steps(smooth);
    INFO("mean step across the outline " << across << ", the background's own " << own);
    CHECK(across < 1.5 * own);
}

TEST_CASE("background behind hair: a copy's distortion is zero for a mirror, one for streaks", "[unit][shave]") {
    cv::Mat mirror(60, 60, CV_32FC2), streaks(60, 60, CV_32FC2);
    for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 60; ++x) {
            mirror.at<cv::Vec2f>(y, x) = cv::Vec2f(static_cast<float>(100 - x), static_cast<float>(y));
            streaks.at<cv::Vec2f>(y, x) = cv::Vec2f(59.0f, static_cast<float>(y));  // every pixel of a row from one place
        }
    const cv::Mat all(60, 60, CV_8UC1, cv::Scalar(255));
    double lo = 0, hi = 0;
    cv::minMaxLoc(copy_distortion(mirror, all, all, 0.0)(cv::Rect(2, 2, 56, 56)), &lo, &hi);
    CHECK(hi == Approx(0.0).margin(1e-6));
    cv::minMaxLoc(copy_distortion(streaks, all, all, 0.0)(cv::Rect(2, 2, 56, 56)), &lo, &hi);
    CHECK(lo == Approx(1.0).margin(1e-6));
}

namespace {

// A head before a background that runs out at the picture's right edge but
// for a 3 px strip: what the mirror copies there is that strip, streaked.
struct HeadByTheEdge {
    cv::Mat truth, bgr, hidden, want;
};
HeadByTheEdge head_by_the_edge(bool crisp) {
    HeadByTheEdge s{cv::Mat(200, 200, CV_8UC3), {}, cv::Mat(200, 200, CV_8UC1, cv::Scalar(0)), {}};
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.5f);
    // Defocused: a smooth slope with its own slight noise; crisp: upright
    // stripes with hard edges on it.
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) {
            float v = 40.0f + 0.4f * static_cast<float>(x + y) + noise(rng);
            if (crisp && (x / 12) % 2) v += 60.0f;
            s.truth.at<cv::Vec3b>(y, x) = cv::Vec3b::all(cv::saturate_cast<std::uint8_t>(v));
        }
    cv::ellipse(s.hidden, {120, 100}, {77, 75}, 0, 0, 360, cv::Scalar(255), -1);
    cv::Mat head(200, 200, CV_8UC1, cv::Scalar(0));
    cv::circle(head, {120, 100}, 60, cv::Scalar(255), -1);
    s.want = s.hidden & ~head;
    s.bgr = s.truth.clone();
    s.bgr.setTo(cv::Scalar(20, 20, 20), s.hidden);
    return s;
}

}  // namespace

TEST_CASE("background behind hair: a streaked copy of a defocused background settles to it, a crisp one stays", "[unit][shave]") {
    SECTION("defocused") {
        const auto s = head_by_the_edge(false);
        const BackgroundCopy copy = mirror_copy_background(s.bgr, s.hidden, s.want, {120.0, 100.0}, 8.0);
        const cv::Mat settled = settle_background(copy, s.hidden, s.want, 1.0, 8.0);
        CHECK(background_softness(copy.bgr, seen_ring(s.hidden, 16.0)) > 0.8);
        // Where the copy streaks, its error against the background it hides.
        const cv::Mat streaked = s.want & (copy_distortion(copy.source, s.hidden, s.want, 8.0) > 0.5f);
        REQUIRE(cv::countNonZero(streaked) > 300);
        auto error = [&](const cv::Mat& out) {
            cv::Mat d;
            cv::absdiff(out, s.truth, d);
            return cv::mean(d, streaked)[0];
        };
        INFO("mean error where streaked: copy " << error(copy.bgr) << ", settled " << error(settled));
        // The membrane is not the hidden background either (the head's edge
        // is free), but nearer it than the streaks.
        CHECK(error(settled) < 0.8 * error(copy.bgr));
        // Nothing changes beyond the hair.
        CHECK(cv::norm(settled, s.bgr, cv::NORM_INF, ~s.hidden) == 0.0);
    }
    SECTION("crisp") {
        const auto s = head_by_the_edge(true);
        const BackgroundCopy copy = mirror_copy_background(s.bgr, s.hidden, s.want, {120.0, 100.0}, 8.0);
        CHECK(background_softness(copy.bgr, seen_ring(s.hidden, 16.0)) == 0.0);
        CHECK(cv::norm(settle_background(copy, s.hidden, s.want, 1.0, 8.0), copy.bgr, cv::NORM_INF) == 0.0);
    }
}

TEST_CASE("shaved skull: adult breadth against the face, facing the camera, within the frame", "[unit][shave]") {
    const CameraIntrinsics camera = photo_intrinsics(800, 800, {400, 400});
    const FaceOnFrame face = test::frontal_face(camera);
    const HeadShape shape = shaved_skull_shape(face.fit, face.landmarks);
    const glm::dvec2 eye_axis = glm::normalize(left_eye_center(face.landmarks) - right_eye_center(face.landmarks));
    const double face_width_mm = std::abs(glm::dot(face.landmarks[16] - face.landmarks[0], eye_axis)) * face.fit.mm_per_px;
    CHECK(2.0 * shape.half_width_mm >= 1.1 * face_width_mm);
    const cv::Rect box(0, 0, 800, 800);
    const SkullView view = render_skull_view(face.fit, shape, face.landmarks, box, 0.5);
    REQUIRE(view.skull.size() == cv::Size(400, 400));
    // Seen from the front the skull's outline is its breadth.
    const cv::Rect outline = cv::boundingRect(view.skull > 127);
    const double seen_mm = outline.width / 0.5 * face.fit.mm_per_px;
    CHECK(seen_mm == Approx(2.0 * shape.half_width_mm).epsilon(0.06));
    // Over the glabella, well up the forehead, the skin faces the camera.
    const glm::dvec2 g = glabella(face.landmarks) * 0.5;
    const double up_px = 0.5 * 40.0 / face.fit.mm_per_px;
    const cv::Vec3f n = view.normals.at<cv::Vec3f>(static_cast<int>(g.y - up_px), static_cast<int>(g.x));
    CHECK(n[2] < -0.8f);
    CHECK(view.mm_per_px.at<float>(static_cast<int>(g.y - up_px), static_cast<int>(g.x)) ==
          Approx(face.fit.mm_per_px / 0.5 / -static_cast<double>(n[2])).epsilon(0.25));
    // Beside the eyes, below the glabella level, the skin's height goes on
    // down (negative): held at 0 it laid stubble in streaks down the temples.
    const double mm = face.fit.mm_per_px / 0.5;  // per crop pixel
    const int temple_x = static_cast<int>(g.x + 0.8 * shape.half_width_mm / mm);
    const cv::Point level(temple_x, static_cast<int>(g.y + 5.0 / mm)), lower(temple_x, static_cast<int>(g.y + 20.0 / mm));
    REQUIRE(view.skull.at<std::uint8_t>(level) > 127);
    REQUIRE(view.skull.at<std::uint8_t>(lower) > 127);
    INFO("skin height at the temple: " << view.skin_mm.at<cv::Vec2f>(level)[1] << " mm, 15 mm lower " << view.skin_mm.at<cv::Vec2f>(lower)[1]);
    CHECK(view.skin_mm.at<cv::Vec2f>(lower)[1] < view.skin_mm.at<cv::Vec2f>(level)[1] - 8.0f);
}
