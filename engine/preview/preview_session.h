#pragma once
// One preview stream (a photo, a video file, the live camera): what is
// carried from frame to frame on the way from a tracked frame to a preview,
// and the one set of rules for when each piece is refreshed.
//
//   piece        still photo     video file                   live
//   dot field    for its head    when the head's width (whole mm) or the seed changes
//                                (DotFieldStore); generated on the spot     on a task
//   skin tone    estimated       first frame with a face      every 15 frames
//   camera look  estimated       every 30 frames (blur and noise of the frame: a few ms)
//   head mask    GrabCut         every 30 frames, carried between by the face's 2D motion;
//   + scalp fit  (with the mask: the skull tilted and scaled to the head's outline, scalp_fit.h)
//   + hair       (with the mask, on the same task: hair_mask.h, and the shaved head, shave.h)
//                                computed on the spot         on a task (never waited for)
//   camera       photo_intrinsics (on the face)   the tracker's video_intrinsics
//   background   -               learnt every 6 frames where the client is not (background_plate.h);
//   plate                        the shave layer's background taken from it on every frame
//
// A video's skin tone is not refreshed so its auto pigment cannot flicker;
// live, the room's light changes while the camera runs. Offline streams wait
// for every result, so a render does not depend on the machine's speed.
//
// threads: one thread per session (the live app: the tracking worker).

#include <cstdint>
#include <future>
#include <optional>
#include <vector>

#include "engine/analysis/background_plate.h"
#include "engine/analysis/hair_mask.h"
#include "engine/analysis/head_mask.h"
#include "engine/analysis/scalp_fit.h"
#include "engine/core/result.h"
#include "engine/preview/dot_field_store.h"
#include "engine/preview/frame_facts.h"
#include "engine/track/rigid_fit.h"

namespace hairline {

enum class StreamKind { Still, Video, Live };

struct RefreshRules {
    int skin_tone_every_frames = 0;  // 0: only the first estimate
    int camera_look_every_frames = 30;
    // The head's masks are made again at most every `every` frames, and
    // then only when the face has turned, nodded or changed expression by
    // kMaskDriftIod since (what carrying them by a similarity cannot follow),
    // or when they are `max_age` frames old.
    int head_mask_every_frames = 30;
    int head_mask_max_age_frames = 30;
    bool background = false;         // slow work on tasks, never waited for
    // The background plate (video and live) learns from every n-th frame;
    // the shave layer takes it on every frame.
    int plate_every_frames = 6;
};
inline constexpr double kMaskDriftIod = 0.04;
RefreshRules refresh_rules(StreamKind kind);

// The overlay's strength for a face's confidence: none below 0.25, full from 0.6.
double overlay_for_confidence(double confidence);
inline constexpr double kOverlayFadeInPerFrame = 0.2;  // back in over five frames
// A face this sure (not covered, not turned far): its pixels are measured
// (skin tone, head mask); a less sure one is drawn on, not measured.
inline constexpr double kMeasureConfidence = 0.9;

class PreviewSession {
public:
    explicit PreviewSession(StreamKind kind);
    PreviewSession(const PreviewSession&) = delete;
    PreviewSession& operator=(const PreviewSession&) = delete;

    // A still photo: fits the face with the photo camera (centred on the
    // face), then estimates everything for it.
    // requires: kind Still; bgr 8-bit BGR
    // ensures:  facts with a face, or the fit's Runtime error
    // `others`: the other faces found in the photo (a group photo's
    // neighbours), whose places are never this client's head.
    Result<FrameFacts> update_still(const cv::Mat& bgr, const Landmarks& landmarks, double ipd_mm,
                                    std::uint32_t seed, const std::vector<FaceBox>& others = {});

    // One frame of a video or live stream, with the face the tracker fitted
    // on it (nullopt: no face; the carried head mask is then dropped).
    // requires: frames of one stream in order
    FrameFacts update(const cv::Mat& bgr, std::int64_t index, const std::optional<FaceOnFrame>& face,
                      std::uint32_t seed);

private:
    void refresh_skin_tone(const cv::Mat& bgr, const FaceOnFrame& face);
    // Refreshes the mask (and hair) by the rules; ensures: facts' head mask,
    // scalp fit, hair and shave layer carried to this frame (or empty), and
    // the face's fit with the mask's scalp fit applied.
    void carry_head(const cv::Mat& bgr, FrameFacts& facts, std::uint32_t seed);
    // Video and live: the shave layer's background from the background
    // plate learnt over the frames (background_plate.h), not carried with the head.
    void use_background_plate(const cv::Mat& bgr, FrameFacts& facts);

    StreamKind kind_;
    double overlay_ = 0.0;
    RefreshRules rules_;
    std::int64_t frames_ = 0;  // frames seen (schedules count these, not the source's index)
    DotFieldStore fields_;
    std::optional<SkinTone> tone_;
    std::int64_t tone_frame_ = 0;
    std::optional<CameraLook> look_;
    std::int64_t look_frame_ = 0;
    BackgroundPlate plate_;
    std::shared_ptr<const ShaveLayer> plate_layer_;  // the made layer whose rebuilt background the plate holds
    std::int64_t plate_frame_ = 0;
    struct MadeMask {
        cv::Mat alpha;
        RigidPose2D face;  // of the frame it was made on
        Landmarks landmarks;
        ScalpFit scalp;    // the skull fitted to this mask's outline
        std::optional<HairMask> hair;
        std::shared_ptr<const ShaveLayer> shave;
        cv::Rect support;  // holds every mask's non-zero pixels: found once, carried on every frame
        int picture_top = 0;  // made in the picture from this row down (a collage's seam), else 0
    };
    // Each of the made masks (outline and hair), to be cut or moved alike.
    static std::vector<cv::Mat*> masks_of(MadeMask& made);
    static MadeMask with_support(MadeMask made);
    // The steps of making a head: masks and skull (in a collage, in the
    // face's own picture), then its shave layer, which needs the skull.
    static std::optional<MadeMask> make_masks(const cv::Mat& pixels, const Landmarks& landmarks, const FaceFit& fit,
                                              const std::vector<FaceBox>& others);
    static std::optional<MadeMask> make_masks_in_picture(const cv::Mat& pixels, const Landmarks& landmarks,
                                                         const FaceFit& fit, const std::vector<FaceBox>& others);
    static std::optional<MadeMask> make_carried(const cv::Mat& pixels, const Landmarks& landmarks, const FaceFit& fit,
                                                const std::vector<FaceBox>& others);
    static void add_shave_layer(MadeMask& made, const cv::Mat& pixels, const FaceFit& fit);
    std::optional<MadeMask> mask_;
    std::vector<FaceBox> others_;  // other people's faces on a still (update_still)
    bool mask_tried_ = false;  // since the face appeared
    std::int64_t mask_frame_ = 0;
    std::optional<std::future<std::optional<MadeMask>>> mask_job_;
};

}  // namespace hairline
