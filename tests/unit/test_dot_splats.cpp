// splat_bounds(): the rectangle the renderer limits the ink and the
// composite to. Too small would cut dots off; it must hold every pixel a
// sprite can cover.

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/render/dot_splats.h"

using namespace hairline;

namespace {

DotSplat splat_at(float x, float y, float half_size_px) {
    DotSplat s{};
    s.center_px = {x, y};
    s.half_size_px = half_size_px;
    return s;
}

}  // namespace

TEST_CASE("splat bounds: no splats, no rectangle", "[unit]") {
    CHECK(splat_bounds({}, cv::Size(100, 80)).empty());
}

TEST_CASE("splat bounds: every pixel centre within half a side of a sprite, and a pixel more", "[unit]") {
    // Covered: pixels 47..53 (centres within 3.2 of 50.4) across, 17..23 down.
    const cv::Rect r = splat_bounds({splat_at(50.4f, 20.0f, 3.2f)}, cv::Size(100, 80));
    CHECK(r.x <= 46);
    CHECK(r.x >= 45);
    CHECK(r.x + r.width >= 55);
    CHECK(r.x + r.width <= 57);
    CHECK(r.y <= 16);
    CHECK(r.y + r.height >= 25);
}

TEST_CASE("splat bounds: the union of the sprites, clamped to the target", "[unit]") {
    const cv::Rect r = splat_bounds({splat_at(2, 70, 5), splat_at(90, 10, 4)}, cv::Size(100, 80));
    CHECK(r == cv::Rect(cv::Point(0, 5), cv::Point(96, 77)));  // x -3..94, y 6..75, a pixel more each side
    CHECK(splat_bounds({splat_at(-50, 40, 3), splat_at(-20, 1e9f, 3)}, cv::Size(100, 80)).empty());
}

TEST_CASE("splat bounds: a sprite of unknown place or size may be anywhere", "[unit]") {
    CHECK(splat_bounds({splat_at(10, 10, 2), splat_at(NAN, 5, 2)}, cv::Size(100, 80)) == cv::Rect(0, 0, 100, 80));
    CHECK(splat_bounds({splat_at(10, 10, INFINITY)}, cv::Size(100, 80)) == cv::Rect(0, 0, 100, 80));
}
