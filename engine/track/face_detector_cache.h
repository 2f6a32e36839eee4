#pragma once
// A cache of dlib's frontal face detector in the user's cache folder: dlib
// decodes its embedded detector (entropy-coded) in about a quarter of a
// second on every start; its plain serialisation reads back in a few
// milliseconds. One file per dlib version, with a checksum of its contents;
// a file that does not check out is rebuilt, never used. Derived from dlib
// alone: nothing personal. Written atomically, 0600 in a 0700 folder.

#include <filesystem>
#include <memory>

#include "engine/track/face_detector.h"

namespace hairline {

std::filesystem::path face_detector_cache_path(const std::filesystem::path& cache_dir);

// The detector FaceDetector() builds, through the cache (a cache that cannot
// be written is skipped).
// cost: a few ms from the cache; FaceDetector() + a few ms otherwise
std::unique_ptr<FaceDetector> make_face_detector_cached(const std::filesystem::path& cache_dir);

}  // namespace hairline
