#include "app/shared/options.h"

#include <sys/stat.h>

#include <filesystem>

#include "engine/design/design_json.h"

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
