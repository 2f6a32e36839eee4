#include "engine/preview/preview_record.h"

#include <nlohmann/json.hpp>

#include "engine/design/design_json.h"

namespace hairline {
namespace {

nlohmann::json skin_tone_json(const std::optional<SkinTone>& tone) {
    if (!tone) return {{"estimated", false}};
    return {{"estimated", true},
            {"lab", {tone->lightness, tone->a, tone->b}},
            {"ita_deg", tone->ita_deg},
            {"fitzpatrick", std::string(fitzpatrick_roman(tone->fitzpatrick))},
            {"pixels", tone->pixels}};
}

}  // namespace

PreviewRecord make_preview_record(const Design& design, const FrameFacts& facts, const PreviewScene& scene) {
    PreviewRecord record;
    record.image_width = facts.bgr.cols;
    record.image_height = facts.bgr.rows;
    record.design = design;
    record.skin_tone = facts.skin_tone;
    record.pigment_used = scene.pigment_used;
    if (facts.face) {
        record.fit = facts.face->fit;
        record.hairline_projected_mm = scene.projected_height_mm;
    }
    if (scene.dots) record.dots = count_drawn_dots(*scene.dots);
    return record;
}

nlohmann::json preview_record_json(const PreviewRecord& r) {
    nlohmann::json j = {
        {"version", kPreviewRecordVersion},
        {"image", {{"width", r.image_width}, {"height", r.image_height}}},
        {"ipd_mm", r.design.ipd_mm},
        {"hairline_height_mm", r.design.hairline_height_mm},
        {"density_per_cm2", r.design.density_per_cm2},
        {"skin_tone", skin_tone_json(r.skin_tone)},
        {"pigment", pigment_to_string(r.design.pigment)},
        {"pigment_used", pigment_to_string(r.pigment_used)},
        {"design", design_to_json_value(r.design)},
    };
    if (r.fit) {
        const FaceFit& fit = *r.fit;
        j["iod_px"] = fit.iod_px;
        j["mm_per_px"] = fit.mm_per_px;
        j["pose_deg"] = {{"yaw", fit.angles.yaw_deg}, {"pitch", fit.angles.pitch_deg}, {"roll", fit.angles.roll_deg}};
        j["glabella_px"] = {fit.glabella_px.x, fit.glabella_px.y};
        j["head_half_width_mm"] = fit.head.half_width_mm;
        j["hairline_height_projected_mm"] = r.hairline_projected_mm;
        j["scalp_area_cm2"] = r.dots.area_cm2;
        j["dots_drawn"] = r.dots.drawn;
    }
    return j;
}

}  // namespace hairline
