#include "app/dot_field_cache.h"

#include <cmath>

namespace hairline::app {

void DotFieldCache::request(const HeadShape& head, std::uint32_t seed) {
    const Key key{static_cast<int>(std::lround(head.half_width_mm)), seed};
    if (current_key_ == key || pending_key_ == key) return;
    if (pending_.valid()) return;  // one at a time; asked again next frame
    HeadShape shape = head;
    shape.half_width_mm = key.half_width_mm;
    pending_key_ = key;
    pending_ = std::async(std::launch::async, [shape, seed] {
        return std::shared_ptr<const DotField>(std::make_shared<DotField>(generate_dot_field(ScalpChart(shape), seed)));
    });
}

std::shared_ptr<const DotField> DotFieldCache::take_ready() {
    if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        current_ = pending_.get();
        current_key_ = pending_key_;
        pending_key_.reset();
        fresh_ = true;
    }
    if (!fresh_) return nullptr;
    fresh_ = false;
    return current_;
}

}  // namespace hairline::app
