#include "app/live/settings.h"

#include <nlohmann/json.hpp>

#include "engine/design/design_json.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"
#include "engine/io/xdg_paths.h"

namespace hairline::app {
namespace {

using nlohmann::json;

template <class T>
void read(const json& j, const char* key, T& out) {
    const auto it = j.find(key);
    if (it != j.end() && !it->is_null()) {
        try {
            out = it->get<T>();
        } catch (const json::exception&) {
            // a wrong type keeps the default
        }
    }
}

}  // namespace

Result<std::filesystem::path> settings_path() {
    auto dir = xdg_config_dir();
    if (!dir) return dir.error();
    return *dir / "settings.json";
}

Result<Settings> load_settings(const std::filesystem::path& path) {
    Settings s;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return s;
    auto file = read_local_file(path.string(), 1 << 20, 1 << 20);
    if (!file) return file.error();
    const json root = json::parse(file->bytes.begin(), file->bytes.end(), nullptr, false);
    if (root.is_discarded() || !root.is_object()) return bad_input(path.string(), "not valid JSON");
    int version = 0;
    read(root, "version", version);
    if (version < 1 || version > kSettingsVersion) return bad_input(path.string() + ": version", "unknown settings version");
    if (const auto w = root.find("window"); w != root.end() && w->is_object()) {
        read(*w, "width", s.window_width);
        read(*w, "height", s.window_height);
        s.window_width = std::clamp(s.window_width, 640, 7680);
        s.window_height = std::clamp(s.window_height, 480, 4320);
    }
    if (const auto p = root.find("panels"); p != root.end() && p->is_object()) {
        read(*p, "design", s.panels.design);
        read(*p, "view", s.panels.view);
        read(*p, "client", s.panels.client);
        read(*p, "snapshots", s.panels.snapshots);
    }
    if (const auto v = root.find("view"); v != root.end() && v->is_object()) {
        read(*v, "mirror", s.view.mirror);
        read(*v, "overlay", s.view.overlay);
        read(*v, "follow_face", s.view.follow_face);
        read(*v, "guide_hairline", s.view.guide_hairline);
        read(*v, "guide_thirds", s.view.guide_thirds);
        read(*v, "guide_rule", s.view.guide_rule);
        read(*v, "guide_temples", s.view.guide_temples);
        read(*v, "guide_ruler", s.view.guide_ruler);
        read(*v, "save_mirrored", s.view.save_mirrored);
    }
    if (const auto t = root.find("theme"); t != root.end() && t->is_string()) s.light_theme = *t == "light";
    if (const auto d = root.find("design"); d != root.end() && d->is_object()) {
        auto design = design_from_json(d->dump(), path.string() + ": design");
        if (!design) return design.error();
        s.design = *design;
    }
    return s;
}

Status save_settings(const std::filesystem::path& path, const Settings& s) {
    if (auto made = make_private_dirs(path.parent_path()); !made) return made;
    const json root = {
        {"version", kSettingsVersion},
        {"window", {{"width", s.window_width}, {"height", s.window_height}}},
        {"panels", {{"design", s.panels.design}, {"view", s.panels.view}, {"client", s.panels.client},
                    {"snapshots", s.panels.snapshots}}},
        {"view", {{"mirror", s.view.mirror}, {"overlay", s.view.overlay}, {"follow_face", s.view.follow_face}, {"guide_hairline", s.view.guide_hairline},
                  {"guide_thirds", s.view.guide_thirds}, {"guide_rule", s.view.guide_rule},
                  {"guide_temples", s.view.guide_temples}, {"guide_ruler", s.view.guide_ruler},
                  {"save_mirrored", s.view.save_mirrored}}},
        {"design", design_to_json_value(s.design)},
        {"theme", s.light_theme ? "light" : "dark"},
    };
    const std::string text = root.dump(2) + "\n";
    return save_file_atomic(path, text_bytes(text), {true});
}

}  // namespace hairline::app
