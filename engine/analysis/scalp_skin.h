#pragma once
// Whether a pixel can be this client's own skin as the photo's light shows
// it anywhere on the head: lit, shaded, shiny, freckled or seen through
// stubble and thinning hair. Bald and shaved scalps are the clients SMP is
// for; their scalp is never hair to remove.
//
// Physics (the dichromatic reflection model, Shafer 1985), in linear light:
//   a pixel of skin = its body colour times the shading it gets, plus the
//   light's own colour where it shines.
//   shading scales R, G and B alike: the chromaticity (R, G over R+G+B)
//     stays the face's, only the luminance changes. Skin in shade is a
//     little more saturated (light bounced between skin) and takes some of
//     the ambient light's hue;
//   shine adds the light's colour, near neutral: the chromaticity moves
//     from the skin's towards neutral, the pixel is brighter than lit skin
//     and smooth (hair, even grey hair, has strands);
//   stubble and thinning hair are dark hairs among skin: over a few mm the
//     light that reaches the camera is the skin's (dark hair adds little),
//     so the blurred colour keeps the skin's chromaticity, darker;
//   hair that hides the skin shows its own body colour (near neutral for
//     black and grey hair, yellower for blond) at its own luminance (dark
//     hair: a few percent of the skin's).
// The test is made on the picture blurred over kSkinBlurIod (about 2.5 mm),
// the scale at which stubble averages out and hair masses stay.
//
// Pure functions of pixels.

#include <optional>

#include <opencv2/core/mat.hpp>

namespace hairline {

// Blur before the test, in inter-ocular distances (~2.5 mm: a few stubble
// hairs and the skin between them).
inline constexpr double kSkinBlurIod = 0.04;

// The client's skin as the face shows it: medians over known skin pixels.
struct SkinChroma {
    double r = 0.0, g = 0.0;  // chromaticity of linear RGB: R/(R+G+B), G/(R+G+B)
    double luminance = 0.0;   // linear Y (Rec. 709)
};

// A pixel against that skin: its luminance as a share of the skin's
// (`shade`), and its chromaticity as a move from neutral grey in units of
// the skin's own (`along` the skin's hue: 1 as saturated as the face, 0
// neutral; `across` it: towards another hue).
struct SkinLook {
    double shade = 1.0;
    double along = 1.0;
    double across = 0.0;
};

// The skin's envelope of looks (from the face's own spread and the bald
// and shaved heads of ../shared/faces/bald: shade 0.15-0.3 on the dark side
// of a scalp, along up to ~2 there; shine down to along ~0.1 at 1.4-5x the
// cheeks' luminance):
// Deep shade still counts as skin down to this share of the cheeks'
// luminance; dark hair that hides skin is at 0.01-0.05 of it.
inline constexpr double kMinSkinShade = 0.06;
// Textured pixels (stubble, strands) are skin only as lit skin seen through
// sparse dark hairs: no shine, no deep shade, and at least this share of
// the cheeks' luminance. Brown hair is skin-hued at 0.01-0.3 of it: its
// strands are what tell it from shaded skin, which is smooth.
inline constexpr double kMinTexturedSkinShade = 0.3;
// Chromaticity tolerance of lit skin, in units of the skin's saturation:
// the face's own spread is about +-0.05 across and 0.7-1.3 along.
inline constexpr double kSkinAcross = 0.15;
inline constexpr double kSkinAlongMin = 0.55, kSkinAlongMax = 1.9;
// Shine: from this share of the cheeks' luminance upwards the
// chromaticity may move towards neutral, fully from kShineFullShade on.
inline constexpr double kShineStartShade = 0.75, kShineFullShade = 1.25;
inline constexpr double kShineAlongMin = 0.05;
// Shade: below this share skin may be more saturated and drift in hue
// (ambient light), fully at kShadeFullShade.
inline constexpr double kShadeStartShade = 0.6, kShadeFullShade = 0.1;
inline constexpr double kShadeAlongMax = 2.4;
// In full shine the hue may drift this much more either way (the light's
// own hue), in deep shade only towards red (light bounced between skin;
// towards yellow is where blond and brown hair lie). `across` is positive
// towards yellow.
inline constexpr double kAcrossDrift = 0.1;

// 8-bit BGR to linear-light BGR (CV_32FC3, sRGB decoded).
cv::Mat linear_light(const cv::Mat& bgr8);

// requires: linear_bgr CV_32FC3; mask CV_8UC1 of the same size (255: skin)
// ensures:  nullopt when fewer than 30 pixels are usable
std::optional<SkinChroma> skin_chroma_of(const cv::Mat& linear_bgr, const cv::Mat& mask);

SkinLook skin_look(const SkinChroma& skin, const cv::Vec3f& linear_bgr);

// `smooth`: the pixel has no strand texture (shine and deep shade must be
// smooth). `shine`: whether shine may explain it (a light wall beside the
// head looks like shine: the caller allows it only on the head).
bool explained_as_skin(const SkinLook& look, bool smooth, bool shine = true);

// Per pixel of an already blurred linear-light image: 255 where the skin
// explains it. `smooth`: CV_8UC1 (255 smooth) or empty (all smooth).
cv::Mat skin_explained_map(const cv::Mat& linear_bgr, const SkinChroma& skin, const cv::Mat& smooth, bool shine = true);

// Where the luminance steps, not shades: one head's skin is lit smoothly
// (shading changes over centimetres), while its outline against what is
// behind it (red bokeh beside a head, a hand) is a step. The slope of log
// luminance, times the blur, above kSkinStep (a ratio of about 2 across a
// blurred step; smooth shading across a head stays under 0.1).
inline constexpr double kSkinStep = 0.4;
// requires: linear_bgr CV_32FC3 blurred by blur_px
// ensures:  CV_8UC1, 255 on steps
cv::Mat luminance_steps(const cv::Mat& linear_bgr, double blur_px);

}  // namespace hairline
