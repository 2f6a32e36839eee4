#pragma once
// The head as the camera sees it, per pixel of a crop: where the shaved
// skull is, its outward normal and where on its skin each pixel lies (mm),
// from the fitted 3D scalp model (head_model.h) placed by the face's pose;
// and the face's own normals, from the generic 3D face (face_model_3d.h)
// laid on the landmarks. What the shaved preview lights, textures and
// stipples (shave.h); what the scene's light is fitted on (scene_light.h).
//
// Rendered by splatting the model's surface at a coarse working resolution
// (normals and skin positions vary slowly) and scaled up; the skull's
// outline itself is drawn at full resolution from its projected hull.
//
// Pure function of the fit and the landmarks.

#include <opencv2/core/mat.hpp>

#include "engine/geom/head_model.h"
#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct SkullView {
    cv::Rect box;         // frame pixels the crop covers
    double scale = 1.0;   // crop pixels per frame pixel
    cv::Mat skull;        // CV_8UC1 crop: 255 on the skull as seen (anti-aliased edge), 0 off it
    cv::Mat normals;      // CV_32FC3 crop: unit outward normal, camera frame (x right, y down, z away); 0 where none
    cv::Mat skin_mm;      // CV_32FC2 crop: (across, up-and-over) position on the skull's skin, mm
    cv::Mat mm_per_px;    // CV_32FC1 crop: skin mm per crop pixel (foreshortening), on the skull
    cv::Mat face;         // CV_8UC1 crop: 255 where `normals` are the face's (landmark mesh), not the skull's
};

// The shaved skull for a face: the fitted scalp model at adult proportions.
// Head breadth kBreadthPerFaceWidth of the face's width at the ears (dlib's
// jaw points 0 and 16, about the bizygomatic width): adult men measure head
// breadth about 155 mm (SD 6) against a bizygomatic width of 134-140 mm.
inline constexpr double kBreadthPerFaceWidth = 1.14;
HeadShape shaved_skull_shape(const FaceFit& fit, const Landmarks& landmarks);

// requires: box inside the frame, scale > 0; fit's projection for this frame
// ensures:  every map of box.size() * scale; skull anti-aliased over about a pixel
// cost:     about 5-15 ms (80-120 thousand surface samples)
SkullView render_skull_view(const FaceFit& fit, const HeadShape& skull, const Landmarks& landmarks, cv::Rect box,
                            double scale);

}  // namespace hairline
