#include "engine/session/snapshot.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/design/design_json.h"
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

std::string safe_folder_name(const std::string& client) {
    std::string out;
    for (unsigned char c : client) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_';
        const char mapped = keep ? static_cast<char>(c) : '_';
        if (mapped == '_' && !out.empty() && out.back() == '_') continue;  // collapse runs
        out.push_back(mapped);
        if (out.size() >= 64) break;
    }
    while (!out.empty() && out.front() == '_') out.erase(out.begin());
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "unnamed" : out;
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
    return j;
}

Result<SavedSnapshot> save_snapshot(const std::filesystem::path& folder, const SnapshotInput& input,
                                    std::chrono::system_clock::time_point when) {
    if (auto made = make_private_dirs(folder); !made) return made.error();
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
