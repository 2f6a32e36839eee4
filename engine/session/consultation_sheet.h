#pragma once
// The consultation sheet for a client's record and consent: before and after,
// the chosen design's values, the rule checks, and space for signatures. One
// A4 page as a 150 dpi PNG.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/design/design_checks.h"
#include "engine/preview/preview_record.h"

namespace hairline {

struct SheetInput {
    cv::Mat before;  // BGR, unmirrored
    cv::Mat after;
    std::optional<cv::Rect> focus;  // the head, to show both images close up
    PreviewRecord record;           // the design and what was measured
    std::vector<DesignWarning> checks;
    std::string client;
    std::string notes;
    std::chrono::system_clock::time_point when;
};

// ensures: a 1240 x 1754 BGR page.
cv::Mat make_consultation_sheet(const SheetInput& input);

}  // namespace hairline
