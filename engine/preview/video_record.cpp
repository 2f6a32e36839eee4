#include "engine/preview/video_record.h"

#include <cassert>

#include <nlohmann/json.hpp>

namespace hairline {

nlohmann::json video_record_json(const VideoRecord& record) {
    assert(record.frames > 0);
    nlohmann::json json = {{"version", kVideoRecordVersion},
                           {"kind", "video"},
                           {"frames", record.frames},
                           {"frames_with_face", record.frames_with_face},
                           {"face_share", static_cast<double>(record.frames_with_face) / static_cast<double>(record.frames)},
                           {"fps", record.fps},
                           {"sound_kept", record.sound_kept},
                           {"notices", record.notices}};
    if (record.first_face_frame) json["first_face_frame"] = preview_record_json(*record.first_face_frame);
    return json;
}

}  // namespace hairline
