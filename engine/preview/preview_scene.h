#pragma once
// A design on one frame: what the renderer draws and what the hairline's
// measures are. Pure functions of plain data (no GL, no images read), cheap
// enough to call per design per frame (the live app draws A and B).

#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>

#include "engine/design/design.h"
#include "engine/design/hairline_measures.h"
#include "engine/preview/frame_facts.h"
#include "engine/preview/hair_decision.h"
#include "engine/render/dot_scene.h"

namespace hairline {

inline constexpr int kHairlinePolylinePoints = 33;

// The design's hairline curve is built once per scene; the dots' boundary,
// the drawn line and the measures all come from it.
struct PreviewScene {
    std::optional<DotScene> dots;      // nullopt: nothing to draw (no face on the frame)
    Pigment pigment_used;              // the design's pigment, resolved from "auto"
    double overlay = 1.0;                 // how strongly dots and guides show (FrameFacts::overlay)
    HairMode hair_used = HairMode::AsIs;  // the design's hair, resolved from "auto" (never Auto)
    DesignedCover designed_cover;         // the designed scalp as the picture shows it: skin, hair (hair_decision.h)
    double designed_hair_fraction = 0.0;  // of its skin and hair, the share that is hair (designed_cover.hair_share())
    std::string hair_reason;              // why hair=auto chose what it did, with the figures (empty unless auto)
    cv::Mat base_bgr;                  // what the dots go on: the frame itself, or (shave) the shaved frame
    std::vector<glm::dvec2> hairline_px;  // the designed line in the image (empty without a face)
    std::optional<glm::dvec2> midline_px; // its mid-frontal point (x = 0) in the image
    // The drawn line's measures and verdicts, the only copy every view reads
    // (projected_height_mm: see projected_hairline_height_mm). Without a face,
    // the line on a typical face: its height on the midline is the same.
    HairlineMeasures hairline;
    // Share of the designed line that lies on the head as the picture
    // shows it (facing the camera, inside the frame and the head outline).
    double hairline_visible = 0.0;
    // What the practitioner must be told about this picture, in words
    // ("the hairline at 80 mm is above the visible head at this angle").
    std::vector<std::string> notices;
};

// ensures: dots when facts.face; its field is the facts'; base_bgr the
//          frame (sharing its pixels) or, for hair "shave", a shaved copy;
//          hairline measured on the line drawn (projected when facts.face).
// cost:    under a millisecond; a shaved frame copies the frame.
PreviewScene make_preview_scene(const Design& design, const FrameFacts& facts);

// The dot scene alone, for a fit and a field (tests, and make_preview_scene).
// `tone`: the client's skin (pigment "auto", the fading colour shift); a
// typical light-medium skin when unknown.
DotScene make_dot_scene(const Design& design, const FaceFit& fit, const std::optional<SkinTone>& tone,
                        std::shared_ptr<const DotField> field = nullptr);

// The blur the ink layer gets: the camera's, as measured, up to 1.5 px (what
// lenses and sensors do at a photo's own resolution); beyond that only up to
// kMaxBlurPerSpacing of the design's dot spacing. A photo softer than both
// has been enlarged (or is badly out of focus): its softness is the
// enlargement's, and the client is still shown the dots the design gives,
// not a shade the interpolation made up.
inline constexpr double kBlurAlwaysFollowedPx = 1.5;
inline constexpr double kMaxBlurPerSpacing = 0.15;
double ink_blur_px(double camera_blur_px, const Design& design, const FaceFit& fit);

// The designed hairline (smooth, without the zigzag) in image pixels, from
// the subject's right fronto-temporal corner to the left one.
std::vector<glm::dvec2> hairline_polyline_px(const Design& design, const FaceFit& fit,
                                             int count = kHairlinePolylinePoints);

// The mid-frontal point in the image, as an observer measures it: its
// distance above the glabella along the face's vertical axis (perpendicular
// to the eye line), converted to mm with the interpupillary distance; 0 when
// it is not on the scalp. make_preview_scene puts it in hairline.projected_height_mm.
double projected_hairline_height_mm(const Design& design, const FaceFit& fit);

struct DotCount {
    std::size_t drawn = 0;   // inked, facing the camera, in the frame and inside the head's outline
    double area_cm2 = 0.0;   // skin area above the hairline that is drawn, full or feathered (the same dots)
};
// cost: one pass over the field (about 1 ms for 50k dots); not per live frame.
DotCount count_drawn_dots(const DotScene& scene);

}  // namespace hairline
