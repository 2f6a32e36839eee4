#pragma once
// How every mode (subcommands and the live app) reports a failure: one line
// on stderr, and the exit code of the error's kind.

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/core/result.h"

namespace hairline::app {

// Control characters out and length capped: file names and messages from
// hostile inputs stay on one line.
std::string one_line(std::string_view text, std::size_t max_chars = 400);

// Prints "hairline <command>: <where>: <what>" on stderr and returns the
// exit code for the error's kind.
int report_error(std::string_view command, const Error& error);

}  // namespace hairline::app
