#pragma once
// GLSL's smoothstep, for CPU code that must match what shaders and the design
// model do at soft edges.

#include <algorithm>

namespace hairline {

// requires: edge0 != edge1
constexpr double smoothstep(double edge0, double edge1, double x) {
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

}  // namespace hairline
