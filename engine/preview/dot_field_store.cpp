#include "engine/preview/dot_field_store.h"

#include <chrono>
#include <cmath>

namespace hairline {
namespace {

std::shared_ptr<const DotField> make_field(const HeadShape& shape, std::uint32_t seed) {
    return std::make_shared<const DotField>(generate_dot_field(ScalpChart(shape), seed));
}

}  // namespace

HeadShape DotFieldStore::keyed_shape(const HeadShape& head) {
    HeadShape shape = head;
    shape.half_width_mm = static_cast<double>(std::lround(head.half_width_mm));
    shape.half_height_mm = static_cast<double>(std::lround(head.half_height_mm));
    shape.half_depth_mm = static_cast<double>(std::lround(head.half_depth_mm));
    return shape;
}

std::shared_ptr<const DotField> DotFieldStore::get(const HeadShape& head, std::uint32_t seed) {
    const HeadShape shape = keyed_shape(head);
    const Key key{static_cast<int>(shape.half_width_mm), static_cast<int>(shape.half_height_mm),
                  static_cast<int>(shape.half_depth_mm), seed};
    if (!background_) {
        if (current_key_ != key) {
            current_ = make_field(shape, seed);
            current_key_ = key;
        }
        return current_;
    }
    if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        current_ = pending_.get();
        current_key_ = pending_key_;
        pending_key_.reset();
    }
    // One generation at a time; a newer key is asked for again on a later frame.
    if (current_key_ != key && pending_key_ != key && !pending_.valid()) {
        pending_key_ = key;
        pending_ = std::async(std::launch::async, [shape, seed] { return make_field(shape, seed); });
    }
    return current_;
}

}  // namespace hairline
