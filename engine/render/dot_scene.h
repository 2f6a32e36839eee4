#pragma once
// Everything the dot pass needs for one face on one frame, as plain data:
// made by make_preview_scene() (engine/preview), drawn by Renderer.

#include <memory>

#include <opencv2/core/mat.hpp>

#include "engine/design/hairline_shape.h"
#include "engine/geom/dot_field.h"
#include "engine/geom/projection.h"
#include "engine/render/dot_style.h"

namespace hairline {

struct DotScene {
    FaceProjection projection;
    HairlineBoundary boundary;
    DotStyle style;
    std::shared_ptr<const DotField> field;  // the dots to choose from (sorted by rank); null: none
    cv::Mat head_mask;  // optional CV_8UC1, frame size: where dots may go (255) from image cues
};

}  // namespace hairline
