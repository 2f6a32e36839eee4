#pragma once
// Practitioner's guides drawn over the preview: the designed hairline, the
// temple lines up from the lateral canthi, the measured height from the
// glabella to the mid-frontal point, the facial thirds, the clinical height
// band and a mm ruler up the midline. make_guides() is the one source of that
// geometry (image pixels): draw_guides() paints it with OpenCV for the command
// line, and the live app maps the same lines to the screen (guide_marks.h).

#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/preview/preview_scene.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

// A point on the scalp's midline, a given height above the glabella along the skin.
struct MidlineMark {
    double height_mm = 0;
    glm::dvec2 at_px{0, 0};
};

struct GuideGeometry {
    std::vector<glm::dvec2> hairline;                  // px, right temple to left
    std::pair<glm::dvec2, glm::dvec2> temple_right;    // lateral canthus -> up to the hairline's height
    std::pair<glm::dvec2, glm::dvec2> temple_left;
    std::pair<glm::dvec2, glm::dvec2> height;          // glabella -> mid-frontal point
    std::string height_label;                          // "80 mm" (along the skin, the scene's measure)
    std::vector<std::pair<glm::dvec2, glm::dvec2>> thirds;  // hairline, glabella, nose base, chin levels
    double iod_px = 60.0;                              // sets line and text size
    std::vector<MidlineMark> band;    // kHeightGuidelineMm's ends, where the scalp model reaches them
    std::vector<MidlineMark> ruler;   // every kRulerStepMm from the glabella up to kRulerTopMm
};

inline constexpr int kRulerStepMm = 10;
inline constexpr int kRulerTopMm = 120;   // past the highest hairline the design allows

// The line, its mid-frontal point and its height as the scene drew and
// measured them; the band and ruler on the fitted scalp model.
// requires: scene made on a frame with this face (hairline_px not empty)
GuideGeometry make_guides(const PreviewScene& scene, const FaceFit& fit, const Landmarks& landmarks);

// Thin light lines with a dark edge, readable on skin and hair.
void draw_guides(cv::Mat& bgr, const GuideGeometry& guides);

}  // namespace hairline
