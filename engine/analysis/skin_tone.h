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
};

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

// The SMP shade for a skin type: diluted grey-black on fair skin (full black
// reads as blue-black and too harsh there), near black on dark skin so the
// dots still show. As the dot colour on white skin.
Pigment pigment_for_skin(const SkinTone& tone);

// The pigment a design uses on this client: its own, or the suggestion.
Pigment resolve_pigment(const Pigment& chosen, const std::optional<SkinTone>& tone);

}  // namespace hairline
