#pragma once
// How the camera rendered this frame: how soft it is (the Gaussian blur of
// its edges, in pixels) and how noisy (the standard deviation of its pixel
// noise on flat skin, in 8-bit levels). The ink layer is passed through the
// same blur and grain, so dots sit in the picture instead of on top of it.
//
// Blur: re-blur ratio at strong edges (Zhuo & Sim 2011, "Defocus map
// estimation from a single image", Pattern Recognition 44(9)): an edge
// blurred by sigma, blurred again by sigma0, has its gradient reduced by
// R = sqrt(sigma^2 + sigma0^2) / sigma, so sigma = sigma0 / sqrt(R^2 - 1).
// Taken as the median over the strongest edges around the face (brows, eyes,
// face outline), which are in focus when the face is.
// Noise: Immerkaer's fast estimator (1996, "Fast noise variance estimation",
// CVIU 64(2)): the Laplacian-difference kernel cancels smooth shading, its
// mean absolute response on flat skin gives sigma.
// Pure functions of an image and landmarks.
//
// The blur is measured on the face resampled to kBlurIodPx between the eyes
// (a 300 px face) and scaled back, so that it scales with the picture.

#include <optional>

#include <opencv2/core/mat.hpp>

#include "engine/render/dot_scene.h"  // kMinBlurPx
#include "engine/track/landmarks.h"

namespace hairline {

inline constexpr double kBlurIodPx = 120.0;

struct CameraLook {
    double blur_px = 0.7;    // Gaussian sigma of the frame's edges (at least kMinBlurPx)
    double noise_level = 1.0;  // sigma of the pixel noise, 8-bit levels (luma)
    int edges = 0;           // edge pixels the blur rests on (0: the default was kept)
    int noise_pixels = 0;    // skin pixels the noise rests on
};

// requires: bgr 8-bit BGR; landmarks of a face in it
// ensures:  blur_px in [kMinBlurPx, 12]; defaults where too little signal
// cost:     a few ms (works on the face's neighbourhood, at most ~400 px across)
CameraLook estimate_camera_look(const cv::Mat& bgr, const Landmarks& landmarks);

// The two estimators on their own (gray, 8-bit or float), for tests.
// `where`: CV_8U mask of the pixels to use (empty: all); `edges_used` gets
// how many edge pixels the estimate rests on.
std::optional<double> estimate_blur_px(const cv::Mat& gray, const cv::Mat& where, int* edges_used = nullptr);
std::optional<double> estimate_noise_level(const cv::Mat& gray, const cv::Mat& where);

}  // namespace hairline
