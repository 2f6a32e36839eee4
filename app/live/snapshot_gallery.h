#pragma once
// Thumbnails of the current client's snapshots, as GL textures, reloaded when
// the folder changes or a snapshot is saved. Main (GL) thread only.

#include <filesystem>
#include <vector>

#include "engine/gl/gl_handle.h"
#include "engine/session/snapshot.h"

namespace hairline::app {

class SnapshotGallery {
public:
    struct Item {
        SavedSnapshot files;
        gl::Texture thumbnail;
        int width = 0;
        int height = 0;
    };

    // Shows `folder` (reloads when it differs or `force`).
    void show(const std::filesystem::path& folder, bool force = false);
    const std::vector<Item>& items() const { return items_; }
    const std::filesystem::path& folder() const { return folder_; }

private:
    std::filesystem::path folder_;
    std::vector<Item> items_;
};

}  // namespace hairline::app
