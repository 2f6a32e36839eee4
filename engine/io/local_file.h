#pragma once
// Reading user-supplied files safely: local regular files only, never a URL,
// never blocking on a FIFO or device, with a size cap.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace hairline {

// True for "http://x", "rtsp:x", "file://x" and other scheme-prefixed names.
// hairline never makes a network connection, so these are always refused.
bool looks_like_url(const std::string& name);

// Opens `path` without following it into a FIFO, device, socket or directory.
// ensures: the first `max_bytes_to_read` bytes of a regular file, or a
//          BadInput error naming the path ("is a directory", "is a FIFO"...)
//          or the file size exceeding `max_file_bytes`.
struct FileBytes {
    std::vector<std::uint8_t> bytes;  // the prefix that was read
    std::int64_t file_size = 0;       // the whole file's size
};
Result<FileBytes> read_local_file(const std::string& path, std::int64_t max_bytes_to_read,
                                  std::int64_t max_file_bytes);

// A small text file read whole (design files, sidecars): the read_local_file
// errors, or "<path>: <what> is larger than N KiB" over `max_bytes`.
Result<std::string> read_small_text_file(const std::string& path, std::int64_t max_bytes, const std::string& what);

// Checks `path` names a readable local regular file (for decoders such as
// video that open the file themselves). Same errors as read_local_file.
Status check_local_regular_file(const std::string& path);

}  // namespace hairline
