#include "engine/analysis/skin_tone.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

// One (L*, a*, b*) per pixel inside a disc.
void sample_disc(const cv::Mat& lab, glm::dvec2 center, double radius, std::vector<cv::Vec3f>& out) {
    const int x0 = std::max(0, static_cast<int>(center.x - radius)), x1 = std::min(lab.cols - 1, static_cast<int>(center.x + radius));
    const int y0 = std::max(0, static_cast<int>(center.y - radius)), y1 = std::min(lab.rows - 1, static_cast<int>(center.y + radius));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            if ((x - center.x) * (x - center.x) + (y - center.y) * (y - center.y) <= radius * radius)
                out.push_back(lab.at<cv::Vec3f>(y, x));
}

double median_of(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

void build_opencv_lab_tables_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        const cv::Mat pixel(1, 1, CV_32FC3, cv::Scalar::all(0.5));
        cv::Mat lab;
        cv::cvtColor(pixel, lab, cv::COLOR_BGR2Lab);
    });
}

double ita_degrees(double lightness, double b) { return std::atan2(lightness - 50.0, b) * 180.0 / glm::pi<double>(); }

int fitzpatrick_from_ita(double ita) {
    if (ita > 55) return 1;
    if (ita > 41) return 2;
    if (ita > 28) return 3;
    if (ita > 10) return 4;
    if (ita > -30) return 5;
    return 6;
}

std::string_view fitzpatrick_roman(int type) {
    static constexpr std::string_view kNames[] = {"I", "II", "III", "IV", "V", "VI"};
    return kNames[std::clamp(type, 1, 6) - 1];
}

namespace {

double to_linear(double s) { return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4); }
double to_srgb(double l) { return l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055; }

}  // namespace

SceneWhite estimate_scene_white(const cv::Mat& bgr) {
    // The brightest 3% of the frame: above the 1% a +1 EV photo clips.
    constexpr double kWhiteShare = 0.03;
    SceneWhite white;
    if (bgr.empty()) return white;
    cv::Mat small;
    const double scale = std::min(1.0, 256.0 / std::max(bgr.cols, bgr.rows));
    cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
    double top[3];
    for (int c = 0; c < 3; ++c) {
        int histogram[256] = {};
        for (int y = 0; y < small.rows; ++y)
            for (int x = 0; x < small.cols; ++x) ++histogram[small.at<cv::Vec3b>(y, x)[c]];
        const int wanted = static_cast<int>(kWhiteShare * static_cast<double>(small.total()));
        int v = 255, above = 0;
        while (v > 0 && above + histogram[v] <= wanted) above += histogram[v--];
        top[c] = to_linear(std::max(v, 1) / 255.0);
    }
    constexpr double kWhite = 0.8;  // linear light: sRGB 0.91 (232), a white sheet well exposed
    const double brightest = std::max({top[0], top[1], top[2]});
    for (int c = 0; c < 3; ++c) white.gain[c] = std::clamp(kWhite / top[c], 0.4, 3.0);
    // Hold the spread: a tungsten cast (about 3200 K) is under 4x between channels.
    const double lowest = std::min({white.gain[0], white.gain[1], white.gain[2]});
    for (double& g : white.gain) g = std::min(g, 4.0 * lowest);
    white.confidence = std::clamp((to_srgb(brightest) - 0.25) / 0.2, 0.0, 1.0);
    white.white_linear = 0.0722 * top[0] + 0.7152 * top[1] + 0.2126 * top[2];  // its luminance (Rec. 709)
    return white;
}

namespace {

// The skin's median colour under per-channel gains (linear light).
std::optional<SkinTone> measure_skin(const cv::Mat& bgr, const cv::Rect& roi, const Landmarks& lm, double iod,
                                     const double gain[3]) {
    cv::Mat lab;
    bgr(roi).convertTo(lab, CV_32FC3, 1.0 / 255.0);
    float lut[3][256];
    for (int c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v)
            lut[c][v] = static_cast<float>(to_srgb(std::min(1.0, to_linear(v / 255.0) * gain[c])));
    for (int y = 0; y < lab.rows; ++y)
        for (int x = 0; x < lab.cols; ++x) {
            const cv::Vec3b p = bgr(roi).at<cv::Vec3b>(y, x);
            lab.at<cv::Vec3f>(y, x) = cv::Vec3f(lut[0][p[0]], lut[1][p[1]], lut[2][p[2]]);
        }
    cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);  // float input: L 0..100, a/b signed
    const glm::dvec2 origin(roi.x, roi.y);

    std::vector<cv::Vec3f> pixels;
    // Cheeks: between the jaw contour and the nose, level with the nose.
    sample_disc(lab, 0.5 * (lm[2] + lm[31]) - origin, 0.22 * iod, pixels);
    sample_disc(lab, 0.5 * (lm[14] + lm[35]) - origin, 0.22 * iod, pixels);
    // Forehead band just above the brows (hair may cover it; filtered below).
    const glm::dvec2 up = glabella(lm) - lm[lm::kNoseBridgeTop];
    sample_disc(lab, glabella(lm) + 0.9 * up - origin, 0.2 * iod, pixels);

    // Lit skin: warm hue (a*, b* > 0), not too saturated (lips, makeup),
    // trimmed of the darkest (shadow, stubble) and brightest (shine) pixels.
    std::vector<cv::Vec3f> skin;
    for (const auto& p : pixels) {
        const double a = p[1], b = p[2];
        const double chroma = std::hypot(a, b), hue = std::atan2(b, a) * 180.0 / glm::pi<double>();
        if (a > 0 && b > 0 && chroma > 4 && chroma < 45 && hue > 15 && hue < 85) skin.push_back(p);
    }
    if (skin.size() < 50) return std::nullopt;
    std::sort(skin.begin(), skin.end(), [](const auto& x, const auto& y) { return x[0] < y[0]; });
    const std::size_t lo = skin.size() / 5, hi = skin.size() - skin.size() / 10;
    std::vector<double> ls, as, bs;
    for (std::size_t i = lo; i < hi; ++i) {
        ls.push_back(skin[i][0]);
        as.push_back(skin[i][1]);
        bs.push_back(skin[i][2]);
    }
    SkinTone tone;
    tone.lightness = median_of(ls);
    tone.a = median_of(as);
    tone.b = median_of(bs);
    tone.ita_deg = ita_degrees(tone.lightness, tone.b);
    tone.fitzpatrick = fitzpatrick_from_ita(tone.ita_deg);
    tone.pixels = static_cast<int>(ls.size());
    for (int c = 0; c < 3; ++c) tone.gain[c] = gain[c];
    return tone;
}


}  // namespace

std::optional<SkinTone> estimate_skin_tone(const cv::Mat& bgr, const Landmarks& lm) {
    const double iod = iod_px(lm);
    if (iod < 4.0) return std::nullopt;
    // Only the face's neighbourhood is converted.
    const glm::dvec2 center = 0.5 * (lm[lm::kChin] + glabella(lm));
    const double reach = 1.6 * iod;
    const cv::Rect roi = cv::Rect(static_cast<int>(center.x - reach), static_cast<int>(center.y - 1.5 * reach),
                                  static_cast<int>(2 * reach), static_cast<int>(2.5 * reach)) &
                         cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (roi.area() < 16) return std::nullopt;
    build_opencv_lab_tables_once();
    const double unit[3] = {1.0, 1.0, 1.0};
    const auto plain = measure_skin(bgr, roi, lm, iod, unit);
    // The photo's light taken out, when the scene shows a white brighter than
    // the skin; a frame of skin alone (a close-up) has none to go by.
    const SceneWhite white = estimate_scene_white(bgr);
    if (!plain) return measure_skin(bgr, roi, lm, iod, white.gain);  // skin only recognisable under a standard light
    const double skin_luminance = std::pow((plain->lightness + 16.0) / 116.0, 3.0);
    if (white.white_linear < kWhiterThanSkin * skin_luminance) {
        SkinTone tone = *plain;
        tone.confidence = std::min(white.confidence, kNoWhiteConfidence);
        return tone;
    }
    auto corrected = measure_skin(bgr, roi, lm, iod, white.gain);
    if (!corrected) return plain;
    corrected->confidence = white.confidence;
    return corrected;
}

Pigment pigment_for_skin(const SkinTone& tone) {
    // Shades of one carbon-black pigment at the dilutions practitioners use,
    // from type I to VI.
    static constexpr double kShade[] = {0.30, 0.26, 0.22, 0.18, 0.13, 0.09};
    // Unsure of the light: the middle shade, never the darkest.
    const int type = tone.confidence < kSkinToneMinConfidence ? 3 : tone.fitzpatrick;
    const double v = kShade[std::clamp(type, 1, 6) - 1];
    // A trace of warmth keeps the carbon from reading blue on fair skin.
    return Pigment{false, {v * 1.02, v, v * 0.98}};
}

Pigment resolve_pigment(const Pigment& chosen, const std::optional<SkinTone>& tone) {
    if (!chosen.automatic) return chosen;
    return pigment_for_skin(tone.value_or(SkinTone{}));
}

}  // namespace hairline
