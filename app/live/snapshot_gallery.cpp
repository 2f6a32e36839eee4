#include "app/live/snapshot_gallery.h"

#include <opencv2/imgproc.hpp>

#include "engine/gl/texture_upload.h"
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
        Item item{s, gl::make_texture(GL_LINEAR), rgba.cols, rgba.rows};
        gl::upload_texture(item.thumbnail, rgba);
        glBindTexture(GL_TEXTURE_2D, 0);
        items_.push_back(std::move(item));
    }
}

}  // namespace hairline::app
