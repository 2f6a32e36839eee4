#pragma once
// What a preview measured, as one plain record, and its one JSON form: used
// by `render --report`, snapshot sidecars and the consultation sheet alike.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/design/design.h"
#include "engine/preview/preview_scene.h"

namespace hairline {

// 2: "hairline_height_mm" is the drawn line's height on the midline (a
// freeform line's own, no longer the preset slider's); "temple_recession_mm"
// and "guidelines" added. Version 1 records (in older snapshot sidecars) are
// still read: client_records.cpp measures their design instead.
inline constexpr int kPreviewRecordVersion = 2;
// Below this much visible scalp above the hairline, the record says so.
inline constexpr double kLittleScalpCm2 = 15.0;

struct PreviewRecord {
    int image_width = 0;
    int image_height = 0;
    Design design;
    std::optional<FaceFit> fit;          // nullopt: no face on the frame
    HairlineMeasures hairline;           // the scene's (PreviewScene::hairline)
    DotCount dots;
    std::optional<SkinTone> skin_tone;
    Pigment pigment_used;
    CameraLook camera_look;              // the blur and grain the ink layer was given
    bool head_mask = false;              // the image's head outline was used
    ScalpFit scalp_fit;
    double hairline_visible = 0.0;       // share of the designed line the picture shows
    HairMode hair_used = HairMode::AsIs; // design.hair resolved (auto -> shave or as_is)
    double scalp_hair_fraction = 0.0;    // of the head above the brows, the share that is hair
    double designed_hair_fraction = 0.0; // of the designed scalp's skin and hair the picture shows, the share that is hair
    DesignedCover designed_cover;        // the figures hair=auto read (hair_decision.h)
    std::string hair_reason;             // why auto chose as it did (empty unless hair=auto)
    std::vector<std::string> notices;    // what the practitioner must be told (PreviewScene::notices)
    int faces_found = 0;                 // faces in the photo, the client's among them (0: not a photo, or not known)
};

// requires: scene made for this design on these facts
// cost: count_drawn_dots (about 1 ms); call when a record is saved, not per live frame.
PreviewRecord make_preview_record(const Design& design, const FrameFacts& facts, const PreviewScene& scene);

// {"version", "image", "iod_px", "ipd_mm", "mm_per_px", "pose_deg", "glabella_px",
//  "head_half_width_mm", "hairline_height_mm", "hairline_height_projected_mm",
//  "temple_recession_mm", "guidelines", "scalp_area_cm2", "dots_drawn",
//  "density_per_cm2", "skin_tone", "pigment", "pigment_used", "camera",
//  "design"}; the face's keys only when there is a face; "faces_found" only
//  for a photo. The hairline's
// figures are record.hairline's, never the design's slider.
nlohmann::json preview_record_json(const PreviewRecord& record);

}  // namespace hairline
