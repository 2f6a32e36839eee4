#pragma once
// Practitioner's guides drawn over the preview: the designed hairline, the
// temple lines up from the lateral canthi, the measured height from the
// glabella to the mid-frontal point, and the facial thirds. Geometry is pure
// (the live app draws it with ImGui); draw_guides() paints it with OpenCV for
// the command line.

#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/preview/preview_scene.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct GuideGeometry {
    std::vector<glm::dvec2> hairline;                  // px, right temple to left
    std::pair<glm::dvec2, glm::dvec2> temple_right;    // lateral canthus -> up to the hairline's height
    std::pair<glm::dvec2, glm::dvec2> temple_left;
    std::pair<glm::dvec2, glm::dvec2> height;          // glabella -> mid-frontal point
    std::string height_label;                          // "80 mm" (along the skin, the scene's measure)
    std::vector<std::pair<glm::dvec2, glm::dvec2>> thirds;  // hairline, glabella, nose base, chin levels
    double iod_px = 60.0;                              // sets line and text size
};

// The line, its mid-frontal point and its height as the scene drew and
// measured them.
// requires: scene made on a frame with this face (hairline_px not empty)
GuideGeometry make_guides(const PreviewScene& scene, const FaceFit& fit, const Landmarks& landmarks);

// Thin light lines with a dark edge, readable on skin and hair.
void draw_guides(cv::Mat& bgr, const GuideGeometry& guides);

}  // namespace hairline
