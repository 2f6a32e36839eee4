#include "engine/io/xdg_paths.h"

#include <cstdlib>
#include <string>

namespace hairline {
namespace {

Result<std::filesystem::path> xdg_dir(const char* variable, const char* fallback_under_home) {
    if (const char* value = std::getenv(variable); value != nullptr && value[0] == '/')
        return std::filesystem::path(value) / "hairline";
    const char* home = std::getenv("HOME");
    if (home == nullptr || home[0] != '/')
        return runtime_error(variable, std::string("unset and HOME is not an absolute path"));
    return std::filesystem::path(home) / fallback_under_home / "hairline";
}

}  // namespace

Result<std::filesystem::path> xdg_data_dir() { return xdg_dir("XDG_DATA_HOME", ".local/share"); }
Result<std::filesystem::path> xdg_config_dir() { return xdg_dir("XDG_CONFIG_HOME", ".config"); }
Result<std::filesystem::path> xdg_cache_dir() { return xdg_dir("XDG_CACHE_HOME", ".cache"); }

}  // namespace hairline
