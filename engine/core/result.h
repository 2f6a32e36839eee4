#pragma once
// Error and Result: how every engine function that can fail on data reports it.
// Only main() turns an Error into an exit code; the kind doubles as that code.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hairline {

enum class ErrorKind {
    Runtime = 1,   // the input was fine but the job failed: no face, no GL context
    BadInput = 2,  // usage or data error: unreadable file, out-of-range value
};

struct Error {
    ErrorKind kind = ErrorKind::Runtime;
    std::string where;  // what the error is about: "design.json: density", "photo.jpg"
    std::string what;   // why: "must be 5..150 impressions/cm², got 500"

    // One line for the user: "where: what".
    std::string message() const { return where.empty() ? what : where + ": " + what; }
};

inline Error bad_input(std::string where, std::string what) {
    return Error{ErrorKind::BadInput, std::move(where), std::move(what)};
}
inline Error runtime_error(std::string where, std::string what) {
    return Error{ErrorKind::Runtime, std::move(where), std::move(what)};
}

// Holds a T or an Error. value() on an error is a programming bug (asserted).
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : state_(std::move(error)) {}  // NOLINT

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<T>(state_); }
    const T& value() const& { assert(ok()); return std::get<T>(state_); }
    T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!ok()); return std::get<Error>(state_); }

private:
    std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace hairline
