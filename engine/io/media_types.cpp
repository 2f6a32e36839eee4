#include "engine/io/media_types.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace hairline {
namespace {

constexpr std::array<std::string_view, 7> kPhotoExtensions{".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"};
constexpr std::array<std::string_view, 9> kVideoExtensions{".mp4", ".mov", ".m4v", ".3gp", ".mkv",
                                                           ".webm", ".avi", ".ts", ".mts"};
constexpr std::array<std::string_view, 4> kVideoOutputExtensions{".mp4", ".mkv", ".avi", ".mov"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, const std::string& ext) {
    return std::find(list.begin(), list.end(), ext) != list.end();
}

}  // namespace

std::string lower_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

MediaKind media_kind_of_name(const std::filesystem::path& path) {
    const std::string ext = lower_extension(path);
    if (contains(kPhotoExtensions, ext)) return MediaKind::Photo;
    if (contains(kVideoExtensions, ext)) return MediaKind::Video;
    return MediaKind::Other;
}

bool is_image_output_name(const std::filesystem::path& path) { return contains(kPhotoExtensions, lower_extension(path)); }

bool is_video_output_name(const std::filesystem::path& path) {
    return contains(kVideoOutputExtensions, lower_extension(path));
}

}  // namespace hairline
