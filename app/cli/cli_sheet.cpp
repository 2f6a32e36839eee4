// hairline sheet PHOTO -o SHEET.png [--design F] [--set K=V]... [--zoom N]
// A contact sheet of one photo: before, every preset (with its line and
// measures drawn), sessions 1-3, fading over 0/3/5 years and healing, each a
// close-up of the head with a caption. The photo is enlarged (--zoom) before
// rendering so single dots can be seen.

#include "app/cli/cli_sheet.h"

#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "app/shared/options.h"
#include "engine/io/atomic_file.h"
#include "engine/io/image_loader.h"
#include "engine/preview/face_crop.h"
#include "engine/preview/headless_preview.h"
#include "engine/preview/preview_session.h"
#include "engine/track/photo_face.h"

namespace hairline::app {
namespace {

struct Variant {
    std::string caption;
    std::optional<Design> design;  // nullopt: the photo as it is
    bool guides = false;           // draw the designed line and the measures
};

std::vector<Variant> sheet_variants(const Design& base) {
    std::vector<Variant> out{{"before", std::nullopt}};
    for (Preset p : kAllPresets) {
        Design d = base;
        d.preset = p;
        d.control_points.clear();
        out.push_back({"preset: " + std::string(preset_name(p)), d, true});
    }
    for (int s = 1; s <= 3; ++s) {
        Design d = base;
        d.sessions = s;
        out.push_back({"session " + std::to_string(s) + " of 3", d});
    }
    for (double years : {0.0, 3.0, 5.0}) {
        Design d = base;
        d.fade_years = years;
        out.push_back({"faded " + std::to_string(static_cast<int>(years)) + " years", d});
    }
    Design healing = base;
    healing.days_since_session = 1;
    out.push_back({"1 day after a session", healing});
    return out;
}

cv::Mat caption_tile(const cv::Mat& image, const cv::Rect& crop, const std::string& caption, int width) {
    cv::Mat tile;
    const cv::Rect inside = crop & cv::Rect(0, 0, image.cols, image.rows);
    cv::Mat region(crop.size(), image.type(), cv::Scalar(32, 32, 32));
    image(inside).copyTo(region(inside - crop.tl()));
    cv::resize(region, tile, cv::Size(width, width * crop.height / crop.width), 0, 0, cv::INTER_AREA);
    cv::Mat bar(30, tile.cols, tile.type(), cv::Scalar(24, 24, 24));
    cv::putText(bar, caption, cv::Point(8, 21), cv::FONT_HERSHEY_SIMPLEX, 0.55, cv::Scalar(235, 235, 235), 1,
                cv::LINE_AA);
    cv::Mat out;
    cv::vconcat(tile, bar, out);
    return out;
}

}  // namespace

void add_sheet_command(CLI::App& app, SheetArgs& args) {
    CLI::App* cmd = app.add_subcommand("sheet", "Contact sheet: presets, sessions and fading on one photo");
    cmd->add_option("input", args.input, "Photo (JPEG, PNG, BMP, WebP, TIFF)")->required();
    cmd->add_option("-o,--output", args.output, "Output PNG")->required();
    add_design_options(*cmd, args.design);
    cmd->add_option("--zoom", args.zoom, "Enlarge the photo this much before rendering (1-4, default 3)")
        ->check(CLI::Range(1.0, 4.0));
    cmd->add_option("--model", args.model, "68-point dlib shape predictor (.dat)");
    add_max_pixels_option(*cmd, args.max_pixels);
    cmd->add_flag("--overwrite", args.overwrite, "Replace the output if it exists");
}

int run_sheet(const SheetArgs& args) {
    auto design = resolve_design(args.design);
    if (!design) return report_error("sheet", design.error());
    if (auto ok = check_output_path(args.output, args.overwrite); !ok) return report_error("sheet", ok.error());
    auto loaded = load_image(args.input, ImageLimits{args.max_pixels});
    if (!loaded) return report_error("sheet", loaded.error());
    auto models = load_face_models(args.model);
    if (!models) return report_error("sheet", models.error());

    cv::Mat photo;
    cv::resize(*loaded, photo, cv::Size(), args.zoom, args.zoom, cv::INTER_CUBIC);
    auto face = find_largest_face(photo, *models->detector, *models->predictor, args.input);
    if (!face) return report_error("sheet", face.error());
    PreviewSession session(StreamKind::Still);
    auto facts = session.update_still(photo, face->landmarks, design->ipd_mm, design->seed, face->others);
    if (!facts) return report_error("sheet", facts.error());
    const cv::Rect2d forehead = face_crop(facts->face->fit, FaceCrop::Forehead);  // the same for every tile
    const cv::Rect crop(static_cast<int>(forehead.x), static_cast<int>(forehead.y), static_cast<int>(forehead.width),
                        static_cast<int>(forehead.height));

    auto preview = HeadlessPreview::create();
    if (!preview) return report_error("sheet", preview.error());
    std::vector<cv::Mat> tiles;
    for (const Variant& v : sheet_variants(*design)) {
        cv::Mat image = photo;
        if (v.design) {
            ImageOptions options;
            options.guides = v.guides;
            auto rendered = (*preview)->render(*facts, make_preview_scene(*v.design, *facts), options);
            if (!rendered) return report_error("sheet", rendered.error());
            image = std::move(*rendered);
        }
        tiles.push_back(caption_tile(image, crop, v.caption, 360));
    }
    constexpr int kColumns = 4;
    std::vector<cv::Mat> rows;
    for (std::size_t i = 0; i < tiles.size(); i += kColumns) {
        std::vector<cv::Mat> row(tiles.begin() + static_cast<std::ptrdiff_t>(i),
                                 tiles.begin() + static_cast<std::ptrdiff_t>(std::min(i + kColumns, tiles.size())));
        while (row.size() < kColumns) row.push_back(cv::Mat(tiles[0].size(), tiles[0].type(), cv::Scalar(24, 24, 24)));
        cv::Mat joined;
        cv::hconcat(row, joined);
        rows.push_back(joined);
    }
    cv::Mat sheet;
    cv::vconcat(rows, sheet);
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", sheet, png)) return report_error("sheet", runtime_error(args.output, "PNG encoding failed"));
    if (auto saved = save_file_atomic(args.output, png, {args.overwrite}); !saved)
        return report_error("sheet", saved.error());
    std::printf("%s\n", args.output.c_str());
    return 0;
}

}  // namespace hairline::app
