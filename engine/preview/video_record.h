#pragma once
// What rendering a video found, as one plain record, and its one JSON form
// (`render --report` for a video): how many frames showed a face, whether the
// sound was kept, and the first tracked frame's full preview record.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/preview/preview_record.h"

namespace hairline {

// 1: the first version; its "first_face_frame" carries its own version
// (kPreviewRecordVersion).
inline constexpr int kVideoRecordVersion = 1;

struct VideoRecord {
    std::int64_t frames = 0;                        // frames written
    std::int64_t frames_with_face = 0;
    double fps = 0.0;                               // the source's nominal rate
    bool sound_kept = false;                        // the input's audio is in the output
    std::vector<std::string> notices;               // what the practitioner must be told
    std::optional<PreviewRecord> first_face_frame;  // nullopt: no frame had a face
};

// {"version", "kind": "video", "frames", "frames_with_face", "face_share",
//  "fps", "sound_kept", "notices", "first_face_frame" (only with a face)}.
// requires: record.frames > 0
nlohmann::json video_record_json(const VideoRecord& record);

}  // namespace hairline
