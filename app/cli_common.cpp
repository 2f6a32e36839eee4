#include "app/cli_common.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <future>

#include "engine/design/design_json.h"
#include "engine/track/model_locator.h"

namespace hairline::app {

void add_design_options(CLI::App& command, DesignArgs& args) {
    command.add_option("--design", args.design_file, "Design JSON file (see docs/design.md)");
    command.add_option("--set", args.assignments, "Override one design value, KEY=VALUE (repeatable)")
        ->type_name("KEY=VALUE");
}

Result<Design> resolve_design(const DesignArgs& args) {
    Design design;
    if (args.design_file) {
        auto loaded = load_design_file(*args.design_file);
        if (!loaded) return loaded.error();
        design = *loaded;
    }
    for (const auto& assignment : args.assignments)
        if (auto applied = set_design_value(design, assignment); !applied) return applied.error();
    if (auto valid = validate_design(design, "design"); !valid) return valid.error();
    return design;
}

void add_max_pixels_option(CLI::App& command, std::int64_t& max_pixels) {
    command.add_option("--max-pixels", max_pixels, "Refuse images and video frames larger than this (pixels)")
        ->check(CLI::Range(static_cast<std::int64_t>(1), static_cast<std::int64_t>(1) << 30))
        ->capture_default_str();
}

Result<FaceModels> load_face_models(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    auto detector = std::async(std::launch::async, [] { return std::make_unique<FaceDetector>(); });
    auto predictor = LandmarkPredictor::load(*located);
    FaceModels models;
    models.detector = detector.get();
    if (!predictor) return predictor.error();
    models.predictor = std::move(*predictor);
    return models;
}

Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor(const std::optional<std::string>& model_path) {
    auto located = locate_landmark_model(default_model_search(model_path));
    if (!located) return located.error();
    return LandmarkPredictor::load(*located);
}

std::string one_line(std::string_view text, std::size_t max_chars) {
    std::string out;
    out.reserve(std::min(text.size(), max_chars));
    for (const char c : text) {
        if (out.size() >= max_chars) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

int report_error(std::string_view command, const Error& error) {
    std::fprintf(stderr, "hairline %.*s: %s\n", static_cast<int>(command.size()), command.data(),
                 one_line(error.message()).c_str());
    return static_cast<int>(error.kind);
}

Status check_output_path(const std::string& path, bool overwrite) {
    if (path.empty()) return bad_input("-o", "empty output path");
    const std::filesystem::path target(path);
    const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return bad_input(path, "output folder " + folder.string() + " does not exist");
    if (::lstat(target.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return bad_input(path, "is a folder; give a file name");
        if (!overwrite) return bad_input(path, "already exists; not overwriting it (use --overwrite to replace it)");
    }
    return ok_status();
}

}  // namespace hairline::app
