#pragma once
// hair=auto: whether the preview shows the client's head as it is or after
// a buzz cut. Bald and shaved clients (most SMP clients) keep their own
// scalp: its shine, shading, freckles and stubble rim are theirs. Shaving
// is shown only where hair that hides the skin confidently covers the
// designed scalp.
//
// Pure function of plain counts; the counts come from the designed scalp
// as the picture shows it (preview_scene.cpp).

#include <string>

#include "engine/design/design.h"

namespace hairline {

// A grid over the designed scalp (the hairline to 60 mm behind it), its
// points that the picture shows on the head: facing the camera, inside the
// frame, inside the head's outline or on hair grown from the skull.
struct DesignedCover {
    int seen = 0;  // grid points shown on the head
    int skin = 0;  // on the client's own skin: bare, shaded, shiny or through stubble (HairMask::skin_alpha)
    int hair = 0;  // on hair that hides the skin (HairMask::alpha), not on skin
    // Of the points that are skin or hair, the share that is hair (0 when none is).
    double hair_share() const { return skin + hair > 0 ? static_cast<double>(hair) / (skin + hair) : 0.0; }
};

// Shave when hair is at least this share of the designed scalp's skin and
// hair: more than twice as much hair as skin, a clear margin over an even
// split. A shaved head with a dark buzz or stubble on top (skin through it
// at ~2.5 mm) reads as up to about half hair; full hair as 0.9-1.
inline constexpr double kAutoShaveHairShare = 0.8;
// ...and most of the designed scalp the picture shows is hair.
inline constexpr double kAutoShaveSeenShare = 0.5;
// ...and on at least this many grid points (of 153): a few points at the
// top edge of the picture are no evidence.
inline constexpr int kAutoShaveMinHairPoints = 8;

struct AutoHair {
    HairMode mode = HairMode::AsIs;  // AsIs or Shave
    std::string reason;              // for the report and the app, in words, with the figures
};

// `can_shave`: a shaved head could be made for this picture (ShaveLayer).
// ensures: mode is AsIs or Shave; reason names the figures it rests on.
AutoHair decide_auto_hair(const DesignedCover& cover, bool can_shave);

}  // namespace hairline
