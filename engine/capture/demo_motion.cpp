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

DemoCanvas demo_canvas(const cv::Mat& photo, cv::Size frame_size, double min_scale) {
    // The frame's far corner, in photo pixels from the photo's centre, with
    // 10% of the diagonal for the pan.
    const double reach = 0.6 * std::hypot(frame_size.width, frame_size.height) / min_scale;
    const int pad = static_cast<int>(std::ceil(std::max(0.0, reach - 0.5 * std::min(photo.cols, photo.rows)))) + 8;
    cv::Mat stretched, soft, softer;
    cv::copyMakeBorder(photo, stretched, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    cv::GaussianBlur(stretched, soft, cv::Size(0, 0), 6.0);
    cv::GaussianBlur(stretched, softer, cv::Size(0, 0), 28.0);
    // Sharp inside the photo; beyond its edge the stretched pixels go out of
    // focus over ~40 photo pixels (a few cm at the head's distance).
    DemoCanvas canvas{stretched.clone(), pad};
    for (int y = 0; y < stretched.rows; ++y) {
        const int dy = std::max({0, pad - y, y - (pad + photo.rows - 1)});
        const cv::Vec3b* s1 = soft.ptr<cv::Vec3b>(y);
        const cv::Vec3b* s2 = softer.ptr<cv::Vec3b>(y);
        cv::Vec3b* o = canvas.image.ptr<cv::Vec3b>(y);
        for (int x = 0; x < stretched.cols; ++x) {
            const int dx = std::max({0, pad - x, x - (pad + photo.cols - 1)});
            const double d = std::hypot(dx, dy);
            if (d == 0) continue;
            const double near = std::min(1.0, d / 6.0), far = std::min(1.0, d / 40.0);
            const double w_far = far * far * (3 - 2 * far);
            for (int c = 0; c < 3; ++c) {
                const double blurred = (1 - w_far) * s1[x][c] + w_far * s2[x][c];
                o[x][c] = cv::saturate_cast<std::uint8_t>((1 - near) * o[x][c] + near * blurred);
            }
        }
    }
    return canvas;
}

cv::Mat render_moved_photo(const DemoCanvas& canvas, const cv::Matx23d& t, cv::Size frame_size) {
    // The photo's transform, applied to canvas pixels (shifted by the pad).
    const double p = canvas.pad;
    const cv::Matx23d on_canvas(t(0, 0), t(0, 1), t(0, 2) - p * (t(0, 0) + t(0, 1)), t(1, 0), t(1, 1),
                                t(1, 2) - p * (t(1, 0) + t(1, 1)));
    cv::Mat out;
    cv::warpAffine(canvas.image, out, cv::Mat(on_canvas), frame_size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

}  // namespace hairline
