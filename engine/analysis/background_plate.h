#pragma once
// The background behind the client on a camera that stands still (live, or
// a video shot from a tripod), learnt over the frames in the frame's own
// place (a clean plate). A shaved preview made on one frame is carried to
// the next ones with the face; the background it rebuilt where the hair
// stood would slide with the head over the real background, which does not
// move. On each frame the hair's place takes the plate instead: the real
// background where the client has moved and shown it, else the background
// rebuilt by the last layer made, laid down where it was made.
//
// Learnt only from pixels that are not the client and hold still from one
// frame to the next (a hand passing is not background). A camera that
// moves, or a cut, changes the background seen: the plate starts again.
//
// Pure functions of plain structs.

#include <cstdint>

#include <opencv2/core/mat.hpp>

#include "engine/analysis/shave.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct BackgroundPlate {
    cv::Mat bgr;       // CV_8UC3, frame size: the background as known
    cv::Mat known;     // CV_8UC1: kSeenReal where seen, kRebuilt where only rebuilt, 0 unknown
    cv::Mat previous;  // CV_8UC3: the last frame learnt from (stillness is judged against it)
    cv::Mat still;     // CV_8UC1: frames in a row each pixel has been free and still
};
inline constexpr std::uint8_t kSeenReal = 255, kRebuilt = 128;

// A seen pixel takes this share of each new still look of it (the room's
// light drifts slowly; the sensor's noise averages out).
inline constexpr float kPlateRate = 0.25f;
// Still: within this many 8-bit levels (any channel) of the previous frame,
// free of the client and still this many frames in a row before it counts.
inline constexpr int kStillLevels = 12;
inline constexpr int kStillFrames = 3;
// A new scene: the seen background differs from the plate by this many
// levels (median of grey) on at least kSceneSamples pixels.
inline constexpr double kSceneChangeLevels = 20.0;
inline constexpr int kSceneSamples = 400;

// Everything that may be the client on a frame: the head with its hair
// (`head` and `hair` masks, CV_8UC1, either may be empty), grown by
// kClientMarginIod, the face, and below the chin the neck, shoulders and
// body, down to the frame's bottom.
inline constexpr double kClientMarginIod = 0.3;
inline constexpr double kBodyHalfWidthIod = 3.5;
// Made within `window` only (the rest is 0: learn_seen_background looks no further).
cv::Mat client_region(const cv::Mat& head, const cv::Mat& hair, const Landmarks& landmarks, cv::Size size, cv::Rect window);

// requires: frame CV_8UC3; client CV_8UC1 of its size (255: the client, or may be); window inside the frame
// ensures:  the plate of the frame's size, learnt within `window` where the
//           frame is not the client and is still; started again first when
//           the scene changed (or the frame's size did)
void learn_seen_background(BackgroundPlate& plate, const cv::Mat& frame, const cv::Mat& client, cv::Rect window);

// The background a shave layer rebuilt (made on the current frame's scene),
// where the plate has not seen the real one; not within a few pixels of the
// skull, where the layer blends the skull's outline into it.
void learn_rebuilt_background(BackgroundPlate& plate, const ShaveLayer& layer);

// The layer with its background pixels (ShaveLayer::background) taken from
// the plate wherever the plate knows them, clear of the skull's outline; the
// rest as it was.
// Only where the plate agrees with the frame: on the real background seen
// just beyond the layer, within kPlateAgreeLevels (mean 8-bit levels); a
// camera or a background that moved (the demo's moving photo) leaves the
// layer as it is.
inline constexpr double kPlateAgreeLevels = 3.0;
ShaveLayer with_plate_background(const ShaveLayer& layer, const BackgroundPlate& plate, const cv::Mat& frame);

}  // namespace hairline
