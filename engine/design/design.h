#pragma once
// The SMP design: every value a practitioner chooses, in real-world units.
// Plain data; validation and the key table live in design.cpp, JSON in
// design_json.cpp, editing control points in design_edit.cpp. Units and
// ranges are documented in docs/design.md (a unit test checks that it lists
// every key of the table with its range).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec3.hpp>

#include "engine/core/result.h"

namespace hairline {

// 2 added "hair"; version 1 files load with its default (auto).
inline constexpr int kDesignVersion = 2;

enum class Preset { Rounded, Straight, WidowsPeak, Mature, Broken };
inline constexpr Preset kAllPresets[] = {Preset::Rounded, Preset::Straight, Preset::WidowsPeak,
                                         Preset::Mature, Preset::Broken};
std::string_view preset_name(Preset preset);          // "rounded", "widows_peak"...
std::optional<Preset> preset_from_name(std::string_view name);

// What the preview does with the hair the client has (docs/design.md).
enum class HairMode { Auto, AsIs, Shave, Under };
inline constexpr HairMode kAllHairModes[] = {HairMode::Auto, HairMode::AsIs, HairMode::Shave, HairMode::Under};
std::string_view hair_mode_name(HairMode mode);       // "auto", "as_is", "shave", "under"
std::optional<HairMode> hair_mode_from_name(std::string_view name);
Result<HairMode> parse_hair_mode(std::string_view text, std::string_view where);

struct Pigment {
    bool automatic = false;            // choose from the client's skin tone
    glm::dvec3 srgb{0.17, 0.17, 0.19};  // 0..1, the dot colour on white skin
    bool operator==(const Pigment&) const = default;
};
std::string pigment_to_string(const Pigment& pigment);  // "#2b2b30" or "auto"

// Where freeform control points may go (validate_design refuses the rest):
// |x| up to 70 mm covers the widest temples; heights from a very low 30 mm
// to past the crown's front.
inline constexpr double kControlPointMaxXMm = 70.0;
inline constexpr double kControlPointMinHMm = 30.0;
inline constexpr double kControlPointMaxHMm = 150.0;

// A point of the frontal hairline in the design chart: x_mm is the lateral
// offset from the facial midline as seen from the front (positive towards the
// subject's left), h_mm the height above the glabella measured along the skin
// (as with a tape), see docs/design.md.
struct HairlinePoint {
    double x_mm = 0.0;
    double h_mm = 0.0;
    bool operator==(const HairlinePoint&) const = default;
};

struct Design {
    Preset preset = Preset::Rounded;
    double hairline_height_mm = 80.0;   // glabella -> mid-frontal point, along the skin
    double temple_recession_mm = 0.0;   // extra set-back of the fronto-temporal corners
    double irregularity = 0.35;         // 0..1 micro-zigzag of the front edge
    double density_per_cm2 = 90.0;      // impressions per cm² at full build-up
    double dot_size_mm = 0.6;           // dot diameter
    double dot_size_variation = 0.3;    // 0..1 relative spread of dot diameters
    double feather_mm = 8.0;            // transition zone width above the hairline
    Pigment pigment{true, Pigment{}.srgb};  // auto: matched to the client's skin
    double opacity = 0.85;              // ink strength of one dot, 0..1
    double ipd_mm = 63.0;               // client's measured interpupillary distance
    std::uint32_t seed = 1;             // dot layout
    int sessions = 3;                   // 1..3 treatment sessions done
    double fade_years = 0.0;            // 0..5 years since the last session
    double days_since_session = 30.0;   // 0..30: fresh dots are darker and ringed with redness
    // Freeform shape: when present it replaces the preset. Sorted by x_mm;
    // with `symmetric` only points with x_mm >= 0 are kept and mirrored.
    std::vector<HairlinePoint> control_points;
    bool symmetric = true;
    HairMode hair = HairMode::Auto;     // shave when the designed scalp is mostly hair

    bool operator==(const Design&) const = default;
};

// One numeric key of the design, as the CLI, JSON, docs and UI see it.
struct NumericKey {
    std::string_view name;     // JSON / --set name
    std::string_view unit;     // "mm", "impressions/cm²", "" for plain numbers
    double min_value;
    double max_value;
    bool integer;
    std::string_view help;
    double (*get)(const Design&);
    void (*set)(Design&, double);
};
std::span<const NumericKey> numeric_keys();
const NumericKey* find_numeric_key(std::string_view name);

// "5..150 impressions/cm²"
std::string describe_range(const NumericKey& key);

// ensures: BadInput "where: name" / "must be <range>, got <value>" unless
//          `value` is finite, inside the key's range and whole when required.
Status check_value(const NumericKey& key, double value, std::string_view where);

// Checks every value; `where` prefixes the error ("design.json").
// ensures: the first out-of-range or malformed value as a BadInput error
//          "where: key" / "must be 5..150 impressions/cm², got 500".
Status validate_design(const Design& design, std::string_view where);

// Applies one "key=value" assignment (from --set). Same error form.
Status set_design_value(Design& design, std::string_view assignment, std::string_view where = "--set");

Result<Pigment> parse_pigment(std::string_view text, std::string_view where);

}  // namespace hairline
