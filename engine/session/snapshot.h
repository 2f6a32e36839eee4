#pragma once
// A consultation's record: snapshots of the preview saved under the client's
// folder ($XDG_DATA_HOME/hairline/clients/<safe name>/, or a chosen folder),
// each as the preview PNG, a before | after PNG and a JSON sidecar with the
// full design and what was measured. Files 0600, folders 0700, written
// atomically, never overwriting.

#include <filesystem>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/preview/preview_record.h"

namespace hairline {

// 2: the measurements are the preview record (preview_record_json), skin tone
// and pigment inside it. 1 (earlier builds) still loads: only "design" is read.
inline constexpr int kSnapshotVersion = 2;

// A client's name or ID as a folder name: NFC-normalised, letters (any
// script), marks, digits, '-' and '_' kept, everything else (slashes, dots,
// spaces, control characters, invalid UTF-8) turned into '_', at most 64
// code points and 180 bytes; "unnamed" when nothing is left. ASCII names
// map as they always did ("Jo Smith" -> "Jo_Smith").
std::string safe_folder_name(const std::string& client);

// The client's name as stored (NFC; invalid UTF-8 replaced).
std::string normalised_client_name(const std::string& client);

// The folder under `clients_dir` for this client: safe_folder_name, or with
// -2, -3... when that folder belongs to another name (its client.json says
// so). Two different names never share a folder; a folder from an earlier
// build (no client.json) is kept by the name that maps to it.
std::filesystem::path client_folder(const std::filesystem::path& clients_dir, const std::string& client);

// The name <folder>/client.json records; nullopt when there is none (a folder
// from an earlier build) or it cannot be read.
std::optional<std::string> recorded_client_name(const std::filesystem::path& folder);

// Writes <folder>/client.json (version 1, the display name) if missing.
Status record_client_name(const std::filesystem::path& folder, const std::string& client);

// $XDG_DATA_HOME/hairline/clients (not created).
Result<std::filesystem::path> default_clients_dir();

struct SnapshotInput {
    cv::Mat before;   // the camera frame, BGR, unmirrored
    cv::Mat after;    // the preview, same size
    PreviewRecord record;     // the design and what was measured
    std::string client;       // name or ID as typed
    std::string notes;
    std::string source;       // "camera", "demo", "video" (never a file path)
    bool mirrored = false;    // saved as the client saw it in the mirror view
};

struct SavedSnapshot {
    std::filesystem::path image;        // <stamp>.png
    std::filesystem::path before_after; // <stamp>-before-after.png
    std::filesystem::path sidecar;      // <stamp>.json
};

// ensures: three new files in `folder` (created 0700 if missing); names
//          carry a timestamp and never replace an existing file. On error,
//          nothing partial stays behind.
Result<SavedSnapshot> save_snapshot(const std::filesystem::path& folder, const SnapshotInput& input,
                                    std::chrono::system_clock::time_point when);

nlohmann::json snapshot_sidecar_json(const SnapshotInput& input, std::chrono::system_clock::time_point when);

// Reads a sidecar back: its design (validated like a design file).
Result<Design> load_snapshot_design(const std::string& sidecar_path);
// The same from a sidecar already parsed (`where` names it in errors).
Result<Design> snapshot_design_from_json(const nlohmann::json& root, const std::string& where);

// The snapshot images of a folder, newest first (sidecars with their PNG).
std::vector<SavedSnapshot> list_snapshots(const std::filesystem::path& folder);

}  // namespace hairline
