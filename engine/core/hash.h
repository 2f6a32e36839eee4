#pragma once
// The one integer hash behind every deterministic "random" choice (dot
// jitter, hairline zigzag): lowbias32 by Chris Wellons, well mixed and cheap.

#include <cstdint>
#include <cstring>
#include <span>

namespace hairline {

constexpr std::uint32_t hash32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

// FNV-1a over bytes: names and checks for cache files (not for security).
constexpr std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const std::uint8_t c : bytes) h = (h ^ c) * 1099511628211ULL;
    return h;
}

// The same mixing, a 64-bit word at a time (tail bytes one by one): a
// checksum of tens of megabytes in milliseconds.
inline std::uint64_t fnv1a64_words(std::span<const std::uint8_t> bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        h = (h ^ w) * 1099511628211ULL;
    }
    for (; i < bytes.size(); ++i) h = (h ^ bytes[i]) * 1099511628211ULL;
    return h;
}

// A hash as a value in [0, 1).
constexpr double hash_unit(std::uint32_t x) { return static_cast<double>(hash32(x)) / 4294967296.0; }

}  // namespace hairline
