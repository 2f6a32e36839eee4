#include "engine/track/landmark_model_cache.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "engine/core/hash.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"
#include "engine/track/landmark_model.h"
#include "engine/track/landmarks.h"

namespace hairline {
namespace {

using Model = LandmarkPredictor::Model;

constexpr std::array<char, 8> kMagic{'H', 'L', 'L', 'M', 'C', 'A', 'C', 'H'};
constexpr std::uint32_t kFormatVersion = 1;
// Far above the packaged model's ~35 MB of parsed arrays; a larger file is not ours.
constexpr std::int64_t kMaxCacheBytes = std::int64_t{512} << 20;

// The model file a cache belongs to.
struct ModelKey {
    std::string path;  // absolute
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // file clock ticks
    bool operator==(const ModelKey&) const = default;
};

std::optional<ModelKey> key_of(const std::filesystem::path& model) {
    std::error_code ec;
    ModelKey key;
    const std::filesystem::path absolute = std::filesystem::canonical(model, ec);
    if (ec) return std::nullopt;
    key.path = absolute.string();
    key.size = std::filesystem::file_size(absolute, ec);
    if (ec) return std::nullopt;
    const auto time = std::filesystem::last_write_time(absolute, ec);
    if (ec) return std::nullopt;
    key.mtime = static_cast<std::int64_t>(time.time_since_epoch().count());
    return key;
}

// Appends plain values and arrays to the cache's bytes.
struct Writer {
    std::vector<std::uint8_t> bytes;
    void raw(const void* data, std::size_t n) {
        const auto* p = static_cast<const std::uint8_t*>(data);
        bytes.insert(bytes.end(), p, p + n);
    }
    template <typename T>
    void value(T v) { raw(&v, sizeof v); }
    template <typename T>
    void array(const std::vector<T>& v) {
        value<std::uint64_t>(v.size());
        raw(v.data(), v.size() * sizeof(T));
    }
};

// Reads them back, refusing anything that would run past the end.
struct Reader {
    std::span<const std::uint8_t> bytes;
    std::size_t at = 0;
    bool raw(void* data, std::size_t n) {
        if (n > bytes.size() - at) return false;
        std::memcpy(data, bytes.data() + at, n);
        at += n;
        return true;
    }
    template <typename T>
    bool value(T& v) { return raw(&v, sizeof v); }
    template <typename T>
    bool array(std::vector<T>& v) {
        std::uint64_t n = 0;
        if (!value(n) || n > (bytes.size() - at) / sizeof(T)) return false;
        v.resize(static_cast<std::size_t>(n));
        return raw(v.data(), v.size() * sizeof(T));
    }
};

std::vector<std::uint8_t> encode(const Model& m, const ModelKey& key) {
    Writer w;
    w.raw(kMagic.data(), kMagic.size());
    w.value(kFormatVersion);
    w.value<std::uint32_t>(sizeof(landmark_model::LeafValue));
    w.value<std::uint64_t>(key.path.size());
    w.raw(key.path.data(), key.path.size());
    w.value(key.size);
    w.value(key.mtime);
    w.value<std::int32_t>(m.landmark_count);
    w.value<std::uint64_t>(m.splits_per_tree);
    w.value<std::uint64_t>(m.leaves_per_tree);
    w.array(m.initial_shape);
    w.value<std::uint64_t>(m.cascades.size());
    for (const auto& c : m.cascades) {
        w.array(c.anchor);
        w.array(c.delta);
        w.value<std::uint64_t>(c.first_tree);
        w.value<std::uint64_t>(c.tree_count);
    }
    w.array(m.splits);
    w.array(m.leaves);
    // A checksum of all of it last: leaf values have no range to check.
    w.value(fnv1a64_words(w.bytes));
    return std::move(w.bytes);
}

// Every count and index as prediction relies on them (the checksum catches
// damage; this, a file that is consistent with itself but not a model).
bool consistent(const Model& m) {
    const std::size_t values = m.initial_shape.size();
    if (m.landmark_count != kLandmarkCount || values != 2 * kLandmarkCount || m.cascades.empty() ||
        m.splits_per_tree == 0 || m.leaves_per_tree != m.splits_per_tree + 1)
        return false;
    std::size_t trees = 0;
    for (const auto& c : m.cascades) {
        if (c.first_tree != trees || c.tree_count == 0 || c.delta.size() != 2 * c.anchor.size()) return false;
        for (const std::uint32_t a : c.anchor)
            if (a >= static_cast<std::uint32_t>(kLandmarkCount)) return false;
        trees += c.tree_count;
    }
    if (m.splits.size() / m.splits_per_tree != trees || m.splits.size() % m.splits_per_tree != 0) return false;
    if (m.leaves.size() / (m.leaves_per_tree * values) != trees || m.leaves.size() % (m.leaves_per_tree * values) != 0)
        return false;
    for (const auto& c : m.cascades)
        for (std::size_t s = c.first_tree * m.splits_per_tree; s < (c.first_tree + c.tree_count) * m.splits_per_tree; ++s)
            if (m.splits[s].feature_a >= c.anchor.size() || m.splits[s].feature_b >= c.anchor.size()) return false;
    return true;
}

std::optional<Model> decode(std::span<const std::uint8_t> file, const ModelKey& key) {
    std::uint64_t check = 0;
    if (file.size() < sizeof check) return std::nullopt;
    const auto bytes = file.first(file.size() - sizeof check);
    std::memcpy(&check, bytes.data() + bytes.size(), sizeof check);
    if (fnv1a64_words(bytes) != check) return std::nullopt;
    Reader r{bytes};
    std::array<char, 8> magic{};
    std::uint32_t version = 0, leaf_bytes = 0;
    std::uint64_t path_size = 0;
    if (!r.raw(magic.data(), magic.size()) || magic != kMagic || !r.value(version) || version != kFormatVersion ||
        !r.value(leaf_bytes) || leaf_bytes != sizeof(landmark_model::LeafValue) || !r.value(path_size) ||
        path_size > bytes.size())
        return std::nullopt;
    ModelKey made_from;
    made_from.path.resize(static_cast<std::size_t>(path_size));
    if (!r.raw(made_from.path.data(), made_from.path.size()) || !r.value(made_from.size) || !r.value(made_from.mtime) ||
        !(made_from == key))
        return std::nullopt;
    Model m;
    std::int32_t landmarks = 0;
    std::uint64_t splits_per_tree = 0, leaves_per_tree = 0, cascades = 0;
    if (!r.value(landmarks) || !r.value(splits_per_tree) || !r.value(leaves_per_tree) || !r.array(m.initial_shape) ||
        !r.value(cascades) || cascades > bytes.size())
        return std::nullopt;
    m.landmark_count = landmarks;
    m.splits_per_tree = static_cast<std::size_t>(splits_per_tree);
    m.leaves_per_tree = static_cast<std::size_t>(leaves_per_tree);
    m.cascades.resize(static_cast<std::size_t>(cascades));
    for (auto& c : m.cascades) {
        std::uint64_t first = 0, count = 0;
        if (!r.array(c.anchor) || !r.array(c.delta) || !r.value(first) || !r.value(count) || count > bytes.size())
            return std::nullopt;
        c.first_tree = static_cast<std::size_t>(first);
        c.tree_count = static_cast<std::size_t>(count);
    }
    if (!r.array(m.splits) || !r.array(m.leaves) || r.at != bytes.size() || !consistent(m)) return std::nullopt;
    return m;
}

}  // namespace

std::filesystem::path landmark_cache_path(const std::filesystem::path& model, const std::filesystem::path& cache_dir) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::canonical(model, ec);
    if (ec) absolute = std::filesystem::absolute(model, ec);
    char name[40];
    std::snprintf(name, sizeof name, "landmarks-%016llx.bin", static_cast<unsigned long long>(fnv1a64(text_bytes(absolute.string()))));
    return cache_dir / name;
}

Result<std::shared_ptr<const LandmarkPredictor>> load_landmark_predictor_cached(const std::filesystem::path& model,
                                                                               const std::filesystem::path& cache_dir) {
    const auto key = key_of(model);
    if (!key) return LandmarkPredictor::load(model);  // its error names the file
    const std::filesystem::path cache = landmark_cache_path(model, cache_dir);
    // A missing or oversized cache file is simply not used.
    if (const auto file = read_local_file(cache.string(), kMaxCacheBytes, kMaxCacheBytes))
        if (auto parsed = decode(file->bytes, *key)) return LandmarkPredictor::from_model(std::move(*parsed));
    auto loaded = LandmarkPredictor::load(model);
    if (!loaded) return loaded;
    // Best effort: a cache that cannot be written only costs the next start time.
    if (make_private_dirs(cache_dir)) {
        const std::vector<std::uint8_t> bytes = encode((*loaded)->model(), *key);
        (void)save_file_atomic(cache, bytes, {.overwrite = true});
    }
    return loaded;
}

}  // namespace hairline
