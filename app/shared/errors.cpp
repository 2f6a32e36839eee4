#include "app/shared/errors.h"

#include <cstdio>

namespace hairline::app {

std::string one_line(std::string_view text, std::size_t max_chars) {
    std::string out;
    out.reserve(std::min(text.size(), max_chars));
    for (const char c : text) {
        if (out.size() >= max_chars) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

int report_error(std::string_view command, const Error& error) {
    std::fprintf(stderr, "hairline %.*s: %s\n", static_cast<int>(command.size()), command.data(),
                 one_line(error.message()).c_str());
    return static_cast<int>(error.kind);
}

}  // namespace hairline::app
