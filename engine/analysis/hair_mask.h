#pragma once
// Which pixels of the head are hair, which are skin and which are
// background: a per-pixel, soft-edged segmentation of the head with its hair
// for the hair-aware previews (shave, under).
//
// Method (classical, no model file): three colour-and-texture classes
// with spatial priors, seeded from this client's own face.
//   regions: the fitted skull (shaved_head_outline) is head for sure, hair
//     or skin; a band around it (kHairReachShare) is where hair may stand;
//     beyond that is background, which teaches the background's model;
//   classes: over (L*, a*, b*, local texture) — skin, one Gaussian from the
//     cheeks, nose and forehead; hair, a mixture from what on the scalp
//     looks nothing like that skin; background, a mixture from beyond the
//     band and, in the band, the background first met going straight out
//     from each pixel (a pillar or a door frame behind the head continues
//     into the band); hair and skin refitted once to the confident pixels;
//   hair grows from the scalp: only hair connected to the skull counts;
//   the client's own skin by its physics (scalp_skin.h: shading, shine,
//   stubble): the skin connected to the forehead inside the skull is the
//   bare scalp seen (skin_alpha); the hair less what that physics explains
//   on the skull is the hair that hides the skin (covering_alpha), which is
//   what hair=auto and the skull's refit under hair read;
//   soft edges that follow strands: a guided filter on the image (He et al.
//   2013) over the probabilities.
// Chosen over GrabCut (tried first: with dark hair before a dark room its
// background model, learnt around the head, swallowed the hair) and over a
// segmentation network (none is packaged in Debian 12 with a licence we
// could ship): the face gives a reliable skin model of this very client in
// this very light, whatever their skin and hair.
//
// Pure function of an image, its landmarks and the fitted face.

#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include "engine/track/face_fit.h"
#include "engine/track/landmarks.h"

namespace hairline {

// How far hair may stand beyond the skull, as a share of the skull's width
// in the picture (about 45 mm on a typical head: big curls reach further
// and are left, cut off, beyond it).
inline constexpr double kHairReachShare = 0.3;

struct HairMask {
    cv::Mat alpha;                   // CV_8UC1 frame size: 255 hair, 0 skin or background; soft edges
    // CV_8UC1 frame size: hair that hides the skin: `alpha` less what the
    // skin's physics (scalp_skin.h) explains on the skull: shine, shade and
    // stubble are the client's scalp. What hair=auto reads.
    cv::Mat covering_alpha;
    cv::Mat head_alpha;              // CV_8UC1 frame size: 255 head with its hair (skin or hair)
    // CV_8UC1 frame size: 255 the client's own skin seen on the head (face and
    // bare scalp: lit, shaded, shiny or through stubble; scalp_skin.h), in one
    // piece with the forehead. On a bald or shaved head it reaches the outline.
    cv::Mat skin_alpha;
    // CV_8UC1 frame size: 255 where the colour alone is likelier hair than
    // the background around the head (no prior of place); 0 elsewhere and
    // where no hair was modelled.
    cv::Mat hair_not_background;
    double scalp_hair_fraction = 0;  // of the head above the brows (off the face), the share that is hair
};

// requires: bgr 8-bit BGR; fit for these landmarks (with the scalp fitted to the outline when known)
// ensures:  nullopt when too little skin is seen to model it or the head is tiny
// cost:     about 40-90 ms (on a crop of at most 300 px)
std::optional<HairMask> estimate_hair_mask(const cv::Mat& bgr, const Landmarks& landmarks, const FaceFit& fit);

// The face the hair-aware previews never touch: the landmarks' hull (jaw
// and brows), grown a little (brows, lashes and beard stay as they are).
// ensures: CV_8UC1 of `size`, 255 inside
cv::Mat face_keep_zone(const Landmarks& landmarks, cv::Size size);

// The head as a barber's clippers leave it, seen in the picture: the hull of
// the fitted skull's silhouette (its outline made squarer, as a skull's
// is, with kShavedOutlineExponent) and the jaw line (frame pixels).
inline constexpr double kShavedOutlineExponent = 2.6;
std::vector<cv::Point> shaved_head_outline(const FaceFit& fit, const Landmarks& landmarks);

}  // namespace hairline
