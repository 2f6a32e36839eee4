#include "engine/session/client_records.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <cstdlib>

#include <utf8proc.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/design/design_json.h"
#include "engine/design/design_labels.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"
#include "engine/session/consultation_sheet.h"

namespace hairline {
namespace {

namespace fs = std::filesystem;
constexpr const char* kDeletingPrefix = ".deleting-";
constexpr std::int64_t kMaxRecordFileBytes = 512LL << 20;  // a snapshot PNG of a 48 MP frame fits

// Case-folded, accents stripped, NFC: what a search compares.
std::string search_key(const std::string& text) {
    utf8proc_uint8_t* out = nullptr;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                        UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    const std::string valid = normalised_client_name(text);
    if (utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()), static_cast<utf8proc_ssize_t>(valid.size()),
                     &out, options) < 0)
        return valid;
    std::string key(reinterpret_cast<const char*>(out));
    std::free(out);
    return key;
}

std::optional<nlohmann::json> read_json(const fs::path& path, std::int64_t max_bytes) {
    auto text = read_small_text_file(path.string(), max_bytes, "record");
    if (!text) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
}

std::string string_at(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// client.json's name, else (an earlier build's folder) the folder's own name.
std::string display_name(const fs::path& folder) {
    const auto recorded = recorded_client_name(folder);
    return recorded && !recorded->empty() ? *recorded : folder.filename().string();
}

// The client folders under `clients_dir` (not hidden, not links); empty when it is missing.
Result<std::vector<fs::path>> client_folders(const fs::path& clients_dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::exists(clients_dir, ec)) return out;
    fs::directory_iterator it(clients_dir, ec);
    if (ec) return runtime_error(clients_dir.string(), "cannot be read: " + ec.message());
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.' || entry.is_symlink(ec) || !entry.is_directory(ec)) continue;
        out.push_back(entry.path());
    }
    return out;
}

ClientSummary summarise(const fs::path& folder) {
    ClientSummary c;
    c.folder = folder;
    c.name = display_name(folder);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
        ++c.files;
        c.bytes += static_cast<std::int64_t>(entry.file_size(ec));
    }
    const auto snapshots = list_snapshots(folder);
    c.snapshots = static_cast<int>(snapshots.size());
    if (!snapshots.empty())
        if (auto sidecar = read_json(snapshots.front().sidecar, static_cast<std::int64_t>(kMaxDesignJsonBytes)))
            c.last_saved_utc = string_at(*sidecar, "saved_utc");
    return c;
}

bool fsync_dir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Removes a folder renamed for deletion; the count of what could not go.
std::uintmax_t remove_renamed(const fs::path& doomed, std::error_code& ec) {
    fs::remove_all(doomed, ec);
    if (!ec) return 0;
    std::uintmax_t left = 0;
    std::error_code count_ec;
    for (auto it = fs::recursive_directory_iterator(doomed, count_ec); !count_ec && it != fs::recursive_directory_iterator();
         it.increment(count_ec))
        ++left;
    return left + 1;
}

// "2026-12-02T03:00:59Z" as a time (now when it cannot be read).
std::chrono::system_clock::time_point saved_time(const std::string& iso) {
    std::tm utc{};
    const char* end = ::strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    if (end == nullptr || *end != '\0') return std::chrono::system_clock::now();
    return std::chrono::system_clock::from_time_t(::timegm(&utc));
}

// The sheet of one snapshot, rebuilt from its files.
Result<std::vector<std::uint8_t>> snapshot_sheet(const ClientSummary& client, const SavedSnapshot& snapshot) {
    auto sidecar = read_json(snapshot.sidecar, static_cast<std::int64_t>(kMaxDesignJsonBytes));
    if (!sidecar) return bad_input(snapshot.sidecar.string(), "not a readable snapshot sidecar");
    auto design = snapshot_design_from_json(*sidecar, snapshot.sidecar.string());
    if (!design) return design.error();
    const cv::Mat both = cv::imread(snapshot.before_after.string(), cv::IMREAD_COLOR);
    if (both.empty() || both.cols < 2) return bad_input(snapshot.before_after.string(), "cannot be read as a PNG");
    const int half = both.cols / 2;
    SheetInput in;
    in.before = both(cv::Rect(0, 0, half, both.rows)).clone();
    in.after = both(cv::Rect(half, 0, half, both.rows)).clone();

    SheetMeasures m;
    const nlohmann::json& measures = sidecar->value("measurements", nlohmann::json::object());
    m.hairline = recorded_hairline(measures, *design);
    m.pigment_used = string_at(measures, "pigment_used");
    const nlohmann::json& tone = measures.value("skin_tone", nlohmann::json::object());
    if (tone.value("estimated", false)) {
        m.skin_type = string_at(tone, "fitzpatrick");
        if (tone.contains("confidence") && tone["confidence"].is_number()) m.skin_confidence = tone["confidence"].get<double>();
    }
    in.rows = sheet_rows(*design, m);
    const nlohmann::json& sheet = sidecar->value("sheet", nlohmann::json::object());
    if (const auto checks = sheet.find("checks"); checks != sheet.end() && checks->is_array())
        for (const auto& c : *checks)
            if (c.is_string()) in.checks.push_back(c.get<std::string>());
    if (const auto f = sheet.find("focus"); f != sheet.end() && f->is_array() && f->size() == 4 &&
                                            std::all_of(f->begin(), f->end(), [](const auto& v) { return v.is_number_integer(); }))
        in.focus = cv::Rect((*f)[0].get<int>(), (*f)[1].get<int>(), (*f)[2].get<int>(), (*f)[3].get<int>());
    in.client = client.name;
    const nlohmann::json& who = sidecar->value("client", nlohmann::json::object());
    in.notes = string_at(who, "notes");
    in.when = saved_time(string_at(*sidecar, "saved_utc"));
    return consultation_sheet_pdf(in);
}

}  // namespace

std::string size_text(std::int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

Result<std::vector<ClientSummary>> list_clients(const fs::path& clients_dir) {
    auto folders = client_folders(clients_dir);
    if (!folders) return folders.error();
    std::vector<ClientSummary> out;
    for (const fs::path& folder : *folders) out.push_back(summarise(folder));
    std::sort(out.begin(), out.end(), [](const ClientSummary& a, const ClientSummary& b) {
        const std::string ka = search_key(a.name), kb = search_key(b.name);
        return ka != kb ? ka < kb : a.folder < b.folder;
    });
    return out;
}

std::vector<std::string> client_names(const fs::path& clients_dir) {
    std::vector<std::string> out;
    if (auto folders = client_folders(clients_dir))
        for (const fs::path& folder : *folders) out.push_back(display_name(folder));
    return out;
}

bool client_matches(const ClientSummary& client, const std::string& query) {
    if (query.empty()) return true;
    return search_key(client.name).find(search_key(query)) != std::string::npos;
}

Result<ClientSummary> find_client(const fs::path& clients_dir, const std::string& name) {
    auto clients = list_clients(clients_dir);
    if (!clients) return clients.error();
    const std::string wanted = normalised_client_name(name);
    for (const auto& c : *clients)
        if (c.name == wanted) return c;
    for (const auto& c : *clients)
        if (c.folder.filename() == wanted) return c;
    int similar = 0;
    for (const auto& c : *clients) similar += client_matches(c, name);
    return bad_input("client \"" + wanted + "\"",
                     "no client with this name (" + std::to_string(clients->size()) + (clients->size() == 1 ? " client" : " clients") +
                         (similar > 0 ? ", " + std::to_string(similar) + " with it in their name: see `hairline clients list --search`" : "") +
                         ")");
}

std::vector<HistoryEntry> client_history(const fs::path& folder) {
    std::vector<HistoryEntry> out;
    for (const SavedSnapshot& s : list_snapshots(folder)) {
        HistoryEntry e;
        e.files = s;
        if (auto sidecar = read_json(s.sidecar, static_cast<std::int64_t>(kMaxDesignJsonBytes))) {
            e.saved_utc = string_at(*sidecar, "saved_utc");
            e.notes = string_at(sidecar->value("client", nlohmann::json::object()), "notes");
            if (auto design = snapshot_design_from_json(*sidecar, s.sidecar.string())) {
                e.design = *design;
                e.hairline = recorded_hairline(sidecar->value("measurements", nlohmann::json::object()), *design);
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string history_summary(const HistoryEntry& e) {
    const Design& d = *e.design;
    const std::string shape = d.control_points.empty() ? std::string(preset_label(d.preset)) : "Freeform";
    char text[160];
    std::snprintf(text, sizeof text, "%s, hairline %.0f mm, %.0f impressions per cm², session %d of 3", shape.c_str(),
                  e.hairline.height_mm, d.density_per_cm2, d.sessions);
    return text;
}

HairlineMeasures recorded_hairline(const nlohmann::json& measurements, const Design& design) {
    HairlineMeasures m = measure_hairline(design);
    auto number = [&](const char* key) -> std::optional<double> {
        const auto it = measurements.find(key);
        return it != measurements.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
    };
    if (number("version").value_or(1) >= 2) {
        m.height_mm = number("hairline_height_mm").value_or(m.height_mm);
        m.temple_recession_mm = number("temple_recession_mm").value_or(m.temple_recession_mm);
    }
    m.projected_height_mm = number("hairline_height_projected_mm");
    return m;
}

Status delete_client(const fs::path& clients_dir, const ClientSummary& client) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(clients_dir, ec);
    const fs::path parent = fs::weakly_canonical(client.folder.parent_path(), ec);
    if (ec || root != parent || client.folder.filename().empty() || client.folder.filename().string().front() == '.')
        return bad_input(client.folder.string(), "is not a client folder of " + clients_dir.string());
    if (fs::is_symlink(fs::symlink_status(client.folder, ec)) || !fs::is_directory(client.folder, ec))
        return bad_input(client.folder.string(), "is not a client folder (a link or not a folder)");
    // Out of sight first: one rename, so no list ever shows half a client.
    const fs::path doomed = unused_path(clients_dir, kDeletingPrefix + client.folder.filename().string(), "");
    fs::rename(client.folder, doomed, ec);
    if (ec) return runtime_error(client.folder.string(), "cannot be deleted: " + ec.message());
    fsync_dir(clients_dir);
    if (const std::uintmax_t left = remove_renamed(doomed, ec); left > 0)
        return runtime_error(doomed.string(), std::to_string(left) + " files could not be removed (" + ec.message() +
                                                  "); nothing of them is listed any more; remove the folder by hand");
    fsync_dir(clients_dir);
    return ok_status();
}

Result<fs::path> export_client(const ClientSummary& client, const fs::path& dest_parent) {
    std::error_code ec;
    if (!fs::is_directory(dest_parent, ec)) return bad_input(dest_parent.string(), "is not a folder");
    const fs::path dest = unused_path(dest_parent, client.folder.filename().string(), "");
    if (auto made = make_private_dirs(dest); !made) return made.error();
    std::vector<std::vector<std::uint8_t>> contents;
    std::vector<FileToSave> files;
    std::vector<fs::path> sources;
    for (const auto& entry : fs::directory_iterator(client.folder, ec))
        if (entry.is_regular_file(ec) && !entry.is_symlink(ec)) sources.push_back(entry.path());
    if (ec) return runtime_error(client.folder.string(), "cannot be read: " + ec.message());
    std::sort(sources.begin(), sources.end());
    contents.reserve(sources.size() + 1);
    for (const fs::path& source : sources) {
        auto read = read_local_file(source.string(), kMaxRecordFileBytes, kMaxRecordFileBytes);
        if (!read) return read.error();
        contents.push_back(std::move(read->bytes));
        files.push_back({dest / source.filename(), contents.back()});
    }
    const auto snapshots = list_snapshots(client.folder);
    if (!snapshots.empty()) {
        auto sheet = snapshot_sheet(client, snapshots.front());
        if (!sheet) return sheet.error();
        contents.push_back(std::move(*sheet));
        // Named after its snapshot: no copied file has that name.
        files.push_back({dest / (snapshots.front().sidecar.stem().string() + "-sheet.pdf"), contents.back()});
    }
    if (auto saved = save_files_atomic(files); !saved) {
        fs::remove(dest, ec);  // empty again: save_files_atomic removed what it published
        return saved.error();
    }
    return dest;
}

}  // namespace hairline
