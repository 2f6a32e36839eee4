#pragma once
// The demo's motion: the bundled photo moved by a smooth similarity transform
// like a head in front of a webcam (pan, zoom, tilt). Pure and deterministic,
// so tests can map tracked points back through the known transform.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/matx.hpp>

namespace hairline {

struct DemoMotion {
    cv::Size photo_size{512, 512};
    cv::Size frame_size{1280, 720};
    double base_scale = 1.35;          // photo pixels -> frame pixels at rest
    double pan_x_fraction = 0.06;      // amplitude, fraction of the frame width
    double pan_y_fraction = 0.04;
    double roll_deg = 8.0;
    double zoom_fraction = 0.08;
    double period_s = 12.0;            // the slowest cycle; others are incommensurate

    // Photo -> frame transform at time t (seconds).
    cv::Matx23d transform_at(double t_s) const;
};

// A similarity placing `photo`'s centre at the frame centre, then moved.
cv::Matx23d similarity(cv::Size photo, cv::Size frame, double scale, double angle_deg, cv::Point2d shift_px);

// A backdrop for the moved photo: the photo stretched over the frame and
// blurred beyond recognition (mirrored borders would add extra faces).
cv::Mat demo_backdrop(const cv::Mat& photo, cv::Size frame_size);

// Renders one frame: the photo warped onto the backdrop.
cv::Mat render_moved_photo(const cv::Mat& photo, const cv::Matx23d& transform, const cv::Mat& backdrop);

}  // namespace hairline
