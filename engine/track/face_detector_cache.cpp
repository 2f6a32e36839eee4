#include "engine/track/face_detector_cache.h"

#include <array>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <dlib/revision.h>

#include "engine/core/hash.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"

namespace hairline {
namespace {

constexpr std::array<char, 8> kMagic{'H', 'L', 'F', 'D', 'C', 'A', 'C', 'H'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::int64_t kMaxCacheBytes = std::int64_t{8} << 20;  // the detector is about 155 kB
constexpr std::size_t kHeaderBytes = kMagic.size() + sizeof(std::uint32_t) + 2 * sizeof(std::uint64_t);

// The detector's bytes when the file is one of ours, whole.
std::optional<std::span<const std::uint8_t>> payload_of(std::span<const std::uint8_t> file) {
    if (file.size() < kHeaderBytes) return std::nullopt;
    std::array<char, 8> magic{};
    std::uint32_t version = 0;
    std::uint64_t size = 0, check = 0;
    std::size_t at = 0;
    auto take = [&](void* dst, std::size_t n) {
        std::memcpy(dst, file.data() + at, n);
        at += n;
    };
    take(magic.data(), magic.size());
    take(&version, sizeof version);
    take(&size, sizeof size);
    take(&check, sizeof check);
    if (magic != kMagic || version != kFormatVersion || size != file.size() - kHeaderBytes) return std::nullopt;
    const auto payload = file.subspan(kHeaderBytes);
    if (fnv1a64(payload) != check) return std::nullopt;
    return payload;
}

std::vector<std::uint8_t> file_of(const std::vector<std::uint8_t>& payload) {
    std::vector<std::uint8_t> file(kHeaderBytes);
    const std::uint64_t size = payload.size(), check = fnv1a64(payload);
    std::size_t at = 0;
    auto put = [&](const void* src, std::size_t n) {
        std::memcpy(file.data() + at, src, n);
        at += n;
    };
    put(kMagic.data(), kMagic.size());
    put(&kFormatVersion, sizeof kFormatVersion);
    put(&size, sizeof size);
    put(&check, sizeof check);
    file.insert(file.end(), payload.begin(), payload.end());
    return file;
}

}  // namespace

std::filesystem::path face_detector_cache_path(const std::filesystem::path& cache_dir) {
    return cache_dir / ("face-detector-dlib-" + std::to_string(DLIB_MAJOR_VERSION) + "." +
                        std::to_string(DLIB_MINOR_VERSION) + "." + std::to_string(DLIB_PATCH_VERSION) + ".bin");
}

std::unique_ptr<FaceDetector> make_face_detector_cached(const std::filesystem::path& cache_dir) {
    const std::filesystem::path cache = face_detector_cache_path(cache_dir);
    // A missing or oversized cache file is simply not used.
    if (const auto file = read_local_file(cache.string(), kMaxCacheBytes, kMaxCacheBytes))
        if (const auto payload = payload_of(file->bytes))
            if (auto detector = FaceDetector::deserialized(*payload)) return std::make_unique<FaceDetector>(std::move(*detector));
    auto detector = std::make_unique<FaceDetector>();
    // Best effort: a cache that cannot be written only costs the next start time.
    if (make_private_dirs(cache_dir)) (void)save_file_atomic(cache, file_of(detector->serialized()), {.overwrite = true});
    return detector;
}

}  // namespace hairline
