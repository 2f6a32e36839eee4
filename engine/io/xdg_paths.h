#pragma once
// Where hairline keeps user files (XDG Base Directory spec): data (snapshots,
// demo previews) under $XDG_DATA_HOME/hairline, settings under
// $XDG_CONFIG_HOME/hairline, files it can rebuild (the parsed landmark
// model) under $XDG_CACHE_HOME/hairline. Relative values are ignored, as the
// spec says.

#include <filesystem>

#include "engine/core/result.h"

namespace hairline {

Result<std::filesystem::path> xdg_data_dir();    // .../hairline, not created
Result<std::filesystem::path> xdg_config_dir();  // .../hairline, not created
Result<std::filesystem::path> xdg_cache_dir();   // .../hairline, not created

}  // namespace hairline
