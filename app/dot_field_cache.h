#pragma once
// Dot fields for the live view, generated off the UI thread (about half a
// second each) whenever the fitted head size (to the millimetre) or the seed
// changes. Until a new field is ready the previous one is drawn.

#include <cstdint>
#include <future>
#include <memory>
#include <optional>

#include "engine/geom/dot_field.h"

namespace hairline::app {

class DotFieldCache {
public:
    // Asks for the field of this head and seed; cheap when it is current.
    void request(const HeadShape& head, std::uint32_t seed);
    // A newly finished field (once), to upload.
    std::shared_ptr<const DotField> take_ready();
    std::shared_ptr<const DotField> current() const { return current_; }

private:
    struct Key {
        int half_width_mm = 0;
        std::uint32_t seed = 0;
        bool operator==(const Key&) const = default;
    };
    std::optional<Key> current_key_;
    std::optional<Key> pending_key_;
    std::future<std::shared_ptr<const DotField>> pending_;
    std::shared_ptr<const DotField> current_;
    bool fresh_ = false;
};

}  // namespace hairline::app
