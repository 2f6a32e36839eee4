// [SECTION] the client's folder   [SECTION] snapshots and sheets
// [SECTION] restore               [SECTION] the Clients panel

#include "app/live/records.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "app/live/status_message.h"
#include "engine/io/atomic_file.h"
#include "engine/session/client_records.h"
#include "engine/session/consultation_sheet.h"
#include "engine/session/snapshot.h"

namespace hairline::app {
namespace {

const ClientSummary* summary_of(const std::vector<ClientSummary>& list, const std::filesystem::path& folder) {
    for (const auto& c : list)
        if (c.folder == folder) return &c;
    return nullptr;
}

// The same sheet as `hairline consultation`, as a PDF in the client's folder.
// ensures: the file written, or the message saying why not.
Result<std::filesystem::path> write_sheet(const std::filesystem::path& folder, const SheetInput& in) {
    auto pdf = consultation_sheet_pdf(in);
    if (!pdf) return pdf.error();
    if (auto made = make_private_dirs(folder); !made) return made.error();
    if (auto recorded_name = record_client_name(folder, in.client); !recorded_name) return recorded_name.error();
    const auto target = unused_path(folder, "consultation-sheet", ".pdf");
    if (auto saved = save_file_atomic(target, *pdf); !saved) return saved.error();
    return target;
}

}  // namespace

Records::Records(JobWorker& jobs, std::filesystem::path clients_dir, std::chrono::steady_clock::time_point start)
    : jobs_(jobs), root_(std::move(clients_dir)), start_(start), gallery_(jobs) {}

double Records::now_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

// [SECTION] the client's folder ----------------------------------------------

// client_folder() reads the candidate folders' client.json, so it runs on the
// worker, once per name (one at a time: typing a name asks again when the
// answer for the previous keystroke is back).
const std::filesystem::path& Records::begin_frame(const LiveState& state) {
    if (!resolving_ && (!folder_known_ || folder_name_ != state.client.name)) resolve_folder(state.client.name);
    if (folder_known_) gallery_.show(folder_);
    gallery_.upload();
    return folder_;
}

void Records::resolve_folder(const std::string& name) {
    resolving_ = true;
    jobs_.submit("folder", [this, root = root_, name] {
        auto folder = client_folder(root, name);
        return [this, name, folder = std::move(folder)] {
            resolving_ = false;
            found_folder(name, folder);
        };
    });
}

void Records::found_folder(const std::string& name, const std::filesystem::path& folder) {
    folder_name_ = name;
    folder_ = folder;
    folder_known_ = true;
}

// [SECTION] snapshots and sheets ---------------------------------------------

void Records::act(const PanelRequests& requests, LiveState& state, const std::function<Result<Recorded>()>& record,
                  const std::string& source) {
    if (requests.load_sidecar) restore(*requests.load_sidecar, state);
    if (requests.export_client) export_record(*requests.export_client, state);
    if (requests.delete_client) delete_record(*requests.delete_client, state);
    if (requests.show_history) show_history(*requests.show_history, state);
    if (state.clients.open && state.clients.stale) list_clients_now(state);
    if (requests.snapshot || requests.export_sheet) save(requests.snapshot, requests.export_sheet, state, record, source);
}

void Records::save(bool snapshot, bool sheet, LiveState& state, const std::function<Result<Recorded>()>& record,
                   const std::string& source) {
    if (deleting_ > 0) {
        say(state, "Not saved: a client's files are being deleted; try again in a moment", now_s());
        return;
    }
    auto recorded = record();
    if (!recorded) {
        say(state, "Not saved: " + recorded.error().message(), now_s());
        return;
    }
    const auto when = std::chrono::system_clock::now();
    if (snapshot) {
        SnapshotInput in;
        in.before = recorded->before;
        in.after = recorded->after;
        in.record = recorded->record;
        in.client = state.client.name;
        in.notes = state.client.notes;
        in.source = source;
        in.mirrored = state.view.save_mirrored;
        jobs_.submit("snapshot", [this, &state, root = root_, in = std::move(in), when] {
            const auto folder = client_folder(root, in.client);
            auto saved = save_snapshot(folder, in, when);
            cv::Mat thumbnail;
            if (saved) {
                cv::Mat after = in.after;  // the thumbnail shows the file as saved
                if (in.mirrored) cv::flip(in.after, after, 1);
                thumbnail = thumbnail_rgba(after);
            }
            return [this, &state, name = in.client, folder, saved = std::move(saved), thumbnail] {
                state.clients.stale = true;
                if (!saved) {
                    say(state, "Snapshot not saved: " + saved.error().message(), now_s());
                    std::fprintf(stderr, "hairline: snapshot failed: %s\n", saved.error().what.c_str());
                    return;
                }
                say(state, "Saved " + saved->image.filename().string(), now_s());
                std::fprintf(stderr, "hairline: snapshot saved\n");  // no names or paths in logs
                if (name == folder_name_) found_folder(name, folder);
                gallery_.add(folder, *saved, thumbnail);
            };
        });
    }
    if (sheet) {
        jobs_.submit("sheet", [this, &state, root = root_, recorded = *recorded, name = state.client.name,
                               notes = state.client.notes, when] {
            const SheetInput in = sheet_input(recorded.before, recorded.after, recorded.record, name, notes, when);
            const auto folder = client_folder(root, in.client);
            auto written = write_sheet(folder, in);
            return [this, &state, name = in.client, folder, written = std::move(written)] {
                state.clients.stale = true;
                if (!written) {
                    say(state, "Sheet not saved: " + written.error().message(), now_s());
                    return;
                }
                say(state, "Saved " + written->filename().string(), now_s());
                if (name == folder_name_) found_folder(name, folder);
            };
        });
    }
    say(state, snapshot && sheet ? "Saving the snapshot and the sheet..." : snapshot ? "Saving the snapshot..." : "Making the sheet...",
        now_s());
}

// [SECTION] restore ----------------------------------------------------------

void Records::restore(const std::string& sidecar, LiveState& state) {
    jobs_.submit("restore", [this, &state, sidecar] {
        auto design = load_snapshot_design(sidecar);
        return [this, &state, design = std::move(design)] {
            if (!design) {
                say(state, "Not restored: " + design.error().message(), now_s());
                return;
            }
            state.design() = *design;
            commit_design(state, state.active);
            say(state, "Design restored from the snapshot", now_s());
        };
    });
}

// [SECTION] the Clients panel ------------------------------------------------

// The list (and the chosen client's history) read again when stale: opened,
// or after a save, export or deletion. One listing at a time.
void Records::list_clients_now(LiveState& state) {
    if (listing_clients_) return;
    listing_clients_ = true;
    state.clients.stale = false;
    if (state.clients.export_dir.empty())
        if (const char* home = std::getenv("HOME")) state.clients.export_dir = home;
    const std::filesystem::path selected = state.clients.selected.empty() ? folder_ : state.clients.selected;
    jobs_.submit("clients", [this, &state, root = root_, selected] {
        auto list = list_clients(root);
        std::optional<std::vector<HistoryEntry>> history;
        if (list && summary_of(*list, selected)) history = client_history(selected);
        return [this, &state, selected, list = std::move(list), history = std::move(history)]() mutable {
            listing_clients_ = false;
            ClientsBrowser& clients = state.clients;
            clients.list = list ? std::move(*list) : std::vector<ClientSummary>{};
            if (!list) say(state, "Clients not listed: " + list.error().message(), now_s());
            // Opened on the client of this consultation, when there is one;
            // a choice made meanwhile stands.
            if (clients.selected.empty() || clients.selected == selected) {
                clients.selected = history ? selected : std::filesystem::path{};
                clients.history = history ? std::move(*history) : std::vector<HistoryEntry>{};
            }
        };
    });
}

void Records::show_history(const std::filesystem::path& folder, LiveState& state) {
    state.clients.selected = folder;
    state.clients.history.clear();
    jobs_.submit("history", [&state, folder] {
        auto history = client_history(folder);
        return [&state, folder, history = std::move(history)]() mutable {
            if (state.clients.selected == folder) state.clients.history = std::move(history);
        };
    });
}

void Records::export_record(const std::filesystem::path& folder, LiveState& state) {
    jobs_.submit("export", [this, &state, root = root_, folder, dest = state.clients.export_dir] {
        // What is on disk now, not the list as last shown.
        std::string message;
        auto list = list_clients(root);
        if (!list) {
            message = "Not exported: " + list.error().message();
        } else if (const ClientSummary* c = summary_of(*list, folder)) {
            auto made = export_client(*c, dest);
            message = made ? "Exported to " + made->string() : "Not exported: " + made.error().message();
        } else {
            message = "Not exported: the client's files are gone";
        }
        return [this, &state, message] { say(state, message, now_s()); };
    });
}

void Records::delete_record(const std::filesystem::path& folder, LiveState& state) {
    ++deleting_;
    jobs_.submit("delete", [this, &state, root = root_, folder] {
        std::optional<std::string> deleted_name;  // set when deleted
        std::string error;
        auto list = list_clients(root);
        if (!list) {
            error = list.error().message();
        } else if (const ClientSummary* c = summary_of(*list, folder)) {
            if (auto deleted = delete_client(root, *c); deleted) deleted_name = c->name;
            else error = deleted.error().message();
        } else {
            error = "the client's files are gone";
        }
        return [this, &state, folder, deleted_name, error] {
            --deleting_;
            ClientsBrowser& clients = state.clients;
            clients.stale = true;
            if (!deleted_name) {
                say(state, "Not deleted: " + error, now_s());
                return;
            }
            say(state, "Deleted every file of " + *deleted_name, now_s());
            std::fprintf(stderr, "hairline: client deleted\n");  // no names in logs
            if (folder_known_ && folder == folder_) {
                state.client = ClientInfo{};  // a new snapshot must not bring the folder back
                folder_known_ = false;
            }
            clients.selected.clear();
            clients.history.clear();
            gallery_.show(gallery_.folder(), true);
        };
    });
}

}  // namespace hairline::app
