#pragma once
// The one integer hash behind every deterministic "random" choice (dot
// jitter, hairline zigzag): lowbias32 by Chris Wellons, well mixed and cheap.

#include <cstdint>

namespace hairline {

constexpr std::uint32_t hash32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

// A hash as a value in [0, 1).
constexpr double hash_unit(std::uint32_t x) { return static_cast<double>(hash32(x)) / 4294967296.0; }

}  // namespace hairline
