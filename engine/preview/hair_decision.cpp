#include "engine/preview/hair_decision.h"

#include <cstdio>

namespace hairline {

AutoHair decide_auto_hair(const DesignedCover& cover, bool can_shave) {
    AutoHair out;
    char text[240];
    const double share = cover.hair_share();
    const double seen_share = cover.seen > 0 ? static_cast<double>(cover.hair) / cover.seen : 0.0;
    const bool covered = cover.hair >= kAutoShaveMinHairPoints && share >= kAutoShaveHairShare && seen_share >= kAutoShaveSeenShare;
    if (covered && can_shave) {
        out.mode = HairMode::Shave;
        std::snprintf(text, sizeof text,
                      "shaved: hair hides the skin on %d of the %d designed-scalp points seen (%.0f%% of skin and hair, "
                      "shaved from %.0f%%)",
                      cover.hair, cover.seen, 100.0 * share, 100.0 * kAutoShaveHairShare);
    } else if (covered) {
        std::snprintf(text, sizeof text,
                      "as it is: hair covers the designed scalp (%d of %d points seen) but no shaved head could be made "
                      "for this picture",
                      cover.hair, cover.seen);
    } else if (cover.seen == 0) {
        std::snprintf(text, sizeof text, "as it is: the designed scalp is not seen on the head in this picture");
    } else {
        std::snprintf(text, sizeof text,
                      "as it is: the client's own scalp shows on %d of the %d designed-scalp points seen, hair that hides "
                      "the skin on %d (%.0f%% of skin and hair; shaved from %.0f%%)",
                      cover.skin, cover.seen, cover.hair, 100.0 * share, 100.0 * kAutoShaveHairShare);
    }
    out.reason = text;
    return out;
}

}  // namespace hairline
