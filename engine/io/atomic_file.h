#pragma once
// The one way hairline saves a file: a 0600 temp file in the target folder,
// written and fsynced, then renamed into place without replacing anything
// (unless asked), then the folder fsynced. A failure at any step removes the
// temp file and leaves whatever was there before untouched.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace hairline {

// Text as the bytes a save writes.
inline std::span<const std::uint8_t> text_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

struct SaveOptions {
    bool overwrite = false;  // replace an existing target (only when the user asked)
};

// Streams a file into place atomically: writes go to a 0600 temp file in the
// target's folder; commit() fsyncs and renames it (without replacing unless
// asked); destroying an uncommitted writer removes the temp file.
class AtomicWriter {
public:
    static Result<std::unique_ptr<AtomicWriter>> open(const std::filesystem::path& target, const SaveOptions& options = {});
    ~AtomicWriter();
    AtomicWriter(const AtomicWriter&) = delete;
    AtomicWriter& operator=(const AtomicWriter&) = delete;

    Status write(std::span<const std::uint8_t> data);
    Status write(std::string_view text);
    Status commit();
    // For encoders that open a file by name (video): they write to this path,
    // which keeps the target's extension, then commit() publishes it.
    std::filesystem::path temp_path() const;

private:
    AtomicWriter() = default;
    std::filesystem::path target_;
    std::string temp_name_;
    int dir_fd_ = -1;
    int fd_ = -1;
    bool overwrite_ = false;
    bool committed_ = false;
};

// requires: the parent folder exists
// ensures:  on success `target` holds exactly `data` with mode 0600; on error
//           nothing new exists and an existing target is unchanged.
Status save_file_atomic(const std::filesystem::path& target, std::span<const std::uint8_t> data,
                        const SaveOptions& options = {});

// Several files that belong together (a snapshot's images and sidecar, a
// render and its report), saved as one: all are written and fsynced before
// any is published, then published in the given order; if one cannot be
// published, those this call already published are removed again.
struct FileToSave {
    std::filesystem::path target;
    std::span<const std::uint8_t> data;
};
Status save_files_atomic(std::span<const FileToSave> files, const SaveOptions& options = {});

// Creates `dir` and missing parents with mode 0700 (existing folders keep
// their mode). BadInput error naming the folder when it cannot.
Status make_private_dirs(const std::filesystem::path& dir);

// A name in `dir` that does not exist yet: "<stem><suffix>", else
// "<stem>-2<suffix>", "<stem>-3<suffix>"... (a later atomic save still
// refuses to replace, so a race only fails, never overwrites).
std::filesystem::path unused_path(const std::filesystem::path& dir, const std::string& stem,
                                  const std::string& suffix);

}  // namespace hairline
