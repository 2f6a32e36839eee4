#include "engine/analysis/scalp_skin.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

double ramp(double v, double from, double to) { return std::clamp((v - from) / (to - from), 0.0, 1.0); }

double luminance_of(const cv::Vec3d& bgr) { return 0.0722 * bgr[0] + 0.7152 * bgr[1] + 0.2126 * bgr[2]; }

double median_of(std::vector<double>& v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

cv::Mat linear_light(const cv::Mat& bgr8) {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int v = 0; v < 256; ++v) {
            const double s = v / 255.0;
            t[static_cast<std::size_t>(v)] = static_cast<float>(s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4));
        }
        return t;
    }();
    cv::Mat out(bgr8.size(), CV_32FC3);
    for (int y = 0; y < bgr8.rows; ++y) {
        const cv::Vec3b* in = bgr8.ptr<cv::Vec3b>(y);
        cv::Vec3f* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < bgr8.cols; ++x)
            o[x] = cv::Vec3f(table[in[x][0]], table[in[x][1]], table[in[x][2]]);
    }
    return out;
}

std::optional<SkinChroma> skin_chroma_of(const cv::Mat& linear_bgr, const cv::Mat& mask) {
    std::vector<double> r, g, y;
    for (int row = 0; row < linear_bgr.rows; ++row)
        for (int col = 0; col < linear_bgr.cols; ++col) {
            if (!mask.at<std::uint8_t>(row, col)) continue;
            const cv::Vec3d v = linear_bgr.at<cv::Vec3f>(row, col);
            const double sum = v[0] + v[1] + v[2];
            if (sum <= 1e-4) continue;  // black: no chromaticity to read
            r.push_back(v[2] / sum);
            g.push_back(v[1] / sum);
            y.push_back(luminance_of(v));
        }
    if (r.size() < 30) return std::nullopt;
    SkinChroma skin{median_of(r), median_of(g), median_of(y)};
    // A grey "skin" (a black-and-white photo) has no hue to follow.
    if (std::hypot(skin.r - 1.0 / 3.0, skin.g - 1.0 / 3.0) < 1e-3 || skin.luminance <= 1e-4) return std::nullopt;
    return skin;
}

SkinLook skin_look(const SkinChroma& skin, const cv::Vec3f& linear_bgr_f) {
    SkinLook look;
    const cv::Vec3d linear_bgr = linear_bgr_f;
    const double sum = linear_bgr[0] + linear_bgr[1] + linear_bgr[2];
    look.shade = luminance_of(linear_bgr) / skin.luminance;
    if (sum <= 1e-5) {  // black: no chromaticity; as dark as hair, never skin
        look.along = 0.0;
        return look;
    }
    const double dr = linear_bgr[2] / sum - 1.0 / 3.0, dg = linear_bgr[1] / sum - 1.0 / 3.0;
    const double sr = skin.r - 1.0 / 3.0, sg = skin.g - 1.0 / 3.0;
    const double s2 = sr * sr + sg * sg;
    look.along = (dr * sr + dg * sg) / s2;
    look.across = (-dr * sg + dg * sr) / s2;
    return look;
}

bool explained_as_skin(const SkinLook& look, bool smooth, bool shine_allowed) {
    if (look.shade < (smooth ? kMinSkinShade : kMinTexturedSkinShade)) return false;
    const double shine = smooth && shine_allowed ? ramp(look.shade, kShineStartShade, kShineFullShade) : 0.0;
    const double shade = smooth ? ramp(look.shade, kShadeStartShade, kShadeFullShade) : 0.0;
    const double along_min = kSkinAlongMin + (kShineAlongMin - kSkinAlongMin) * shine;
    const double along_max = kSkinAlongMax + (kShadeAlongMax - kSkinAlongMax) * shade;
    // Shine takes the light's hue either way; shade only drifts redder (light
    // bounced between skin), never yellower, as blond and brown hair are.
    const double redder = kSkinAcross + kAcrossDrift * std::max(shine, shade);
    const double yellower = kSkinAcross + kAcrossDrift * shine;
    return look.along >= along_min && look.along <= along_max && look.across >= -redder && look.across <= yellower;
}

cv::Mat skin_explained_map(const cv::Mat& linear_bgr, const SkinChroma& skin, const cv::Mat& smooth, bool shine) {
    cv::Mat out(linear_bgr.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < linear_bgr.rows; ++y)
        for (int x = 0; x < linear_bgr.cols; ++x) {
            const bool is_smooth = smooth.empty() || smooth.at<std::uint8_t>(y, x) != 0;
            if (explained_as_skin(skin_look(skin, linear_bgr.at<cv::Vec3f>(y, x)), is_smooth, shine)) out.at<std::uint8_t>(y, x) = 255;
        }
    return out;
}

cv::Mat luminance_steps(const cv::Mat& linear_bgr, double blur_px) {
    cv::Mat luminance;
    cv::transform(linear_bgr, luminance, cv::Matx13f(0.0722f, 0.7152f, 0.2126f));
    cv::Mat log_y, dx, dy;
    cv::log(cv::max(luminance, 1e-4), log_y);
    cv::Sobel(log_y, dx, CV_32F, 1, 0, 3, 0.125);  // per pixel
    cv::Sobel(log_y, dy, CV_32F, 0, 1, 3, 0.125);
    cv::Mat slope;
    cv::magnitude(dx, dy, slope);
    return slope * blur_px > kSkinStep;
}

}  // namespace hairline
