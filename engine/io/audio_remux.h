#pragma once
// Rendered videos keep the client's sound: OpenCV's VideoWriter writes
// pictures only, so the audio stream of the input is copied (not
// re-encoded) next to the rendered pictures with FFmpeg's libavformat.

#include <filesystem>

#include "engine/core/result.h"

namespace hairline {

// Does `path` hold an audio stream? (false when it cannot be read)
bool has_audio_stream(const std::filesystem::path& path);

// requires: `pictures` is a video file with one video stream; `sound` has an audio stream
// ensures:  `out` (a new file) holds the video stream of `pictures` and the
//           first audio stream of `sound`, both copied, cut to the pictures' length
Status mux_audio(const std::filesystem::path& pictures, const std::filesystem::path& sound, const std::filesystem::path& out);

}  // namespace hairline
