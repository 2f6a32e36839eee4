#pragma once
// Finding the 68-point landmark model, in this order: --model PATH, the
// HAIRLINE_MODEL environment variable, a models/ folder (working directory,
// then the source tree this binary was built from), then Debian's
// libdlib-data path. No model file is ever downloaded or committed.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace hairline {

inline constexpr const char* kModelFileName = "shape_predictor_68_face_landmarks.dat";
inline constexpr const char* kDebianModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

struct ModelSearch {
    std::optional<std::string> cli_path;              // --model
    std::optional<std::string> env_path;              // $HAIRLINE_MODEL
    std::vector<std::filesystem::path> model_folders; // searched for kModelFileName
    std::filesystem::path system_path = kDebianModelPath;
};

// The search this build uses (reads the environment).
ModelSearch default_model_search(const std::optional<std::string>& cli_path);

// ensures: the first candidate that is a readable regular file; an explicit
//          --model or $HAIRLINE_MODEL that is not is an error (no fallback,
//          so a typo never silently uses another model). BadInput naming the
//          package and the flag when nothing is found.
Result<std::filesystem::path> locate_landmark_model(const ModelSearch& search);

}  // namespace hairline
