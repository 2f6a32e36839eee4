#include "engine/analysis/compression_look.h"

#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace hairline {

CompressionLook compression_look_of(const JpegCoding& coding, cv::Size stored) {
    CompressionLook look;
    look.quality = coding.quality;
    look.chroma_subsampled = coding.mcu_width > 8 || coding.mcu_height > 8;
    const int bw = coding.mcu_width, bh = coding.mcu_height;
    // Units start at the stored picture's top left; a flip puts the start
    // at the far side, where the last unit is cut short (the width's rest).
    const int rest_x = stored.width % bw, rest_y = stored.height % bh;
    switch (coding.orientation) {
        case 2: look.block = {bw, bh}; look.phase = {rest_x, 0}; break;        // mirrored
        case 3: look.block = {bw, bh}; look.phase = {rest_x, rest_y}; break;   // turned 180
        case 4: look.block = {bw, bh}; look.phase = {0, rest_y}; break;        // flipped
        case 5: look.block = {bh, bw}; look.phase = {0, 0}; break;             // transposed
        case 6: look.block = {bh, bw}; look.phase = {rest_y, 0}; break;        // turned 90 clockwise
        case 7: look.block = {bh, bw}; look.phase = {rest_y, rest_x}; break;   // transversed
        case 8: look.block = {bh, bw}; look.phase = {0, rest_x}; break;        // turned 90 anticlockwise
        default: look.block = {bw, bh}; look.phase = {0, 0}; break;
    }
    return look;
}

namespace {

// The start of the coding unit holding coordinate v (units `step` long, one starting at `phase`).
int unit_start(int v, int step, int phase) { return phase + static_cast<int>(std::floor(static_cast<double>(v - phase) / step)) * step; }

cv::Mat coded(const cv::Mat& bgr, const CompressionLook& look) {
    const std::vector<int> params{cv::IMWRITE_JPEG_QUALITY, look.quality};
    std::vector<std::uint8_t> bytes;
    if (look.chroma_subsampled) {
        // OpenCV's encoder subsamples the chroma 2x2, as such files do.
        cv::imencode(".jpg", bgr, bytes, params);
        return cv::imdecode(bytes, cv::IMREAD_COLOR);
    }
    // Full-resolution chroma: only the luma is coded again (the encoder
    // would otherwise subsample the colour the photo kept whole).
    cv::Mat ycc;
    cv::cvtColor(bgr, ycc, cv::COLOR_BGR2YCrCb);
    std::vector<cv::Mat> planes;
    cv::split(ycc, planes);
    cv::imencode(".jpg", planes[0], bytes, params);
    planes[0] = cv::imdecode(bytes, cv::IMREAD_GRAYSCALE);
    cv::merge(planes, ycc);
    cv::Mat out;
    cv::cvtColor(ycc, out, cv::COLOR_YCrCb2BGR);
    return out;
}

}  // namespace

cv::Mat with_compression_look(const cv::Mat& original, const cv::Mat& edited, const CompressionLook& look) {
    CV_Assert(original.type() == CV_8UC3 && edited.type() == CV_8UC3 && original.size() == edited.size());
    if (look.quality < 1 || look.block.width < 1 || look.block.height < 1) return edited;
    cv::Mat difference, changed;
    cv::absdiff(original, edited, difference);
    cv::transform(difference, changed, cv::Matx13f(1.0f, 1.0f, 1.0f));
    changed = changed > 0;
    if (cv::countNonZero(changed) == 0) return edited;
    const cv::Rect box = cv::boundingRect(changed);
    // The box grown to whole coding units, padded where it passes the picture's edge.
    const int x0 = unit_start(box.x, look.block.width, look.phase.x);
    const int y0 = unit_start(box.y, look.block.height, look.phase.y);
    const int x1 = unit_start(box.x + box.width - 1, look.block.width, look.phase.x) + look.block.width;
    const int y1 = unit_start(box.y + box.height - 1, look.block.height, look.phase.y) + look.block.height;
    const cv::Rect inside = cv::Rect(x0, y0, x1 - x0, y1 - y0) & cv::Rect(0, 0, edited.cols, edited.rows);
    cv::Mat units;
    cv::copyMakeBorder(edited(inside), units, inside.y - y0, y1 - inside.y - inside.height, inside.x - x0,
                       x1 - inside.x - inside.width, cv::BORDER_REPLICATE);
    const cv::Mat again = coded(units, look)(cv::Rect(inside.x - x0, inside.y - y0, inside.width, inside.height));
    cv::Mat out = edited.clone();
    again.copyTo(out(inside), changed(inside));
    return out;
}

}  // namespace hairline
