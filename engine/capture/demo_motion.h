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

// The photo on a larger canvas whose margin continues its edges (stretched,
// then blurred out of focus within a few centimetres), so a moved, tilted
// or zoomed-out photo never shows a canvas edge: a webcam frame has none.
// Mirrored borders would add extra (upside-down) faces, so none.
struct DemoCanvas {
    cv::Mat image;  // BGR, the photo at (pad, pad)
    int pad = 0;
};
// pad: enough for `frame_size` around the photo's centre (panned by up to
// 10% of its diagonal) at `min_scale` or more.
DemoCanvas demo_canvas(const cv::Mat& photo, cv::Size frame_size, double min_scale = 0.8);

// Renders one frame: the canvas warped by the photo's transform.
cv::Mat render_moved_photo(const DemoCanvas& canvas, const cv::Matx23d& photo_transform, cv::Size frame_size);

}  // namespace hairline
