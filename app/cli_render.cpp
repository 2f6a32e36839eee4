// hairline render INPUT -o OUT.png [--design F] [--set K=V]... [--compare none|side]
//                [--model PATH] [--overwrite]
// Photo in, SMP preview out: frame -> face -> landmarks -> pose -> hairline -> pixels.

#include "app/cli_render.h"

#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "app/cli_common.h"
#include "engine/design/design_json.h"
#include "engine/geom/dot_field.h"
#include "engine/gl/egl_context.h"
#include "engine/io/atomic_file.h"
#include "engine/io/image_loader.h"
#include "engine/render/guides.h"
#include "engine/render/head_mask.h"
#include "engine/render/renderer.h"
#include "engine/render/smp_scene.h"
#include "engine/track/face_fit.h"
#include "engine/track/photo_face.h"

namespace hairline::app {

void add_render_command(CLI::App& app, RenderArgs& args) {
    CLI::App* cmd = app.add_subcommand("render", "Render an SMP preview of a photo to a PNG");
    cmd->add_option("input", args.input, "Photo (JPEG, PNG, BMP, WebP, TIFF)")->required();
    cmd->add_option("-o,--output", args.output, "Output PNG")->required();
    add_design_options(*cmd, args.design);
    cmd->add_option("--compare", args.compare, "none: the preview; side: before | after")
        ->check(CLI::IsMember({"none", "side"}));
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    cmd->add_flag("--overwrite", args.overwrite, "Replace OUT.png (and the report) if it exists");
    cmd->add_option("--report", args.report, "Write what was measured to a JSON file");
    cmd->add_flag("--guides", args.guides, "Draw the designed hairline, temple lines, height and facial thirds");
}

Result<Preview> render_preview(const cv::Mat& photo, const Landmarks& landmarks, const Design& design,
                               std::string_view compare, bool guides) {
    const CameraIntrinsics camera = photo_intrinsics(photo.cols, photo.rows, glabella(landmarks));
    auto fit = fit_face(landmarks, camera, design.ipd_mm);
    if (!fit) return fit.error();
    const DotField field = generate_dot_field(ScalpChart(fit->head), design.seed);

    const std::optional<SkinTone> tone = estimate_skin_tone(photo, landmarks);
    DotScene scene = make_dot_scene(design, *fit, tone);
    const auto mask = estimate_head_mask(photo, landmarks, *fit);
    if (mask) scene.head_mask = mask->alpha;

    auto context = gl::HeadlessContext::create();
    if (!context) return context.error();
    Preview preview;
    {
        // GL objects die before the context does.
        auto renderer = Renderer::create();
        if (!renderer) return renderer.error();
        renderer->set_dot_field(field);
        renderer->render(photo, scene);
        preview.image = renderer->read_bgr();
    }
    if (guides) draw_guides(preview.image, make_guides(design, *fit, landmarks));
    if (compare == "side") cv::hconcat(photo, preview.image.clone(), preview.image);
    preview.fit = *fit;
    preview.projected_height_mm = projected_hairline_height_mm(design, *fit);
    preview.dots = count_drawn_dots(field, scene);
    preview.skin_tone = tone;
    preview.pigment = resolve_pigment(design.pigment, tone);
    return preview;
}

namespace {

nlohmann::json skin_tone_json(const std::optional<SkinTone>& tone) {
    if (!tone) return {{"estimated", false}};
    return {{"estimated", true},
            {"lab", {tone->lightness, tone->a, tone->b}},
            {"ita_deg", tone->ita_deg},
            {"fitzpatrick", std::string(fitzpatrick_roman(tone->fitzpatrick))},
            {"pixels", tone->pixels}};
}

nlohmann::json report_json(const Preview& preview, const Design& design, const cv::Mat& photo, int faces_found) {
    const FaceFit& fit = preview.fit;
    return {
        {"version", 1},
        {"image", {{"width", photo.cols}, {"height", photo.rows}}},
        {"faces_found", faces_found},
        {"iod_px", fit.iod_px},
        {"ipd_mm", design.ipd_mm},
        {"mm_per_px", fit.mm_per_px},
        {"pose_deg", {{"yaw", fit.angles.yaw_deg}, {"pitch", fit.angles.pitch_deg}, {"roll", fit.angles.roll_deg}}},
        {"hairline_height_mm", design.hairline_height_mm},
        {"hairline_height_projected_mm", preview.projected_height_mm},
        {"glabella_px", {fit.glabella_px.x, fit.glabella_px.y}},
        {"head_half_width_mm", fit.head.half_width_mm},
        {"scalp_area_cm2", preview.dots.area_cm2},
        {"dots_drawn", preview.dots.drawn},
        {"density_per_cm2", design.density_per_cm2},
        {"skin_tone", skin_tone_json(preview.skin_tone)},
        {"pigment", pigment_to_string(design.pigment)},
        {"pigment_used", pigment_to_string(preview.pigment)},
        {"design", design_to_json_value(design)},
    };
}

}  // namespace

int run_render(const RenderArgs& args) {
    auto design = resolve_design(args.design);
    if (!design) return report_error("render", design.error());
    if (auto ok = check_output_path(args.output, args.overwrite); !ok) return report_error("render", ok.error());
    if (args.report)
        if (auto ok = check_output_path(*args.report, args.overwrite); !ok) return report_error("render", ok.error());
    auto photo = load_image(args.input);
    if (!photo) return report_error("render", photo.error());
    auto models = load_face_models(args.model);
    if (!models) return report_error("render", models.error());

    auto face = find_largest_face(*photo, *models->detector, *models->predictor, args.input);
    if (!face) return report_error("render", face.error());
    auto preview = render_preview(*photo, face->landmarks, *design, args.compare, args.guides);
    if (!preview) return report_error("render", preview.error());

    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", preview->image, png))
        return report_error("render", runtime_error(args.output, "PNG encoding failed"));
    if (args.report) {
        const std::string text = report_json(*preview, *design, *photo, face->faces_found).dump(2) + "\n";
        const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        if (auto saved = save_file_atomic(*args.report, bytes, {args.overwrite}); !saved)
            return report_error("render", saved.error());
    }
    if (auto saved = save_file_atomic(args.output, png, {args.overwrite}); !saved)
        return report_error("render", saved.error());
    std::printf("%s\n", args.output.c_str());
    return 0;
}

}  // namespace hairline::app
