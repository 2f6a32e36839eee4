#pragma once
// A cache of the parsed landmark model (landmark_model.h) in the user's
// cache folder. dlib's portable serialisation of the packaged 99 MB model
// takes about half a second to parse on every start; the parsed arrays, as
// prediction reads them, take a few tens of milliseconds to read back.
//
// A cache file names the model file it was made from (its absolute path,
// size and modification time) and is used only for that file, and only
// when its checksum matches and every count and index in it is consistent
// (a damaged or foreign file is parsed afresh, never trusted). Derived from the model alone:
// nothing personal. Written atomically, 0600 in a 0700 folder.

#include <filesystem>
#include <memory>
#include <optional>

#include "engine/track/landmark_predictor.h"

namespace hairline {

// The cache file for a model (one per model path), in `cache_dir`.
std::filesystem::path landmark_cache_path(const std::filesystem::path& model, const std::filesystem::path& cache_dir);

// What LandmarkPredictor::load(model) gives, through the cache: read from it
// when it matches the model file, else loaded from the model and written to
// it (a cache that cannot be written is skipped; the model still loads).
// ensures: the same errors as LandmarkPredictor::load for a bad model file
// cost:    about 30 ms from a matching cache (99 MB model); load() + ~50 ms otherwise
Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor_cached(const std::filesystem::path& model,
                                                                               const std::filesystem::path& cache_dir);

}  // namespace hairline
