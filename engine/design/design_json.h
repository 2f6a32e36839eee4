#pragma once
// Design <-> JSON. The format carries "version" (kDesignVersion) and uses the
// key names of numeric_keys(), plus "preset", "pigment", "symmetric" and
// "control_points" ([[x_mm, h_mm], ...]). See docs/design.md.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"

namespace hairline {

inline constexpr std::size_t kMaxDesignJsonBytes = 1 << 20;
inline constexpr int kMaxDesignJsonDepth = 16;

// Starts from the defaults and applies the keys present. `where` names the
// source in errors ("design.json: density: must be 5..150 ..., got 500").
// ensures: BadInput on malformed JSON, wrong types, non-finite or
//          out-of-range values, unknown keys, missing or newer version.
Result<Design> design_from_json(std::string_view text, std::string_view where);

// Reads a design file (size capped, regular files only).
Result<Design> load_design_file(const std::string& path);

nlohmann::json design_to_json_value(const Design& design);
std::string design_to_json(const Design& design);  // pretty-printed, newline-terminated

}  // namespace hairline
