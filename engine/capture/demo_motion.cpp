#include "engine/capture/demo_motion.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace hairline {

cv::Matx23d similarity(cv::Size photo, cv::Size frame, double scale, double angle_deg, cv::Point2d shift_px) {
    const double a = angle_deg * CV_PI / 180.0;
    const double c = scale * std::cos(a), s = scale * std::sin(a);
    const cv::Point2d from(0.5 * photo.width, 0.5 * photo.height);
    const cv::Point2d to = cv::Point2d(0.5 * frame.width, 0.5 * frame.height) + shift_px;
    // x' = c x - s y + tx (counter-clockwise on screen for positive angles
    // means negative rotation in image coordinates, whose y points down).
    return cv::Matx23d(c, s, to.x - (c * from.x + s * from.y), -s, c, to.y - (-s * from.x + c * from.y));
}

cv::Matx23d DemoMotion::transform_at(double t_s) const {
    const double w = 2.0 * CV_PI / period_s;
    const double pan_x = pan_x_fraction * frame_size.width * std::sin(w * t_s);
    const double pan_y = pan_y_fraction * frame_size.height * std::sin(1.7 * w * t_s + 0.6);
    const double roll = roll_deg * std::sin(1.3 * w * t_s + 1.1);
    const double zoom = 1.0 + zoom_fraction * std::sin(0.8 * w * t_s + 2.0);
    return similarity(photo_size, frame_size, base_scale * zoom, roll, {pan_x, pan_y});
}

cv::Mat demo_backdrop(const cv::Mat& photo, cv::Size frame_size) {
    cv::Mat small, backdrop;
    cv::resize(photo, small, cv::Size(32, 18), 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(0, 0), 3.0);
    cv::resize(small, backdrop, frame_size, 0, 0, cv::INTER_CUBIC);
    return backdrop;
}

cv::Mat render_moved_photo(const cv::Mat& photo, const cv::Matx23d& transform, const cv::Mat& backdrop) {
    // The photo's edge anti-aliased against the backdrop (a hard-edged warp
    // shows stair steps along a tilted edge, zoomed in the live view).
    cv::Mat warped, coverage;
    cv::warpAffine(photo, warped, cv::Mat(transform), backdrop.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::warpAffine(cv::Mat(photo.size(), CV_8UC1, cv::Scalar(255)), coverage, cv::Mat(transform), backdrop.size(),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat out = backdrop.clone();
    for (int y = 0; y < out.rows; ++y) {
        const std::uint8_t* a = coverage.ptr<std::uint8_t>(y);
        const cv::Vec3b* w = warped.ptr<cv::Vec3b>(y);
        cv::Vec3b* o = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < out.cols; ++x) {
            if (a[x] == 0) continue;
            if (a[x] == 255) {
                o[x] = w[x];
                continue;
            }
            for (int c = 0; c < 3; ++c) o[x][c] = static_cast<std::uint8_t>((w[x][c] * a[x] + o[x][c] * (255 - a[x]) + 127) / 255);
        }
    }
    return out;
}

}  // namespace hairline
