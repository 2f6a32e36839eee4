#include "engine/track/model_locator.h"

#include <cstdlib>

#include "engine/io/local_file.h"

#ifndef HAIRLINE_SOURCE_DIR
#define HAIRLINE_SOURCE_DIR ""
#endif

namespace hairline {
namespace {

constexpr const char* kHowToGet =
    "install the Debian package libdlib-data (apt-get install libdlib-data) or pass --model PATH "
    "to a 68-point dlib shape predictor";

}  // namespace

ModelSearch default_model_search(const std::optional<std::string>& cli_path) {
    ModelSearch search;
    search.cli_path = cli_path;
    if (const char* env = std::getenv("HAIRLINE_MODEL"); env != nullptr && *env != '\0') search.env_path = env;
    search.model_folders.emplace_back("models");
    if (const std::string source = HAIRLINE_SOURCE_DIR; !source.empty())
        search.model_folders.emplace_back(std::filesystem::path(source) / "models");
    return search;
}

Result<std::filesystem::path> locate_landmark_model(const ModelSearch& search) {
    if (search.cli_path) {
        if (auto ok = check_local_regular_file(*search.cli_path); !ok)
            return bad_input("--model " + *search.cli_path, ok.error().what + "; " + kHowToGet);
        return std::filesystem::path(*search.cli_path);
    }
    if (search.env_path) {
        if (auto ok = check_local_regular_file(*search.env_path); !ok)
            return bad_input("HAIRLINE_MODEL=" + *search.env_path, ok.error().what + "; " + kHowToGet);
        return std::filesystem::path(*search.env_path);
    }
    for (const auto& folder : search.model_folders) {
        const auto candidate = folder / kModelFileName;
        if (check_local_regular_file(candidate.string())) return candidate;
    }
    if (check_local_regular_file(search.system_path.string())) return search.system_path;
    return bad_input("landmark model", std::string("not found; ") + kHowToGet);
}

}  // namespace hairline
