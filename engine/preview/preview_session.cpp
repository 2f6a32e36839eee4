#include "engine/preview/preview_session.h"

#include <chrono>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/picture_seam.h"
#include "engine/track/face_check.h"

namespace hairline {

RefreshRules refresh_rules(StreamKind kind) {
    switch (kind) {
        case StreamKind::Still: return {0, 1, 1, 1, false, 1};
        case StreamKind::Video: return {0, 30, 30, 30, false, 6};
        // Live: a mask costs a third of a second of CPU that the view needs.
        case StreamKind::Live: return {15, 30, 30, 120, true, 6};
    }
    return {};
}

PreviewSession::PreviewSession(StreamKind kind) : kind_(kind), rules_(refresh_rules(kind)), fields_(rules_.background) {}

double overlay_for_confidence(double confidence) { return ramp(confidence, 0.25, 0.6); }

Result<FrameFacts> PreviewSession::update_still(const cv::Mat& bgr, const Landmarks& landmarks, double ipd_mm,
                                                std::uint32_t seed, const std::vector<FaceBox>& others) {
    others_ = others;
    const CameraIntrinsics camera = photo_intrinsics(bgr.cols, bgr.rows, glabella(landmarks));
    auto fit = fit_face(landmarks, camera, ipd_mm);
    if (!fit) return fit.error();
    return update(bgr, 0, FaceOnFrame{landmarks, *fit}, seed);
}

FrameFacts PreviewSession::update(const cv::Mat& bgr, std::int64_t index, const std::optional<FaceOnFrame>& face,
                                  std::uint32_t seed) {
    ++frames_;  // the session's own count: a looping file restarts its frame index
    FrameFacts facts;
    facts.bgr = bgr;
    facts.index = index;
    facts.face = face;
    // Down at once with the confidence, back up over about five frames.
    const double target = face ? overlay_for_confidence(face->confidence) : 0.0;
    overlay_ = kind_ == StreamKind::Still || frames_ == 1 ? target : std::min(target, overlay_ + kOverlayFadeInPerFrame);
    facts.overlay = overlay_;
    if (!face) {
        mask_.reset();  // a new face gets its own mask at once
        mask_tried_ = false;
        facts.skin_tone = tone_;
        if (look_) facts.camera_look = *look_;
        return facts;
    }
    // An uncertain face's pixels may be the hand over it: nothing is measured on them.
    if (face->confidence >= kMeasureConfidence) refresh_skin_tone(bgr, *face);
    facts.skin_tone = tone_;
    if (!look_ || frames_ - look_frame_ >= rules_.camera_look_every_frames) {
        look_ = estimate_camera_look(bgr, face->landmarks);
        look_frame_ = frames_;
    }
    facts.camera_look = *look_;
    carry_head(bgr, facts, seed);
    use_background_plate(bgr, facts);
    facts.dot_field = fields_.get(facts.face->fit.head, seed);
    return facts;
}

void PreviewSession::refresh_skin_tone(const cv::Mat& bgr, const FaceOnFrame& face) {
    const bool due = !tone_ || (rules_.skin_tone_every_frames > 0 && frames_ - tone_frame_ >= rules_.skin_tone_every_frames);
    if (!due) return;
    tone_frame_ = frames_;
    if (auto tone = estimate_skin_tone(bgr, face.landmarks)) tone_ = tone;
}

namespace {

// Does the head (its outline mask, or the hair's head) run on over a seam at
// row `top`: covering more than kSeamLeakShare of a band just above it, over
// the face's width?
constexpr double kSeamLeakShare = 0.3, kSeamLeakBandIod = 0.25;
bool head_crosses_seam(const cv::Mat& alpha, const std::optional<HairMask>& hair, int top, const FaceFit& fit) {
    const int band = std::max(1, static_cast<int>(kSeamLeakBandIod * fit.iod_px));
    const int x0 = std::max(0, static_cast<int>(fit.glabella_px.x - fit.iod_px));
    const int x1 = static_cast<int>(fit.glabella_px.x + fit.iod_px);
    const cv::Rect band_above(x0, std::max(0, top - band), x1 - x0, std::min(band, top));
    auto leaks = [&](const cv::Mat& m) {
        if (m.empty()) return false;
        const cv::Rect above = band_above & cv::Rect(0, 0, m.cols, m.rows);
        if (above.empty()) return false;
        return cv::countNonZero(m(above) >= 128) > kSeamLeakShare * above.area();
    };
    return leaks(alpha) || (hair && leaks(hair->head_alpha));
}

}  // namespace

std::vector<cv::Mat*> PreviewSession::masks_of(MadeMask& made) {
    std::vector<cv::Mat*> masks;
    if (!made.alpha.empty()) masks.push_back(&made.alpha);
    if (made.hair)
        for (cv::Mat* m : {&made.hair->alpha, &made.hair->covering_alpha, &made.hair->head_alpha, &made.hair->skin_alpha,
                           &made.hair->hair_not_background})
            if (!m->empty()) masks.push_back(m);
    return masks;
}

PreviewSession::MadeMask PreviewSession::with_support(MadeMask made) {
    made.support = cv::Rect();
    for (cv::Mat* m : masks_of(made)) made.support |= cv::boundingRect(*m);
    return made;
}

// The head's masks and skull on `pixels` (no shave layer yet). The head mask
// may fail where the hair does not (dark hair on a dark background): each is
// used when it is trustworthy.
std::optional<PreviewSession::MadeMask> PreviewSession::make_masks(const cv::Mat& pixels, const Landmarks& landmarks,
                                                                   const FaceFit& fit, const std::vector<FaceBox>& others) {
    auto mask = estimate_head_mask(pixels, landmarks, fit);
    MadeMask made{mask ? mask->alpha : cv::Mat(), fit_rigid_2d(landmarks), landmarks,
                  mask ? fit_scalp_to_outline(mask->alpha, fit) : ScalpFit{}, std::nullopt, nullptr, cv::Rect(), 0};
    made.hair = estimate_hair_mask(pixels, landmarks, apply_scalp_fit(fit, made.scalp));
    if (!others.empty()) {
        // Where a neighbour is (less the client's own skin), nothing is this client's head.
        const std::vector<cv::Point> head = shaved_head_outline(apply_scalp_fit(fit, made.scalp), landmarks);
        cv::Mat theirs = other_people_zone(others, landmarks, pixels.size(), head);
        if (made.hair) theirs.setTo(0, made.hair->skin_alpha >= 128);
        for (cv::Mat* m : masks_of(made)) m->setTo(0, theirs);
    }
    if (made.hair) {
        // The skull is under hair only where hair hides the skin: a
        // bald crown, shiny or shaded, pins the skull itself.
        made.scalp = fit_skull_under_hair(made.scalp, fit, made.hair->covering_alpha, made.hair->head_alpha);
        // A bald or shaved head's outline is the skull's own, breadth too.
        // Its outline is the head mask's (GrabCut): the hair mask's head
        // takes in soft background around a bare head (haze, bokeh).
        made.scalp = fit_skull_to_bare_outline(made.scalp, fit, made.hair->covering_alpha, made.hair->head_alpha,
                                               made.hair->hair_not_background,
                                               made.alpha.empty() ? made.hair->head_alpha : made.alpha);
    }
    if (!mask && !made.hair) return std::nullopt;
    return made;
}

// In a collage, where the head made on the whole frame runs on past a seam
// into the picture above, or its outline is not found, it is made again in
// the face's own picture: nothing beyond the seam is this head, nor its
// outline (picture_seam.h). Only then: cropped, a head that merely reaches
// its seam leaves the segmentation too little background above it.
std::optional<PreviewSession::MadeMask> PreviewSession::make_masks_in_picture(const cv::Mat& pixels,
                                                                              const Landmarks& landmarks,
                                                                              const FaceFit& fit,
                                                                              const std::vector<FaceBox>& others) {
    auto whole = make_masks(pixels, landmarks, fit, others);
    const int top = picture_top(pixels, fit.glabella_px, fit.iod_px);
    if (top <= 0 || !whole) return whole;
    auto outline_seen = [](const MadeMask& m) { return m.scalp.fitted && m.scalp.rays > 0; };
    const bool crosses = head_crosses_seam(whole->alpha, whole->hair, top, fit);
    if (outline_seen(*whole) && !crosses) return whole;
    const cv::Rect picture(0, top, pixels.cols, pixels.rows - top);
    const glm::dvec2 offset(0.0, static_cast<double>(top));
    Landmarks inside = landmarks;
    for (auto& p : inside) p -= offset;
    std::vector<FaceBox> others_inside = others;
    for (auto& b : others_inside) b.top -= offset.y;
    auto made = make_masks(pixels(picture).clone(), inside, translated(fit, -offset), others_inside);
    // The picture's own head when its outline is seen there, or when the
    // whole frame's ran on into the other picture.
    if (!made || !(outline_seen(*made) || crosses)) return whole;
    made->face = fit_rigid_2d(landmarks);
    made->landmarks = landmarks;
    made->picture_top = top;
    for (cv::Mat* m : masks_of(*made)) {
        if (m->empty()) continue;
        cv::Mat full(pixels.size(), m->type(), cv::Scalar::all(0));
        m->copyTo(full(picture));
        *m = full;
    }
    return made;
}

// The shave layer of a made head, in the picture its masks were made in
// (the whole frame, or a collage's picture below a seam).
void PreviewSession::add_shave_layer(MadeMask& made, const cv::Mat& pixels, const FaceFit& fit) {
    if (!made.hair) return;
    const int top = made.picture_top;
    const cv::Rect picture(0, top, pixels.cols, pixels.rows - top);
    const glm::dvec2 offset(0.0, static_cast<double>(top));
    Landmarks inside = made.landmarks;
    for (auto& p : inside) p -= offset;
    HairMask hair = *made.hair;
    for (cv::Mat* m : {&hair.alpha, &hair.covering_alpha, &hair.head_alpha, &hair.skin_alpha, &hair.hair_not_background})
        if (!m->empty()) *m = (*m)(picture);
    const cv::Mat outline = made.alpha.empty() ? cv::Mat() : made.alpha(picture);
    auto layer = make_shave_layer(top > 0 ? pixels(picture).clone() : pixels, inside,
                                  apply_scalp_fit(translated(fit, -offset), made.scalp), hair, outline);
    if (!layer) return;
    layer->rect.y += top;
    made.shave = std::make_shared<const ShaveLayer>(std::move(*layer));
}

// Ready to be carried: the masks' support is found once, where they are made.
std::optional<PreviewSession::MadeMask> PreviewSession::make_carried(const cv::Mat& pixels, const Landmarks& landmarks,
                                                                     const FaceFit& fit,
                                                                     const std::vector<FaceBox>& others) {
    auto made = make_masks_in_picture(pixels, landmarks, fit, others);
    if (made) made = with_support(std::move(*made));
    return made;
}

void PreviewSession::carry_head(const cv::Mat& bgr, FrameFacts& facts, std::uint32_t seed) {
    FaceOnFrame& face = *facts.face;
    const RigidPose2D now = fit_rigid_2d(face.landmarks);
    if (mask_job_ && mask_job_->wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        if (auto made = mask_job_->get()) mask_ = std::move(*made);
        mask_job_.reset();
    }
    // The drift is measured only once the mask is old enough to be remade.
    const std::int64_t age = frames_ - mask_frame_;
    auto stale = [&] {
        return !mask_ || age >= rules_.head_mask_max_age_frames ||
               nonrigid_drift(mask_->landmarks, mask_->face, face.landmarks, now) > kMaskDriftIod;
    };
    const bool due = (!mask_tried_ || (age >= rules_.head_mask_every_frames && stale())) && face.confidence >= kMeasureConfidence;
    if (due && !mask_job_) {
        mask_tried_ = true;
        mask_frame_ = frames_;
        if (rules_.background) {
            // The task holds its own references to the frame's pixels, which nobody writes.
            mask_job_ = std::async(std::launch::async, [bgr, landmarks = face.landmarks, fit = face.fit, others = others_] {
                auto made = make_carried(bgr, landmarks, fit, others);
                if (made) add_shave_layer(*made, bgr, fit);
                return made;
            });
        } else if (auto made = make_carried(bgr, face.landmarks, face.fit, others_)) {
            // The dot field needs only the fitted skull: it is made on a
            // task while this thread makes the shave layer (each takes a
            // few tenths of a second on a photo).
            const HeadShape head = apply_scalp_fit(face.fit, made->scalp).head;
            auto field = std::async(std::launch::async, [this, head, seed] { fields_.get(head, seed); });
            add_shave_layer(*made, bgr, face.fit);
            field.get();
            mask_ = std::move(*made);
        } else {
            mask_.reset();  // not trustworthy on this frame: the model alone decides until the next try
        }
    }
    if (!mask_) return;
    face.fit = apply_scalp_fit(face.fit, mask_->scalp);
    facts.scalp_fit = mask_->scalp;
    if (mask_->hair) facts.scalp_hair_fraction = mask_->hair->scalp_hair_fraction;
    if (!rules_.background && mask_frame_ == frames_) {  // made on this very frame
        facts.head_mask = mask_->alpha;
        if (mask_->hair) {
            facts.hair_alpha = mask_->hair->alpha;
            facts.skin_alpha = mask_->hair->skin_alpha;
            facts.covering_alpha = mask_->hair->covering_alpha;
            facts.hair_not_background = mask_->hair->hair_not_background;
        }
        facts.shave = mask_->shave;
        return;
    }
    auto carry = [&](const cv::Mat& alpha) { return carry_head_mask(alpha, mask_->support, mask_->face, now, bgr.size()); };
    if (!mask_->alpha.empty()) facts.head_mask = carry(mask_->alpha);
    if (mask_->hair) {
        facts.hair_alpha = carry(mask_->hair->alpha);
        facts.skin_alpha = carry(mask_->hair->skin_alpha);
        facts.covering_alpha = carry(mask_->hair->covering_alpha);
        facts.hair_not_background = carry(mask_->hair->hair_not_background);
    }
    if (mask_->shave)
        facts.shave = std::make_shared<const ShaveLayer>(
            carry_shave_layer(*mask_->shave, similarity_between(mask_->face, now), bgr.size()));
}

void PreviewSession::use_background_plate(const cv::Mat& bgr, FrameFacts& facts) {
    if (kind_ == StreamKind::Still || !facts.shave || !facts.face || !mask_ || !mask_->shave) return;
    // Where layers go: the made and the carried layer, and as much again around them.
    const cv::Rect both = mask_->shave->rect | facts.shave->rect;
    const cv::Rect window(both.x - both.width / 2, both.y - both.height / 2, 2 * both.width, 2 * both.height);
    if (plate_.bgr.empty() || frames_ - plate_frame_ >= rules_.plate_every_frames) {
        plate_frame_ = frames_;
        learn_seen_background(plate_, bgr,
                              client_region(facts.head_mask, facts.hair_alpha, facts.face->landmarks, bgr.size(), window), window);
    }
    if (plate_layer_ != mask_->shave) {
        learn_rebuilt_background(plate_, *mask_->shave);
        plate_layer_ = mask_->shave;
    }
    facts.shave = std::make_shared<const ShaveLayer>(with_plate_background(*facts.shave, plate_, bgr));
}

}  // namespace hairline
