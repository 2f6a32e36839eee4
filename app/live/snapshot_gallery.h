#pragma once
// Thumbnails of the current client's snapshots. The folder is listed and each
// snapshot's picture decoded on the JobWorker, once, and kept at thumbnail
// size; a snapshot just saved brings its thumbnail from the picture in memory
// (nothing is decoded). Textures are made on the main thread when drawn.
//
// threads: the main (UI) thread; the listing and decoding run as jobs.

#include <cstddef>
#include <filesystem>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "app/live/job_worker.h"
#include "engine/gl/gl_handle.h"
#include "engine/session/snapshot.h"

namespace hairline::app {

inline constexpr int kThumbnailSide = 160;        // px, the longest side
inline constexpr std::size_t kGalleryShown = 24;  // the newest snapshots shown

// A picture at thumbnail size: longest side kThumbnailSide, RGBA.
// threads: pure; any thread.
cv::Mat thumbnail_rgba(const cv::Mat& bgr);

class SnapshotGallery {
public:
    struct Item {
        SavedSnapshot files;
        cv::Mat rgba;         // the thumbnail's pixels (kept until uploaded)
        gl::Texture texture;  // made by upload()
        int width = 0;
        int height = 0;
    };

    explicit SnapshotGallery(JobWorker& jobs) : jobs_(jobs) {}

    // Shows `folder`: lists it on the worker when it differs from the folder
    // shown (or `reload`), decoding only the snapshots not shown already.
    // The items change when the listing comes back.
    void show(const std::filesystem::path& folder, bool reload = false);
    // A snapshot just saved in `folder`, with its thumbnail (thumbnail_rgba):
    // shown first when that folder is shown.
    void add(const std::filesystem::path& folder, const SavedSnapshot& files, cv::Mat rgba);
    // Main (GL) thread: a texture for each item that has none yet.
    void upload();

    const std::vector<Item>& items() const { return items_; }
    const std::filesystem::path& folder() const { return folder_; }
    bool listing() const { return listing_; }
    std::size_t decoded() const { return decoded_; }  // thumbnails decoded from files so far

private:
    struct Listed {
        SavedSnapshot files;
        cv::Mat rgba;  // empty: shown already (or not readable)
    };
    void list();
    void take(const std::filesystem::path& folder, std::vector<Listed> listed);

    JobWorker& jobs_;
    std::filesystem::path folder_;
    bool shown_ = false;    // folder_ has been asked for
    bool listing_ = false;  // a listing is on the worker
    bool again_ = false;    // list again when it is back (asked while it ran)
    std::vector<Item> items_;
    std::size_t decoded_ = 0;
};

}  // namespace hairline::app
