#pragma once
// The live app's settings (window size, panels, view options, the last
// design), kept in $XDG_CONFIG_HOME/hairline/settings.json. Client data is
// never stored here.

#include <filesystem>

#include "app/live/live_state.h"
#include "engine/core/result.h"

namespace hairline::app {

inline constexpr int kSettingsVersion = 1;

struct Settings {
    int window_width = 1280;
    int window_height = 800;
    PanelVisibility panels;
    ViewOptions view;
    Design design;
    bool light_theme = false;  // "theme": "light" | "dark" (files without it: dark)
};

Result<std::filesystem::path> settings_path();
// A missing file gives the defaults; a damaged or newer one is an error
// (the caller starts from defaults and says so).
Result<Settings> load_settings(const std::filesystem::path& path);
Status save_settings(const std::filesystem::path& path, const Settings& settings);

}  // namespace hairline::app
