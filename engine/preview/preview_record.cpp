#include "engine/preview/preview_record.h"

#include <cstdio>

#include <glm/gtc/constants.hpp>
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
            {"pixels", tone->pixels},
            {"confidence", tone->confidence},
            // The light taken out first (scene white, linear B, G, R gains).
            {"light_gains_bgr", {tone->gain[0], tone->gain[1], tone->gain[2]}}};
}

// The hairline's verdicts with the ranges they were judged by.
nlohmann::json guidelines_json(const HairlineMeasures& m) {
    return {{"hairline_height_mm", {kHeightGuidelineMm.low, kHeightGuidelineMm.high}},
            {"hairline_height", std::string(verdict_name(m.height))},
            {"density_per_cm2", {kDensityGuidelinePerCm2.low, kDensityGuidelinePerCm2.high}},
            {"density", std::string(verdict_name(m.density))},
            {"temples_on_canthus_line", m.corners_on_temple_line},
            {"temples_recede", m.corners_recede}};
}

}  // namespace

PreviewRecord make_preview_record(const Design& design, const FrameFacts& facts, const PreviewScene& scene) {
    PreviewRecord record;
    record.image_width = facts.bgr.cols;
    record.image_height = facts.bgr.rows;
    record.design = design;
    record.skin_tone = facts.skin_tone;
    record.pigment_used = scene.pigment_used;
    record.camera_look = facts.camera_look;
    record.head_mask = !facts.head_mask.empty();
    record.scalp_fit = facts.scalp_fit;
    record.hairline_visible = scene.hairline_visible;
    record.notices = scene.notices;
    record.hair_used = scene.hair_used;
    record.scalp_hair_fraction = facts.scalp_hair_fraction;
    record.designed_hair_fraction = scene.designed_hair_fraction;
    record.hairline = scene.hairline;
    record.designed_cover = scene.designed_cover;
    record.hair_reason = scene.hair_reason;
    if (facts.face) record.fit = facts.face->fit;
    if (scene.dots) record.dots = count_drawn_dots(*scene.dots);
    if (facts.face && record.dots.drawn == 0) {
        record.notices.push_back("no dot of the design falls on the head in this picture");
    } else if (facts.face && record.dots.area_cm2 < kLittleScalpCm2 && record.hairline_visible >= 0.5) {
        char text[160];
        std::snprintf(text, sizeof text,
                      "only %.0f cm² of scalp above the hairline shows at this angle: a view from higher up shows the design better",
                      record.dots.area_cm2);
        record.notices.emplace_back(text);
    }
    return record;
}

nlohmann::json preview_record_json(const PreviewRecord& r) {
    nlohmann::json j = {
        {"version", kPreviewRecordVersion},
        {"image", {{"width", r.image_width}, {"height", r.image_height}}},
        {"ipd_mm", r.design.ipd_mm},
        {"hairline_height_mm", r.hairline.height_mm},
        {"temple_recession_mm", r.hairline.temple_recession_mm},
        {"guidelines", guidelines_json(r.hairline)},
        {"density_per_cm2", r.design.density_per_cm2},
        {"skin_tone", skin_tone_json(r.skin_tone)},
        {"pigment", pigment_to_string(r.design.pigment)},
        {"pigment_used", pigment_to_string(r.pigment_used)},
        {"design", design_to_json_value(r.design)},
        {"notices", r.notices},
        {"hair", {{"mode", std::string(hair_mode_name(r.design.hair))},
                  {"used", std::string(hair_mode_name(r.hair_used))},
                  {"scalp_hair_fraction", r.scalp_hair_fraction},
                  {"designed_hair_fraction", r.designed_hair_fraction},
                  // The designed scalp's grid points the picture shows on the head, and what they are on.
                  {"designed_points", {{"seen", r.designed_cover.seen},
                                       {"on_skin", r.designed_cover.skin},
                                       {"on_hair", r.designed_cover.hair}}},
                  {"auto_shaves_from", {{"hair_share", kAutoShaveHairShare},
                                        {"seen_share", kAutoShaveSeenShare},
                                        {"hair_points", kAutoShaveMinHairPoints}}},
                  {"reason", r.hair_reason}}},
        {"camera", {{"blur_px", r.camera_look.blur_px}, {"noise_level", r.camera_look.noise_level},
                    {"edges", r.camera_look.edges}}},
    };
    if (r.faces_found > 0) j["faces_found"] = r.faces_found;
    if (r.fit) {
        const FaceFit& fit = *r.fit;
        j["iod_px"] = fit.iod_px;
        j["mm_per_px"] = fit.mm_per_px;
        j["pose_deg"] = {{"yaw", fit.angles.yaw_deg}, {"pitch", fit.angles.pitch_deg}, {"roll", fit.angles.roll_deg}};
        j["glabella_px"] = {fit.glabella_px.x, fit.glabella_px.y};
        j["head_half_width_mm"] = fit.head.half_width_mm;
        j["hairline_height_projected_mm"] = r.hairline.projected_height_mm.value_or(0.0);
        j["scalp_area_cm2"] = r.dots.area_cm2;
        j["dots_drawn"] = r.dots.drawn;
        j["hairline_visible"] = r.hairline_visible;
        j["head_outline"] = {{"used", r.head_mask},
                             {"scalp_fitted", r.scalp_fit.fitted},
                             {"scalp_tilt_deg", r.scalp_fit.tilt_rad * 180.0 / glm::pi<double>()},
                             {"scalp_scale", r.scalp_fit.scale},
                             {"scalp_width_scale", r.scalp_fit.width_scale},
                             {"scalp_yaw_deg", r.scalp_fit.yaw_rad * 180.0 / glm::pi<double>()},
                             {"outline_bare", r.scalp_fit.bare},
                             {"outline_rays", r.scalp_fit.rays},
                             {"outline_mismatch_px", r.scalp_fit.mismatch_px}};
    }
    return j;
}

}  // namespace hairline
