#include "engine/design/design.h"

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "engine/geom/dot_field.h"

namespace hairline {
namespace {

constexpr std::array kPresetNames{
    std::pair{Preset::Rounded, std::string_view{"rounded"}},
    std::pair{Preset::Straight, std::string_view{"straight"}},
    std::pair{Preset::WidowsPeak, std::string_view{"widows_peak"}},
    std::pair{Preset::Mature, std::string_view{"mature"}},
    std::pair{Preset::Broken, std::string_view{"broken"}},
};

constexpr std::array kHairModeNames{
    std::pair{HairMode::Auto, std::string_view{"auto"}},
    std::pair{HairMode::AsIs, std::string_view{"as_is"}},
    std::pair{HairMode::Shave, std::string_view{"shave"}},
    std::pair{HairMode::Under, std::string_view{"under"}},
};

template <auto Member>
constexpr NumericKey key(std::string_view name, std::string_view unit, double lo, double hi, bool integer,
                         std::string_view help) {
    using T = std::remove_reference_t<decltype(std::declval<Design&>().*Member)>;
    return {name,
            unit,
            lo,
            hi,
            integer,
            help,
            [](const Design& d) { return static_cast<double>(d.*Member); },
            [](Design& d, double v) { d.*Member = static_cast<T>(v); }};
}

// Clinically sensible ranges: see docs/design.md for the reasoning.
const std::array kNumericKeys{
    key<&Design::hairline_height_mm>("hairline_height", "mm", 50, 110, false,
                 "glabella to mid-frontal point, measured along the forehead skin"),
    key<&Design::temple_recession_mm>("temple_recession", "mm", 0, 40, false,
                 "extra set-back of the fronto-temporal corners, along the skin"),
    key<&Design::irregularity>("irregularity", "", 0, 1, false, "natural micro-zigzag of the front edge"),
    key<&Design::density_per_cm2>("density", "impressions/cm²", 5, kMaxDensityPerCm2, false,
                 "dots per cm² once all sessions are done"),
    key<&Design::dot_size_mm>("dot_size", "mm", 0.2, 1.5, false, "dot diameter"),
    key<&Design::dot_size_variation>("dot_size_variation", "", 0, 1, false,
                 "relative spread of dot diameters"),
    key<&Design::feather_mm>("feather", "mm", 0, 20, false,
                 "transition zone above the hairline where density rises to full"),
    key<&Design::opacity>("opacity", "", 0, 1, false, "ink strength of one dot"),
    key<&Design::ipd_mm>("ipd", "mm", 50, 75, false, "client's interpupillary distance (sets the scale)"),
    key<&Design::seed>("seed", "", 0, 2147483647, true, "dot layout; any integer"),
    key<&Design::sessions>("sessions", "", 1, 3, true, "treatment sessions done (density builds up)"),
    key<&Design::fade_years>("fade_years", "years", 0, 5, false, "years since the last session"),
    key<&Design::days_since_session>("days_since_session", "days", 0, 30, false,
                                     "days since the last session (healing: 0 is straight after)"),
};

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

Error range_error(std::string_view where, std::string_view key, const std::string& what) {
    std::string place(where);
    if (!key.empty()) place += place.empty() ? std::string(key) : ": " + std::string(key);
    return bad_input(place, what);
}

Result<double> parse_number(std::string_view text) {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) return bad_input("", "not a number");
    return value;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string_view preset_name(Preset preset) {
    for (const auto& [p, name] : kPresetNames)
        if (p == preset) return name;
    return "rounded";
}

std::optional<Preset> preset_from_name(std::string_view name) {
    for (const auto& [p, n] : kPresetNames)
        if (n == name) return p;
    return std::nullopt;
}

std::string_view hair_mode_name(HairMode mode) {
    for (const auto& [m, name] : kHairModeNames)
        if (m == mode) return name;
    return "auto";
}

std::optional<HairMode> hair_mode_from_name(std::string_view name) {
    for (const auto& [m, n] : kHairModeNames)
        if (n == name) return m;
    return std::nullopt;
}

Result<HairMode> parse_hair_mode(std::string_view text, std::string_view where) {
    if (auto mode = hair_mode_from_name(text)) return *mode;
    return range_error(where, "hair",
                       "must be one of auto, as_is, shave, under, got \"" + std::string(text.substr(0, 40)) + "\"");
}

std::string pigment_to_string(const Pigment& pigment) {
    if (pigment.automatic) return "auto";
    auto byte = [](double c) { return static_cast<int>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0)); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(pigment.srgb.r), byte(pigment.srgb.g),
                  byte(pigment.srgb.b));
    return buf;
}

Result<Pigment> parse_pigment(std::string_view text, std::string_view where) {
    if (text == "auto") return Pigment{true, Pigment{}.srgb};
    const bool shape_ok = text.size() == 7 && text[0] == '#';
    glm::dvec3 rgb{};
    for (int c = 0; shape_ok && c < 3; ++c) {
        const int hi = hex_digit(text[1 + 2 * c]), lo = hex_digit(text[2 + 2 * c]);
        if (hi < 0 || lo < 0) break;
        rgb[c] = (hi * 16 + lo) / 255.0;
        if (c == 2) return Pigment{false, rgb};
    }
    return range_error(where, "pigment",
                       "must be a colour #rrggbb or \"auto\", got \"" + std::string(text.substr(0, 40)) + "\"");
}

std::span<const NumericKey> numeric_keys() { return kNumericKeys; }

const NumericKey* find_numeric_key(std::string_view name) {
    for (const auto& key : kNumericKeys)
        if (key.name == name) return &key;
    return nullptr;
}

std::string describe_range(const NumericKey& key) {
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict, PR 105329) on a + chain here.
    std::string text = format_number(key.min_value);
    text += "..";
    text += format_number(key.max_value);
    if (!key.unit.empty()) {
        text += ' ';
        text += key.unit;
    }
    if (key.integer) text += " (whole number)";
    return text;
}

Status check_value(const NumericKey& key, double value, std::string_view where) {
    if (std::isfinite(value) && value >= key.min_value && value <= key.max_value &&
        (!key.integer || value == std::floor(value)))
        return ok_status();
    return range_error(where, key.name, "must be " + describe_range(key) + ", got " + format_number(value));
}

Status validate_design(const Design& design, std::string_view where) {
    for (const auto& key : kNumericKeys)
        if (auto checked = check_value(key, key.get(design), where); !checked) return checked;
    if (!design.control_points.empty()) {
        const std::size_t needed = design.symmetric ? 4 : 7;
        if (design.control_points.size() < needed)
            return range_error(where, "control_points",
                               "needs at least " + std::to_string(needed) + " points" +
                                   (design.symmetric ? " with x >= 0 (mirrored to 7 or more)" : "") + ", got " +
                                   std::to_string(design.control_points.size()));
        double last_x = -1e9;
        for (const auto& p : design.control_points) {
            if (!std::isfinite(p.x_mm) || !std::isfinite(p.h_mm) || std::abs(p.x_mm) > kControlPointMaxXMm ||
                p.h_mm < kControlPointMinHMm || p.h_mm > kControlPointMaxHMm)
                return range_error(where, "control_points",
                                   "each point must be [x, h] with x in " + format_number(-kControlPointMaxXMm) + ".." +
                                       format_number(kControlPointMaxXMm) + " mm and h in " +
                                       format_number(kControlPointMinHMm) + ".." + format_number(kControlPointMaxHMm) +
                                       " mm, got [" + format_number(p.x_mm) + ", " + format_number(p.h_mm) + "]");
            if (p.x_mm <= last_x)
                return range_error(where, "control_points", "points must be sorted by x without repeats");
            last_x = p.x_mm;
        }
        if (design.symmetric && design.control_points.front().x_mm != 0.0)
            return range_error(where, "control_points",
                               "with symmetric=true the first point must be on the midline (x = 0)");
    }
    return ok_status();
}

Status set_design_value(Design& design, std::string_view assignment, std::string_view where) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return bad_input(std::string(where), "expected KEY=VALUE, got \"" + std::string(assignment.substr(0, 60)) + "\"");
    const std::string_view key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
    if (key == "pigment") {
        auto pigment = parse_pigment(text, where);
        if (!pigment) return pigment.error();
        design.pigment = *pigment;
        return ok_status();
    }
    if (key == "hair") {
        auto mode = parse_hair_mode(text, where);
        if (!mode) return mode.error();
        design.hair = *mode;
        return ok_status();
    }
    if (key == "preset") {
        auto preset = preset_from_name(text);
        if (!preset)
            return range_error(where, key,
                               "must be one of rounded, straight, widows_peak, mature, broken, got \"" +
                                   std::string(text.substr(0, 40)) + "\"");
        design.preset = *preset;
        design.control_points.clear();
        return ok_status();
    }
    if (key == "symmetric") {
        if (text != "true" && text != "false")
            return range_error(where, key, "must be true or false, got \"" + std::string(text.substr(0, 40)) + "\"");
        design.symmetric = text == "true";
        return ok_status();
    }
    const NumericKey* spec = find_numeric_key(key);
    if (!spec) return bad_input(std::string(where), "unknown design key \"" + std::string(key.substr(0, 40)) + "\"");
    auto value = parse_number(text);
    if (!value)
        return range_error(where, key,
                           "must be " + describe_range(*spec) + ", got \"" + std::string(text.substr(0, 40)) + "\"");
    if (auto checked = check_value(*spec, *value, where); !checked) return checked;
    spec->set(design, *value);
    return ok_status();
}

}  // namespace hairline
