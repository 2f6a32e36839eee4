#pragma once
// The dot field of one stream, rebuilt by one rule: when the fitted head's
// size (half-width, height and depth, rounded to whole millimetres) or the
// seed changes. (A field takes 0.2-0.4 s to generate; a fitted size drifts
// by fractions of a mm from frame to frame, which moves dots by far less
// than their size.)
// Offline streams generate on the spot; live ones on a task of their own,
// keeping the previous field until the new one is ready.
//
// threads: one caller at a time (the session, or its task while the session
// waits); the background task touches nothing shared.

#include <cstdint>
#include <future>
#include <memory>
#include <optional>

#include "engine/geom/dot_field.h"

namespace hairline {

class DotFieldStore {
public:
    explicit DotFieldStore(bool background) : background_(background) {}

    // The field for this head and seed; in the background mode the newest
    // finished one (possibly for an earlier key, or null at first).
    std::shared_ptr<const DotField> get(const HeadShape& head, std::uint32_t seed);

    // The head shape a field is made for under the rule above.
    static HeadShape keyed_shape(const HeadShape& head);

private:
    struct Key {
        int half_width_mm = 0;
        int half_height_mm = 0;
        int half_depth_mm = 0;
        std::uint32_t seed = 0;
        bool operator==(const Key&) const = default;
    };
    bool background_;
    std::optional<Key> current_key_;
    std::shared_ptr<const DotField> current_;
    std::optional<Key> pending_key_;
    std::future<std::shared_ptr<const DotField>> pending_;
};

}  // namespace hairline
