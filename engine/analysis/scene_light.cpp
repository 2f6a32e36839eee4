#include "engine/analysis/scene_light.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

namespace hairline {
namespace {

// The diffuse fit is refitted without the samples it explains worst (shadow
// of hair, shine, stubble, a stray brow), this share of them per pass.
constexpr double kTrimShare = 0.2;
constexpr int kTrimPasses = 3;
// The model is extrapolated from the face's normals to the scalp's, which
// face further from the camera; it stays within this band of the skin's own
// luminance (its 5th and 99th percentiles, widened).
constexpr double kFloorOfDarkest = 0.85, kCeilingOfBrightest = 1.05;
// A highlight is fitted only when the forehead shines this much over the
// diffuse model (linear luminance, top 5% of its samples).
constexpr double kMinShine = 0.01;

cv::Vec3d direction_of(const cv::Vec4d& d) {
    const cv::Vec3d v(d[1], d[2], d[3]);
    const double n = cv::norm(v);
    return n > 1e-9 ? v / n : cv::Vec3d(0, 0, -1);
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + k, v.end());
    return v[static_cast<std::size_t>(k)];
}

}  // namespace

double diffuse_luminance(const SceneLight& light, const cv::Vec3f& n) {
    const cv::Vec3d d(n[0], n[1], n[2]);
    const double y = light.diffuse[0] + light.diffuse[1] * d[0] + light.diffuse[2] * d[1] + light.diffuse[3] * d[2];
    return std::clamp(y, light.floor_y, light.ceiling_y);
}

double highlight_luminance(const SceneLight& light, const cv::Vec3f& n) {
    if (light.specular <= 0.0) return 0.0;
    // Half vector between the light and the camera (towards the camera is -z).
    cv::Vec3d h = direction_of(light.diffuse) + cv::Vec3d(0, 0, -1);
    const double len = cv::norm(h);
    if (len < 1e-9) return 0.0;
    h /= len;
    const double c = std::max(0.0, h.dot(cv::Vec3d(n[0], n[1], n[2])));
    return light.specular * std::pow(c, light.shininess);
}

std::optional<SceneLight> fit_scene_light(const std::vector<SkinSample>& samples) {
    if (static_cast<int>(samples.size()) < kMinLightSamples) return std::nullopt;
    SceneLight light;
    std::vector<bool> used(samples.size(), true);
    std::vector<double> ys;
    for (const auto& s : samples) ys.push_back(luminance_of(s.linear_bgr));
    light.floor_y = kFloorOfDarkest * percentile(ys, 0.05);
    light.ceiling_y = kCeilingOfBrightest * percentile(ys, 0.99);
    for (int pass = 0; pass < kTrimPasses; ++pass) {
        cv::Matx44d ata = cv::Matx44d::zeros();
        cv::Vec4d atb(0, 0, 0, 0);
        int n = 0;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            if (!used[i]) continue;
            const cv::Vec3f& nn = samples[i].normal;
            const cv::Vec4d row(1.0, nn[0], nn[1], nn[2]);
            ata += row * row.t();
            atb += row * ys[i];
            ++n;
        }
        if (n < kMinLightSamples) return std::nullopt;
        // A little ridge: normals seen from the front span a narrow cone, so
        // the directional term is only weakly pinned along the view axis.
        for (int k = 1; k < 4; ++k) ata(k, k) += 1e-3 * n;
        cv::Vec4d solution;
        if (!cv::solve(ata, atb, solution, cv::DECOMP_CHOLESKY)) return std::nullopt;
        light.diffuse = solution;
        std::vector<double> residuals(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) residuals[i] = std::abs(diffuse_luminance(light, samples[i].normal) - ys[i]);
        std::vector<double> kept;
        for (std::size_t i = 0; i < samples.size(); ++i)
            if (used[i]) kept.push_back(residuals[i]);
        const double cut = percentile(kept, 1.0 - kTrimShare);
        for (std::size_t i = 0; i < samples.size(); ++i) used[i] = residuals[i] <= cut;
    }
    cv::Vec3d colour_sum(0, 0, 0);
    double y_sum = 0.0, squared = 0.0;
    int n = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!used[i]) continue;
        colour_sum += cv::Vec3d(samples[i].linear_bgr);
        y_sum += ys[i];
        const double r = diffuse_luminance(light, samples[i].normal) - ys[i];
        squared += r * r;
        ++n;
    }
    if (y_sum <= 0.0 || n == 0) return std::nullopt;
    light.chroma = colour_sum / y_sum;
    light.residual_y = std::sqrt(squared / n);
    light.samples = n;
    // The shine: what the diffuse term leaves, brightest on the forehead,
    // fitted by least squares to the lobe shape at a fixed shininess.
    double num = 0.0, den = 0.0;
    std::vector<double> excess;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!samples[i].forehead) continue;
        const double r = ys[i] - diffuse_luminance(light, samples[i].normal);
        excess.push_back(r);
        SceneLight unit = light;
        unit.specular = 1.0;
        const double lobe = highlight_luminance(unit, samples[i].normal);
        num += lobe * r;
        den += lobe * lobe;
    }
    if (!excess.empty() && percentile(excess, 0.95) > kMinShine && den > 1e-9) light.specular = std::max(0.0, num / den);
    return light;
}

}  // namespace hairline
