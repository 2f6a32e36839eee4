// libFuzzer target: the design JSON parser and the --set KEY=VALUE parser.
// Whatever parses must validate, and survive a save/load round trip unchanged.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/design/design.h"
#include "engine/design/design_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto design = hairline::design_from_json(text, "fuzz.json")) {
        if (!hairline::validate_design(*design, "fuzz.json").ok()) __builtin_trap();
        auto again = hairline::design_from_json(hairline::design_to_json(*design), "round trip");
        if (!again.ok() || !(*again == *design)) __builtin_trap();
    }
    // The first line as a command-line assignment.
    hairline::Design design;
    const std::string_view line = text.substr(0, std::min(text.find('\n'), std::size_t{512}));
    if (hairline::set_design_value(design, line).ok() && !hairline::validate_design(design, "--set").ok())
        __builtin_trap();
    return 0;
}
