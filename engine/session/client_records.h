#pragma once
// A clinic's client records on disk: one folder per client under the clients
// folder (snapshot.h), found, listed, shown, exported and deleted here. The
// live app's Clients panel and `hairline clients` both use these, so a
// deletion is the same everywhere: every file of the client, one action.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/design/hairline_measures.h"
#include "engine/session/snapshot.h"

namespace hairline {

struct ClientSummary {
    std::string name;                // as recorded (client.json), else the folder's name (earlier builds)
    std::filesystem::path folder;
    int snapshots = 0;
    std::int64_t files = 0;          // every regular file in the folder
    std::int64_t bytes = 0;
    std::string last_saved_utc;      // newest snapshot's time ("" when none)
};

// "5.5 MB": a record's size as the list and the delete confirmation say it.
std::string size_text(std::int64_t bytes);

// Every client folder under `clients_dir`, by name (case-insensitive); a
// missing folder is no clients. Hidden folders (a deletion under way) are skipped.
Result<std::vector<ClientSummary>> list_clients(const std::filesystem::path& clients_dir);

// Only the names (client.json, one small file per client): what the live
// app's font must show, read at start without the listing's counts.
std::vector<std::string> client_names(const std::filesystem::path& clients_dir);

// Substring search on the name, blind to case and accents ("jose" finds
// "José García"); "" matches all.
bool client_matches(const ClientSummary& client, const std::string& query);

// The client with exactly this name (NFC), else with this folder name.
// ensures: BadInput "no client named ..." when there is none.
Result<ClientSummary> find_client(const std::filesystem::path& clients_dir, const std::string& name);

struct HistoryEntry {
    SavedSnapshot files;
    std::string saved_utc;
    std::optional<Design> design;  // nullopt: the sidecar could not be read
    HairlineMeasures hairline;     // the line it showed, as recorded (recorded_hairline); with design only
    std::string notes;
};

// The client's snapshots, newest first, each with the design it showed.
std::vector<HistoryEntry> client_history(const std::filesystem::path& folder);

// "Freeform, hairline 92 mm, 90 impressions per cm², session 3 of 3": a
// snapshot's design in one line (the Clients panel and `clients show`).
// requires: entry.design
std::string history_summary(const HistoryEntry& entry);

// The hairline a sidecar's "measurements" (preview_record_json) recorded.
// Records before version 2 gave the preset slider's height even for a
// freeform line, so their design is measured instead; the picture's own
// figures (as photographed) are taken as recorded.
HairlineMeasures recorded_hairline(const nlohmann::json& measurements, const Design& design);

// Removes every file of this client: the folder is first renamed out of
// sight (the client is gone from every list at once), then emptied and
// removed. Refuses a folder that is not directly under `clients_dir` or is a
// symbolic link. On an error the message says what is left and where.
Status delete_client(const std::filesystem::path& clients_dir, const ClientSummary& client);

// Copies the client's record into a new folder under `dest_parent` (its
// folder name, -2... if taken): every file (0600, atomic, nothing replaced)
// and <snapshot>-sheet.pdf, the consultation sheet of the newest snapshot. Returns the new folder.
Result<std::filesystem::path> export_client(const ClientSummary& client, const std::filesystem::path& dest_parent);

}  // namespace hairline
