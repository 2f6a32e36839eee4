#pragma once
// The scene's light on the client's skin, so new skin (a shaved scalp) is lit
// as the real skin is: a first-order spherical-harmonics (ambient plus one
// directional term) fit of linear luminance against surface normals (the
// low-order lighting that explains most of a face's shading, Basri & Jacobs
// 2003), the skin's own chromaticity, and a Blinn-Phong highlight fitted to
// what the diffuse term leaves on the forehead (its shine).
//
// Pure functions of samples; no image access.

#include <optional>
#include <vector>

#include <opencv2/core/matx.hpp>

namespace hairline {

struct SkinSample {
    cv::Vec3f normal;      // unit, camera frame (x right, y down, z away from the camera)
    cv::Vec3f linear_bgr;  // the pixel, linear light
    bool forehead = false; // skin of the forehead or temples (the shine is fitted there)
};

struct SceneLight {
    cv::Vec4d diffuse;          // Y = d0 + (d1, d2, d3) . n
    cv::Vec3d chroma{1, 1, 1};  // linear BGR per unit of luminance (the skin's colour)
    double floor_y = 0.0;       // the darkest the model goes (skin turned from the light still gets bounced light)
    double ceiling_y = 1.0;
    double specular = 0.0;      // highlight strength (luminance at its peak)
    double shininess = 30.0;
    double residual_y = 0.0;    // rms luminance the model leaves, after trimming
    int samples = 0;
};

// requires: samples with unit normals
// ensures:  nullopt with fewer than kMinLightSamples usable samples
inline constexpr int kMinLightSamples = 150;
std::optional<SceneLight> fit_scene_light(const std::vector<SkinSample>& samples);

// Linear luminance of the diffuse term and the highlight at a normal.
double diffuse_luminance(const SceneLight& light, const cv::Vec3f& normal);
double highlight_luminance(const SceneLight& light, const cv::Vec3f& normal);

// Rec. 709 luminance of linear BGR.
inline double luminance_of(const cv::Vec3f& bgr) {
    return 0.0722 * static_cast<double>(bgr[0]) + 0.7152 * static_cast<double>(bgr[1]) + 0.2126 * static_cast<double>(bgr[2]);
}

}  // namespace hairline
