#pragma once
// One pipeline for live video, video files and the benchmark, as in
// OpenFace's FaceLandmarkVid: frame -> face -> landmarks -> pose -> head ->
// what the preview carries (skin tone, head and hair masks, shaved head,
// camera look, dot field). The design -> pixels steps that follow are
// make_preview_scene (preview_scene.h) and the renderer; stills take the
// same session by PreviewSession::update_still.
//
// threads: one caller; owns its tracker (and its detector thread).

#include <cstdint>
#include <memory>
#include <optional>

#include "engine/capture/frame_source.h"
#include "engine/preview/frame_facts.h"
#include "engine/preview/preview_session.h"
#include "engine/track/tracker.h"

namespace hairline {

// The tracked face as the preview takes it (nullopt: no face on the frame).
std::optional<FaceOnFrame> face_on_frame(const TrackResult& result);

class FramePipeline {
public:
    FramePipeline(std::shared_ptr<const LandmarkPredictor> predictor, TrackerParams params, StreamKind kind);

    struct Step {
        TrackResult track;
        FrameFacts facts;  // shares the frame's pixels
    };
    // requires: frames in time order
    // ensures:  the frame tracked at the client's IPD and carried by the
    //           session; `facts.bgr` is `frame.bgr`
    Step process(const Frame& frame, double ipd_mm, std::uint32_t seed);

    void wait_until_ready() const { tracker_.wait_until_ready(); }

private:
    Tracker tracker_;
    PreviewSession session_;
};

}  // namespace hairline
