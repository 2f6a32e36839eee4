#pragma once
// sRGB <-> linear light (IEC 61966-2-1). Light adds and shades in linear
// values; pictures are stored in sRGB. One definition for every CPU user
// (the shaders carry their own, shaders/srgb.glsl).

#include <algorithm>
#include <array>
#include <cmath>

namespace hairline {

inline double srgb_to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

inline double linear_to_srgb(double c) {
    c = std::clamp(c, 0.0, 1.0);
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// srgb_to_linear of each 8-bit value, computed once.
inline const std::array<float, 256>& srgb8_to_linear_table() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = static_cast<float>(srgb_to_linear(i / 255.0));
        return t;
    }();
    return table;
}

}  // namespace hairline
