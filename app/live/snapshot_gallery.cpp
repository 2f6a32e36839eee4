#include "app/live/snapshot_gallery.h"

#include <algorithm>
#include <set>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "engine/gl/texture_upload.h"
#include "engine/io/image_loader.h"

namespace hairline::app {

cv::Mat thumbnail_rgba(const cv::Mat& bgr) {
    cv::Mat small, rgba;
    const double k = std::min(1.0, static_cast<double>(kThumbnailSide) / std::max(std::max(bgr.cols, bgr.rows), 1));
    cv::resize(bgr, small, cv::Size(), k, k, cv::INTER_AREA);
    cv::cvtColor(small, rgba, cv::COLOR_BGR2RGBA);
    return rgba;
}

void SnapshotGallery::show(const std::filesystem::path& folder, bool reload) {
    if (shown_ && folder == folder_ && !reload) return;
    if (folder != folder_) items_.clear();  // another client's pictures never show under this one
    folder_ = folder;
    shown_ = true;
    if (listing_) {
        again_ = true;  // one listing at a time: a picture is never decoded twice
        return;
    }
    list();
}

void SnapshotGallery::list() {
    listing_ = true;
    again_ = false;
    std::set<std::filesystem::path> known;
    for (const Item& item : items_) known.insert(item.files.image);
    jobs_.submit("thumbnails", [this, folder = folder_, known = std::move(known)] {
        std::vector<Listed> listed;
        for (const SavedSnapshot& s : list_snapshots(folder)) {
            if (listed.size() >= kGalleryShown) break;
            Listed entry{s, {}};
            if (!known.contains(s.image))
                if (auto image = load_image(s.image.string())) entry.rgba = thumbnail_rgba(*image);
            listed.push_back(std::move(entry));
        }
        return [this, folder, listed = std::move(listed)]() mutable { take(folder, std::move(listed)); };
    });
}

void SnapshotGallery::take(const std::filesystem::path& folder, std::vector<Listed> listed) {
    listing_ = false;
    if (folder == folder_) {
        std::vector<Item> items;
        for (Listed& entry : listed) {
            auto kept = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.files.image == entry.files.image; });
            if (kept != items_.end()) {
                items.push_back(std::move(*kept));
            } else if (!entry.rgba.empty()) {
                ++decoded_;
                items.push_back(Item{entry.files, std::move(entry.rgba), {}, 0, 0});
            }
        }
        items_ = std::move(items);
    }
    if (again_ || folder != folder_) list();
}

void SnapshotGallery::add(const std::filesystem::path& folder, const SavedSnapshot& files, cv::Mat rgba) {
    if (!shown_ || folder != folder_ || rgba.empty()) return;
    items_.insert(items_.begin(), Item{files, std::move(rgba), {}, 0, 0});
    if (items_.size() > kGalleryShown) items_.pop_back();
}

void SnapshotGallery::upload() {
    for (Item& item : items_) {
        if (item.texture || item.rgba.empty()) continue;
        item.texture = gl::make_texture(GL_LINEAR);
        gl::upload_texture(item.texture, item.rgba);
        glBindTexture(GL_TEXTURE_2D, 0);
        item.width = item.rgba.cols;
        item.height = item.rgba.rows;
        item.rgba.release();
    }
}

}  // namespace hairline::app
