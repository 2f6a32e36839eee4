#include "app/snapshot_gallery.h"

#include <opencv2/imgproc.hpp>

#include "engine/io/image_loader.h"

namespace hairline::app {

void SnapshotGallery::show(const std::filesystem::path& folder, bool force) {
    if (folder == folder_ && !force) return;
    folder_ = folder;
    items_.clear();
    constexpr std::size_t kShown = 24;
    for (const SavedSnapshot& s : list_snapshots(folder)) {
        if (items_.size() >= kShown) break;
        auto image = load_image(s.image.string());
        if (!image) continue;
        cv::Mat small, rgba;
        const double k = 160.0 / std::max(image->cols, image->rows);
        cv::resize(*image, small, cv::Size(), k, k, cv::INTER_AREA);
        cv::cvtColor(small, rgba, cv::COLOR_BGR2RGBA);
        Item item{s, gl::Texture::create(), rgba.cols, rgba.rows};
        glBindTexture(GL_TEXTURE_2D, item.thumbnail.id());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
        glBindTexture(GL_TEXTURE_2D, 0);
        items_.push_back(std::move(item));
    }
}

}  // namespace hairline::app
