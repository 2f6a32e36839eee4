#include "engine/session/snapshot.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <utf8proc.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/design/design_json.h"
#include "engine/session/consultation_sheet.h"
#include "engine/io/atomic_file.h"
#include "engine/io/local_file.h"
#include "engine/io/xdg_paths.h"

namespace hairline {
namespace {

enum class StampStyle { Iso, FileName };

std::string utc_stamp(std::chrono::system_clock::time_point when, StampStyle style) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[40];
    if (style == StampStyle::Iso) std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    else std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &utc);
    return buf;
}

Result<std::vector<std::uint8_t>> png_bytes(const cv::Mat& image, const std::string& where) {
    std::vector<std::uint8_t> out;
    if (image.empty() || !cv::imencode(".png", image, out)) return runtime_error(where, "PNG encoding failed");
    return out;
}

}  // namespace

std::string normalised_client_name(const std::string& client) {
    // Invalid UTF-8 bytes (and NUL) become U+FFFD first; then NFC, so "é" typed as
    // e + combining accent and as one code point are the same client.
    std::string valid;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(client.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(client.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            cp = 0xFFFD;
            n = 1;
        }
        if (cp == 0) cp = 0xFFFD;  // NFC below reads up to a NUL
        utf8proc_uint8_t buf[4];
        valid.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(utf8proc_encode_char(cp, buf)));
        p += n;
        left -= n;
    }
    utf8proc_uint8_t* nfc = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(valid.c_str()));
    if (!nfc) return valid;
    std::string out(reinterpret_cast<const char*>(nfc));
    std::free(nfc);
    return out;
}

std::string safe_folder_name(const std::string& client) {
    constexpr std::size_t kMaxCodePoints = 64, kMaxBytes = 180;
    const std::string name = normalised_client_name(client);
    std::string out;
    std::size_t points = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(name.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(name.size());
    while (left > 0 && points < kMaxCodePoints) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) break;
        const utf8proc_category_t c = utf8proc_category(cp);
        const bool keep = cp == '-' || cp == '_' ||
                          (cp != 0xFFFD && ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
                                            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)));
        if (keep) {
            if (out.size() + static_cast<std::size_t>(n) > kMaxBytes) break;
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        } else if (out.empty() || out.back() != '_') {
            out.push_back('_');  // runs collapse
        }
        ++points;
        p += n;
        left -= n;
    }
    while (!out.empty() && out.front() == '_') out.erase(out.begin());
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "unnamed" : out;
}

namespace {

constexpr const char* kClientRecord = "client.json";

}  // namespace

std::optional<std::string> recorded_client_name(const std::filesystem::path& folder) {
    auto text = read_small_text_file((folder / kClientRecord).string(), 64 * 1024, "client record");
    if (!text) return std::nullopt;
    const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string()) return std::nullopt;
    return j["name"].get<std::string>();
}

std::filesystem::path client_folder(const std::filesystem::path& clients_dir, const std::string& client) {
    const std::string name = normalised_client_name(client);
    const std::string base = safe_folder_name(client);
    for (int n = 1;; ++n) {
        const std::filesystem::path folder = clients_dir / (n == 1 ? base : base + "-" + std::to_string(n));
        std::error_code ec;
        if (!std::filesystem::exists(folder, ec)) return folder;
        const auto owner = recorded_client_name(folder);
        if (!owner || *owner == name) return folder;  // ours, or an earlier build's
    }
}

Status record_client_name(const std::filesystem::path& folder, const std::string& client) {
    std::error_code ec;
    if (std::filesystem::exists(folder / kClientRecord, ec)) return ok_status();
    const nlohmann::json j = {{"version", 1}, {"name", normalised_client_name(client)}};
    const std::string text = j.dump(2) + "\n";
    const FileToSave files[] = {{folder / kClientRecord, text_bytes(text)}};
    return save_files_atomic(files);
}

Result<std::filesystem::path> default_clients_dir() {
    auto data = xdg_data_dir();
    if (!data) return data.error();
    return *data / "clients";
}

nlohmann::json snapshot_sidecar_json(const SnapshotInput& in, std::chrono::system_clock::time_point when) {
    nlohmann::json j;
    j["version"] = kSnapshotVersion;
    j["saved_utc"] = utc_stamp(when, StampStyle::Iso);
    j["client"] = {{"name", in.client}, {"notes", in.notes}};
    j["source"] = in.source;
    j["mirrored"] = in.mirrored;
    j["design"] = design_to_json_value(in.record.design);
    j["measurements"] = preview_record_json(in.record);
    // What the consultation sheet of this snapshot shows (client export).
    nlohmann::json sheet = {{"checks", sheet_checks(in.record)}};
    if (auto focus = sheet_focus(in.record)) {
        if (in.mirrored) focus->x = in.before.cols - focus->x - focus->width;  // the images are saved flipped
        sheet["focus"] = {focus->x, focus->y, focus->width, focus->height};
    }
    j["sheet"] = sheet;
    return j;
}

Result<SavedSnapshot> save_snapshot(const std::filesystem::path& folder, const SnapshotInput& input,
                                    std::chrono::system_clock::time_point when) {
    if (auto made = make_private_dirs(folder); !made) return made.error();
    if (auto recorded = record_client_name(folder, input.client); !recorded) return recorded.error();
    cv::Mat before = input.before, after = input.after;
    if (input.mirrored) {
        cv::flip(input.before, before, 1);
        cv::flip(input.after, after, 1);
    }
    cv::Mat both;
    cv::hconcat(before, after, both);
    auto image = png_bytes(after, "snapshot");
    if (!image) return image.error();
    auto pair = png_bytes(both, "snapshot");
    if (!pair) return pair.error();
    const std::string sidecar = snapshot_sidecar_json(input, when).dump(2) + "\n";

    // One stem for the three files; -2, -3... when the second is taken.
    const std::string stem = utc_stamp(when, StampStyle::FileName);
    SavedSnapshot saved;
    for (int n = 1; n < 1000; ++n) {
        const std::string name = n == 1 ? stem : stem + "-" + std::to_string(n);
        saved = {folder / (name + ".png"), folder / (name + "-before-after.png"), folder / (name + ".json")};
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(saved.image, ec)) &&
            !std::filesystem::exists(std::filesystem::symlink_status(saved.sidecar, ec)) &&
            !std::filesystem::exists(std::filesystem::symlink_status(saved.before_after, ec)))
            break;
    }
    // The sidecar last: a listed snapshot always has its images.
    const FileToSave files[] = {{saved.image, *image}, {saved.before_after, *pair}, {saved.sidecar, text_bytes(sidecar)}};
    if (auto s = save_files_atomic(files); !s) return s.error();
    return saved;
}

Result<Design> load_snapshot_design(const std::string& path) {
    auto text = read_small_text_file(path, static_cast<std::int64_t>(kMaxDesignJsonBytes), "sidecar");
    if (!text) return text.error();
    const nlohmann::json root = nlohmann::json::parse(*text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) return bad_input(path, "not a snapshot sidecar (invalid JSON)");
    return snapshot_design_from_json(root, path);
}

Result<Design> snapshot_design_from_json(const nlohmann::json& root, const std::string& path) {
    const auto version = root.find("version");
    if (version == root.end() || !version->is_number_integer())
        return bad_input(path + ": version", "missing; not a hairline snapshot sidecar");
    if (version->get<std::int64_t>() > kSnapshotVersion)
        return bad_input(path + ": version", "newer than this build understands; update hairline");
    const auto design = root.find("design");
    if (design == root.end() || !design->is_object()) return bad_input(path + ": design", "missing");
    return design_from_json(design->dump(), path + ": design");
}

std::vector<SavedSnapshot> list_snapshots(const std::filesystem::path& folder) {
    std::vector<SavedSnapshot> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const auto& p = entry.path();
        if (p.extension() != ".json" || !entry.is_regular_file(ec)) continue;
        SavedSnapshot s{p, p, p};
        s.image.replace_extension(".png");
        s.before_after = p.parent_path() / (p.stem().string() + "-before-after.png");
        if (std::filesystem::is_regular_file(s.image, ec)) out.push_back(s);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.sidecar > b.sidecar; });
    return out;
}

}  // namespace hairline
