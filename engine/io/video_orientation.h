#pragma once
// Which way up a video is meant to be seen. Phones store portrait video
// sideways and say how to turn it in the container's display matrix (the
// QuickTime/MP4 track matrix, AV_PKT_DATA_DISPLAYMATRIX in libavformat).
// hairline turns frames upright the way ffmpeg's own tools do (ffmpeg 5.1's
// fftools: get_rotation() and the transpose/hflip/vflip filters it inserts),
// read here with libavformat, rather than by OpenCV 4.6's
// CAP_PROP_ORIENTATION_AUTO, which turns +90 and -90 clips the wrong way.

#include <array>
#include <cstdint>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"

namespace hairline {

// The stored frame is turned clockwise by rotate_cw_deg, then mirrored left
// to right when flip_h. Every ffmpeg autorotation is one of these eight.
struct VideoOrientation {
    int rotate_cw_deg = 0;  // 0, 90, 180 or 270
    bool flip_h = false;

    bool is_identity() const { return rotate_cw_deg == 0 && !flip_h; }
    bool operator==(const VideoOrientation& o) const { return rotate_cw_deg == o.rotate_cw_deg && flip_h == o.flip_h; }
};

// The 3x3 display matrix as libavformat stores it: row-major, 16.16 fixed
// point but for the last column (2.30).
using DisplayMatrix = std::array<std::int32_t, 9>;

// Reads a display matrix as ffmpeg 5.1's CLI does, except that a turn that
// is not a multiple of 90° is rounded to the nearest one (ffmpeg would turn
// by the exact angle and fill the corners with black; within 1° both agree).
// requires: nothing; any nine values
// ensures:  a singular (garbled) matrix gives the identity
// threads:  pure; safe from any thread
VideoOrientation orientation_from_display_matrix(const DisplayMatrix& matrix);

// requires: stored is not empty
// ensures:  the frame as the orientation says it is seen (a new Mat, or
//           `stored` itself for the identity); its size is upright_size()
// threads:  pure
cv::Mat turn_upright(const cv::Mat& stored, VideoOrientation orientation);
cv::Size upright_size(cv::Size stored, VideoOrientation orientation);

// The orientation of the first video stream of a local video file (the
// stream OpenCV decodes). No display matrix, a malformed one, or no video
// stream declared in the header: the identity.
// requires: path was checked to be a local regular file (FFmpeg is limited
//           to the file protocol here too, so a container cannot reach a URL)
// ensures:  BadInput naming the path when libavformat cannot read its header
// threads:  safe from any thread (nothing shared)
Result<VideoOrientation> read_video_orientation(const std::string& path);

}  // namespace hairline
