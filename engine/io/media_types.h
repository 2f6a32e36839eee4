#pragma once
// The one list of file-name extensions hairline reads and writes, for where a
// name is all there is (a folder listing, an unreadable file, an output path).
// What a file really is comes from its bytes (file_sniff.h), never from these.

#include <filesystem>
#include <string>

namespace hairline {

enum class MediaKind { Photo, Video, Other };

// Lower-case extension with its dot: ".jpg".
std::string lower_extension(const std::filesystem::path& path);

// By extension only: .jpg .jpeg .png .bmp .webp .tif .tiff are photos;
// .mp4 .mov .m4v .3gp .mkv .webm .avi .ts .mts are videos.
MediaKind media_kind_of_name(const std::filesystem::path& path);

// Outputs: a photo renders to an image of a format OpenCV writes, a video to
// a container FFmpeg writes.
bool is_image_output_name(const std::filesystem::path& path);  // .png .jpg .jpeg .webp .bmp .tif .tiff
bool is_video_output_name(const std::filesystem::path& path);  // .mp4 .mkv .avi .mov

// For messages: "jpg, png, bmp, webp, tiff".
inline constexpr const char* kPhotoNamesForHumans = "jpg, png, bmp, webp, tiff";

}  // namespace hairline
