#include "engine/preview/frame_pipeline.h"

namespace hairline {

std::optional<FaceOnFrame> face_on_frame(const TrackResult& result) {
    if (!result.face) return std::nullopt;
    return FaceOnFrame{result.face->landmarks, result.face->fit, result.confidence};
}

FramePipeline::FramePipeline(std::shared_ptr<const LandmarkPredictor> predictor, TrackerParams params, StreamKind kind)
    : tracker_(std::move(predictor), params), session_(kind) {}

FramePipeline::Step FramePipeline::process(const Frame& frame, double ipd_mm, std::uint32_t seed) {
    tracker_.set_ipd_mm(ipd_mm);
    Step step;
    step.track = tracker_.process(frame);
    step.facts = session_.update(frame.bgr, frame.index, face_on_frame(step.track), seed);
    return step;
}

}  // namespace hairline
