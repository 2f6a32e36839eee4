#include "app/cli/cli_consultation.h"

#include <chrono>
#include <cstdio>

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "engine/io/atomic_file.h"
#include "engine/io/image_loader.h"
#include "engine/preview/headless_preview.h"
#include "engine/session/consultation_sheet.h"
#include "engine/track/photo_face.h"

namespace hairline::app {

void add_consultation_command(CLI::App& app, ConsultationArgs& args) {
    CLI::App* cmd = app.add_subcommand("consultation", "Consultation sheet of a photo: one A4 page as PDF or PNG");
    cmd->add_option("input", args.input, "Photo (JPEG, PNG, HEIC, WebP, TIFF...)")->required();
    cmd->add_option("-o,--output", args.output, "Output sheet: .pdf (vector text, for printing) or .png")->required();
    cmd->add_option("--client", args.client, "Client's name or ID, printed on the sheet (any script)");
    cmd->add_option("--notes", args.notes, "Notes printed on the sheet");
    add_design_options(*cmd, args.design);
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    add_max_pixels_option(*cmd, args.max_pixels);
    cmd->add_flag("--overwrite", args.overwrite, "Replace the output if it exists");
}

int run_consultation(const ConsultationArgs& args) {
    auto design = resolve_design(args.design);
    if (!design) return report_error("consultation", design.error());
    if (auto ok = check_output_path(args.output, args.overwrite); !ok) return report_error("consultation", ok.error());
    // Refused before the slow work: the sheet's format comes from the name.
    if (auto format = check_sheet_output_name(args.output); !format)
        return report_error("consultation", format.error());
    ImageLimits limits;
    limits.max_pixels = args.max_pixels;
    auto photo = load_image(args.input, limits);
    if (!photo) return report_error("consultation", photo.error());
    auto models = load_face_models(args.model);
    if (!models) return report_error("consultation", models.error());
    auto face = find_largest_face(*photo, *models->detector, *models->predictor, args.input);
    if (!face) return report_error("consultation", face.error());
    auto renderer = HeadlessPreview::create();
    if (!renderer) return report_error("consultation", renderer.error());
    auto preview = render_photo_preview(**renderer, *photo, face->landmarks, *design, ImageOptions{}, face->others);
    if (!preview) return report_error("consultation", preview.error());

    const SheetInput sheet =
        sheet_input(*photo, preview->image, preview->record, args.client, args.notes, std::chrono::system_clock::now());
    auto bytes = consultation_sheet_file(sheet, args.output);
    if (!bytes) return report_error("consultation", bytes.error());
    if (auto saved = save_file_atomic(args.output, *bytes, {args.overwrite}); !saved)
        return report_error("consultation", saved.error());
    for (const auto& notice : preview->record.notices)
        std::fprintf(stderr, "hairline consultation: note: %s\n", one_line(notice).c_str());
    std::printf("%s\n", args.output.c_str());
    return 0;
}

}  // namespace hairline::app
