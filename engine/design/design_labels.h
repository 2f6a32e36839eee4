#pragma once
// What a practitioner or client reads for each design key: a short human
// label and a clinical hint with typical values. One table for the live
// app's sliders and the consultation sheet, so both use the same words.

#include <string>
#include <string_view>

#include "engine/design/design.h"

namespace hairline {

struct KeyLabel {
    std::string_view key;
    std::string_view label;  // "Hairline height"
    std::string_view hint;   // typical values, in the clinic's words
};

// nullptr for a key without a label (none today; a test checks every key has one).
const KeyLabel* key_label(std::string_view key);

// "80 mm", "90 impressions per cm²", "0.35": a key's value with its unit in words.
std::string describe_value(const NumericKey& key, double value);

// "Rounded", "Widow's peak"...
std::string_view preset_label(Preset preset);

// "Shave for the preview", "As it is"...
std::string_view hair_mode_label(HairMode mode);

}  // namespace hairline
