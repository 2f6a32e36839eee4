#include "engine/analysis/membrane.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

constexpr int kCoarsestSide = 12;
constexpr int kSweepsPerLevel = 40;
constexpr int kSweepsAtCoarsest = 300;

// Jacobi sweeps: each free pixel becomes the mean of its usable neighbours.
void relax(cv::Mat& u, const cv::Mat& known, const cv::Mat& free, int sweeps) {
    cv::Mat next = u.clone();
    for (int s = 0; s < sweeps; ++s) {
        for (int y = 0; y < u.rows; ++y)
            for (int x = 0; x < u.cols; ++x) {
                if (!free.at<std::uint8_t>(y, x)) continue;
                cv::Vec3f sum(0, 0, 0);
                int n = 0;
                const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
                for (int k = 0; k < 4; ++k) {
                    const int xx = x + dx[k], yy = y + dy[k];
                    if (xx < 0 || yy < 0 || xx >= u.cols || yy >= u.rows) continue;
                    if (!free.at<std::uint8_t>(yy, xx) && !known.at<std::uint8_t>(yy, xx)) continue;
                    sum += u.at<cv::Vec3f>(yy, xx);
                    ++n;
                }
                if (n > 0) next.at<cv::Vec3f>(y, x) = sum / static_cast<float>(n);
            }
        std::swap(u, next);
    }
}

cv::Mat solve(const cv::Mat& values, const cv::Mat& known, const cv::Mat& free) {
    cv::Mat u(values.size(), CV_32FC3, cv::Scalar::all(0));
    values.copyTo(u, known);
    if (cv::countNonZero(known) == 0) return u;
    if (std::min(values.cols, values.rows) > kCoarsestSide) {
        // The coarse solution as the start: known values averaged down.
        const cv::Size half((values.cols + 1) / 2, (values.rows + 1) / 2);
        cv::Mat weight, vsum, k2, f2, v2;
        known.convertTo(weight, CV_32F, 1.0 / 255.0);
        cv::Mat weighted;
        cv::Mat w3;
        cv::merge(std::vector<cv::Mat>{weight, weight, weight}, w3);
        cv::multiply(values, w3, weighted);
        cv::resize(weighted, vsum, half, 0, 0, cv::INTER_AREA);
        cv::Mat wsum;
        cv::resize(weight, wsum, half, 0, 0, cv::INTER_AREA);
        cv::Mat wsum3;
        cv::merge(std::vector<cv::Mat>{wsum, wsum, wsum}, wsum3);
        cv::divide(vsum, cv::max(wsum3, 1e-6), v2);
        k2 = wsum > 0.25f;
        cv::resize(free, f2, half, 0, 0, cv::INTER_AREA);
        f2 = (f2 > 0) & ~k2;
        cv::Mat coarse = solve(v2, k2, f2), up;
        cv::resize(coarse, up, values.size(), 0, 0, cv::INTER_LINEAR);
        up.copyTo(u, free);
        relax(u, known, free, kSweepsPerLevel);
    } else {
        const cv::Scalar mean = cv::mean(values, known);
        u.setTo(mean, free);
        relax(u, known, free, kSweepsAtCoarsest);
    }
    return u;
}

}  // namespace

cv::Mat membrane_fill(const cv::Mat& values, const cv::Mat& known, const cv::Mat& region) {
    const cv::Mat free = region & ~known;
    cv::Mat u = solve(values, known, free);
    u.setTo(cv::Scalar::all(0), ~(free | known));
    return u;
}

}  // namespace hairline
