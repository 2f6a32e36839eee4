#include "engine/design/design_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/io/local_file.h"

namespace hairline {
namespace {

using nlohmann::json;

std::string key_where(std::string_view where, std::string_view key) {
    return std::string(where) + ": " + std::string(key);
}

std::string type_name_of(const json& value) {
    return value.is_number() ? "a number" : std::string("a ") + value.type_name();
}

// Deep nesting is refused before parsing so no parser recursion depends on input.
bool nesting_exceeds(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if (c == ']' || c == '}') --depth;
    }
    return false;
}

Status read_control_points(const json& value, Design& design, const std::string& where) {
    if (!value.is_array()) return bad_input(where, "must be a list of [x_mm, h_mm] pairs, got " + type_name_of(value));
    if (value.size() > 64) return bad_input(where, "at most 64 points, got " + std::to_string(value.size()));
    design.control_points.clear();
    for (const auto& point : value) {
        if (!point.is_array() || point.size() != 2 || !point[0].is_number() || !point[1].is_number())
            return bad_input(where, "each point must be [x_mm, h_mm] with two numbers");
        design.control_points.push_back({point[0].get<double>(), point[1].get<double>()});
    }
    return ok_status();
}

}  // namespace

Result<Design> design_from_json(std::string_view text, std::string_view where) {
    const std::string place(where);
    if (text.size() > kMaxDesignJsonBytes)
        return bad_input(place, "design file is larger than " + std::to_string(kMaxDesignJsonBytes >> 10) + " KiB");
    if (nesting_exceeds(text, kMaxDesignJsonDepth))
        return bad_input(place, "JSON nested deeper than " + std::to_string(kMaxDesignJsonDepth) + " levels");
    const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return bad_input(place, "not valid JSON");
    if (!root.is_object()) return bad_input(place, "must be a JSON object, got " + type_name_of(root));

    const auto version = root.find("version");
    if (version == root.end()) return bad_input(key_where(where, "version"), "missing (this build writes version " + std::to_string(kDesignVersion) + ")");
    if (!version->is_number_integer())
        return bad_input(key_where(where, "version"), "must be a whole number, got " + type_name_of(*version));
    const auto v = version->get<std::int64_t>();
    if (v > kDesignVersion)
        return bad_input(key_where(where, "version"), "is " + std::to_string(v) + ", newer than this build understands (" + std::to_string(kDesignVersion) + "); update hairline");
    if (v < 1) return bad_input(key_where(where, "version"), "must be 1.." + std::to_string(kDesignVersion) + ", got " + std::to_string(v));

    Design design;
    for (const auto& [key, value] : root.items()) {
        const std::string at = key_where(where, key);
        if (key == "version") continue;
        if (key == "preset" || key == "pigment" || key == "hair") {
            if (!value.is_string()) return bad_input(at, "must be a string, got " + type_name_of(value));
            const std::string name = value.get<std::string>();
            if (key == "pigment") {
                auto pigment = parse_pigment(name, where);
                if (!pigment) return pigment.error();
                design.pigment = *pigment;
            } else if (key == "hair") {
                auto mode = parse_hair_mode(name, where);
                if (!mode) return mode.error();
                design.hair = *mode;
            } else {
                // Unlike --set, a file's preset does not clear its control points.
                auto preset = preset_from_name(name);
                if (!preset) return bad_input(at, "must be one of rounded, straight, widows_peak, mature, broken, got \"" + name.substr(0, 40) + "\"");
                design.preset = *preset;
            }
            continue;
        }
        if (key == "symmetric") {
            if (!value.is_boolean()) return bad_input(at, "must be true or false, got " + type_name_of(value));
            design.symmetric = value.get<bool>();
            continue;
        }
        if (key == "control_points") {
            if (auto read = read_control_points(value, design, at); !read) return read.error();
            continue;
        }
        const NumericKey* spec = find_numeric_key(key);
        if (!spec) return bad_input(at, "unknown key");
        if (!value.is_number())
            return bad_input(at, "must be a number in " + describe_range(*spec) + ", got " + type_name_of(value));
        const double number = value.get<double>();
        if (auto checked = check_value(*spec, number, where); !checked) return checked.error();
        spec->set(design, number);
    }
    if (auto valid = validate_design(design, where); !valid) return valid.error();
    return design;
}

Result<Design> load_design_file(const std::string& path) {
    auto text = read_small_text_file(path, static_cast<std::int64_t>(kMaxDesignJsonBytes), "design file");
    if (!text) return text.error();
    return design_from_json(*text, path);
}

json design_to_json_value(const Design& design) {
    json out = json::object();
    out["version"] = kDesignVersion;
    out["preset"] = std::string(preset_name(design.preset));
    for (const auto& key : numeric_keys()) {
        const double v = key.get(design);
        if (key.integer) out[std::string(key.name)] = static_cast<std::int64_t>(v);
        else out[std::string(key.name)] = v;
    }
    out["pigment"] = pigment_to_string(design.pigment);
    out["symmetric"] = design.symmetric;
    out["hair"] = std::string(hair_mode_name(design.hair));
    if (!design.control_points.empty()) {
        json points = json::array();
        for (const auto& p : design.control_points) points.push_back({p.x_mm, p.h_mm});
        out["control_points"] = points;
    }
    return out;
}

std::string design_to_json(const Design& design) { return design_to_json_value(design).dump(2) + "\n"; }

}  // namespace hairline
