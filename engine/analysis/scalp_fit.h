#pragma once
// The scalp model made to agree with the head that is really there.
// Landmarks stop at the brows and the pitch they give is the least certain
// angle of a pose (a few degrees of error move the crown by centimetres), and
// skulls differ in height and in how far the forehead leans back. The head's
// outline in the image (HeadMask, GrabCut) pins both: the model's skull is
// tilted about the ear axis through the glabella and scaled in height and
// depth until its silhouette matches the outline above the eyes.
//
// Hair makes the outline larger than the skull, never smaller: a model
// outside the outline costs more than one inside it, and the scale may
// grow only a little, so a full head of hair does not inflate the skull.
// Pure functions of an image mask and a fit.

#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/track/face_fit.h"

namespace hairline {

struct ScalpFit {
    double tilt_rad = 0.0;    // > 0: the crown tipped towards the camera (the skull nods forward)
    double scale = 1.0;       // of the skull's height and depth
    int rays = 0;             // outline rays the fit rests on
    double mismatch_px = 0;   // rms outline distance after the fit, on those rays
    bool fitted = false;      // false: too little outline seen; the model is left as it was
    double width_scale = 1.0; // of the skull's breadth (fitted only where the outline is bare, fit_skull_to_bare_outline)
    bool bare = false;        // the outline is the skull's own (bald or shaved), and the skull follows it
    // > 0: the skull turned towards the subject's left about the vertical
    // through the glabella (fitted only where the outline is bare): a few
    // degrees of error in the landmarks' yaw put the skull beside the head.
    double yaw_rad = 0.0;
};

inline constexpr double kMaxScalpTiltDeg = 20.0;
inline constexpr double kMinScalpScale = 0.8, kMaxScalpScale = 1.1;
// The fit is trusted when the fitted skull follows the outline to within
// this share of the inter-ocular distance (rms, about 7 mm).
inline constexpr double kMaxOutlineMismatchIod = 0.12;

// requires: alpha CV_8UC1 of the frame (255 = head), fit for the same frame
// cost:     about 20-40 ms (a grid of tilts and scales)
ScalpFit fit_scalp_to_outline(const cv::Mat& alpha, const FaceFit& fit);

// Under hair the outline is the hair's, so the skull's top must lie below
// it by at least the hair's thickness on top (kHairOnTopIod of the
// inter-ocular distance, about 9 mm: a short cut) — down to kMinScalpScale.
// `hair_alpha`, `head_alpha`: CV_8UC1 frame size (HairMask). Unchanged when
// the outline's top is skin (a bald crown pins the skull itself).
// Nor, under hair, above the vertex of a typical adult skull: about 100 mm
// over the glabella seen from the front (Farkas: vertex-nasion 106-111 mm,
// the glabella some 10 mm over the nasion).
inline constexpr double kHairOnTopIod = 0.15;
inline constexpr double kVertexOverGlabellaMm = 100.0;
ScalpFit fit_skull_under_hair(const ScalpFit& outline_fit, const FaceFit& fit, const cv::Mat& hair_alpha,
                              const cv::Mat& head_alpha);

// A bald or shaved head's outline is the skull itself (skin or a stubble
// rim a millimetre or two thick), so there the skull is fitted to it in
// breadth too, and from both sides: the dots then reach the real outline
// instead of stopping on the model's narrower limb (and piling up there).
// Breadth within kMin/kMaxBareWidthScale of the face's estimate (head breadth
// SD is 4% of its mean; the face-based estimate adds its own error).
// `covering_alpha`, `head_alpha`, `hair_colour` (hair_not_background):
// CV_8UC1 frame size (HairMask); `outline_alpha`: the head whose outline is
// read (the GrabCut head mask: the hair mask's soft head takes in haze and
// bokeh around a bare head), CV_8UC1 frame size. A ray is not bare where
// hair-coloured hair lies just outside that outline (it left out the hair).
// Unchanged when hair hides the skull along much of the outline.
inline constexpr double kMinBareWidthScale = 0.88, kMaxBareWidthScale = 1.2;
inline constexpr double kMaxBareYawDeg = 8.0;
// Share of the outline's rays that must be bare for the outline to be the
// skull's: going in from the outline, past kBareRimIod of the inter-ocular
// distance (about 12 mm: a stubble rim seen edge-on), hair that hides the
// skin covers under kMaxHairBeyondRim of the next band as wide.
inline constexpr double kMinBareOutlineShare = 0.6;
// Fewer bare rays, but at least this many (a bald crown over hair at the
// sides, a stubble rim there): the breadth is fitted to them alone, the
// rest of the outline may only lie outside the skull; `bare` stays false.
inline constexpr int kMinBareRays = 7;
inline constexpr double kBareRimIod = 0.2;
inline constexpr double kMaxHairBeyondRim = 0.3;
ScalpFit fit_skull_to_bare_outline(const ScalpFit& outline_fit, const FaceFit& fit, const cv::Mat& covering_alpha,
                                   const cv::Mat& head_alpha, const cv::Mat& hair_colour, const cv::Mat& outline_alpha);

// The skull's silhouette in the image: the hull of the scalp model from the
// glabella level over the top to the back, as the fit projects it.
std::vector<cv::Point2f> scalp_silhouette(const FaceFit& fit);

// The fit with its skull tilted and scaled (the face's pose and measures
// unchanged: only where the scalp lies changes).
FaceFit apply_scalp_fit(FaceFit fit, const ScalpFit& scalp);

}  // namespace hairline
