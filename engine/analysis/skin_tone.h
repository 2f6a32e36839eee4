#pragma once
// The client's skin tone from forehead and cheek pixels, as the Individual
// Typology Angle (ITA = atan((L* - 50) / b*), in degrees; Chardon et al.
// 1991) and the Fitzpatrick-style type it maps to, and the SMP pigment shade
// that suits it. Pure functions of an image and landmarks.

#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "engine/design/design.h"
#include "engine/track/landmarks.h"

namespace hairline {

struct SkinTone {
    double lightness = 65.0;  // CIE L*, 0..100
    double a = 10.0;          // CIE a*
    double b = 15.0;          // CIE b*
    double ita_deg = 41.0;
    int fitzpatrick = 3;      // 1..6
    int pixels = 0;           // skin pixels the estimate rests on
    // The photo's light, taken out before measuring: per-channel gains (B, G,
    // R, linear light) that bring the scene's white to a standard white.
    double gain[3] = {1.0, 1.0, 1.0};
    double confidence = 1.0;  // 0..1: low when the photo shows no white to go by
};

// The scene's white (white-patch retinex): the 97th percentile of each
// channel in linear light over the frame, mapped to a standard white (0.8,
// sRGB 232). Exposure and colour cast of the camera then cancel in the skin
// measured under the same light. Gains are held to 0.4..3 and their spread
// to 4x (a tungsten cast is under that; more is a coloured object). confidence falls when the brightest thing in the
// frame is dark (below sRGB ~100: nothing white in view).
struct SceneWhite {
    double gain[3] = {1.0, 1.0, 1.0};  // B, G, R
    double confidence = 1.0;
    double white_linear = 1.0;         // the white's luminance (linear light, from the channels' percentiles)
};
// The white must be at least this much brighter (linear luminance) than the
// skin to be taken for the light's white.
inline constexpr double kWhiterThanSkin = 1.4;
// The confidence of a tone measured without a white to go by (exposure and
// cast unknown): under kSkinToneMinConfidence, so the middle pigment is used.
inline constexpr double kNoWhiteConfidence = 0.4;
SceneWhite estimate_scene_white(const cv::Mat& bgr);

// ITA thresholds (Del Bino et al. 2006): > 55 very light (I), 41-55 light
// (II), 28-41 intermediate (III), 10-28 tan (IV), -30-10 brown (V), < -30
// dark (VI).
double ita_degrees(double lightness, double b);

// OpenCV before 4.9 builds its Lab tables on the first BGR->Lab conversion
// without a lock (fixed upstream in opencv/opencv#24581; Debian 12 has 4.6):
// two threads converting at once race on the tables and leak a copy, as
// ASan showed. Call before any BGR->Lab conversion that may run concurrently.
void build_opencv_lab_tables_once();
int fitzpatrick_from_ita(double ita_deg);
std::string_view fitzpatrick_roman(int type);

// Samples the cheeks and the forehead band just above the brows, keeps
// pixels that look like lit skin (not hair, brows, shadow or shine), and
// takes their median colour.
// ensures: nullopt when fewer than 50 usable pixels were found.
std::optional<SkinTone> estimate_skin_tone(const cv::Mat& bgr, const Landmarks& landmarks);

// Below this confidence the suggested pigment is the middle shade (type III),
// never the darkest: a dim photo must not give a fair client black ink.
inline constexpr double kSkinToneMinConfidence = 0.5;

// The SMP shade for a skin type: diluted grey-black on fair skin (full black
// reads as blue-black and too harsh there), near black on dark skin so the
// dots still show. As the dot colour on white skin.
Pigment pigment_for_skin(const SkinTone& tone);

// The pigment a design uses on this client: its own, or the suggestion.
Pigment resolve_pigment(const Pigment& chosen, const std::optional<SkinTone>& tone);

}  // namespace hairline
