#include "app/cli/cli_clients.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/shared/errors.h"
#include "engine/session/client_records.h"

namespace hairline::app {
namespace {


int list(const std::filesystem::path& root, const ClientsArgs& args) {
    auto clients = list_clients(root);
    if (!clients) return report_error("clients list", clients.error());
    nlohmann::json out = nlohmann::json::array();
    int shown = 0;
    for (const ClientSummary& c : *clients) {
        if (!client_matches(c, args.search)) continue;
        ++shown;
        if (args.json) {
            out.push_back({{"name", c.name}, {"folder", c.folder.string()}, {"snapshots", c.snapshots},
                           {"files", c.files}, {"bytes", c.bytes}, {"last_saved_utc", c.last_saved_utc}});
            continue;
        }
        if (shown == 1) std::printf("%-9s  %-20s  %-9s  %s\n", "snapshots", "last saved (UTC)", "size", "name");
        // The name last: wide (CJK) letters would break the columns after it.
        std::printf("%9d  %-20s  %9s  %s\n", c.snapshots, c.last_saved_utc.empty() ? "-" : c.last_saved_utc.c_str(),
                    size_text(c.bytes).c_str(), one_line(c.name).c_str());
    }
    if (args.json) std::printf("%s\n", out.dump(2).c_str());
    else if (shown == 0)
        std::printf(args.search.empty() ? "no clients under %s\n" : "no client matches under %s\n", root.c_str());
    return 0;
}

int show(const std::filesystem::path& root, const ClientsArgs& args) {
    auto client = find_client(root, args.name);
    if (!client) return report_error("clients show", client.error());
    std::printf("name: %s\nfolder: %s\nfiles: %lld (%s)\nsnapshots: %d\n", one_line(client->name).c_str(),
                client->folder.c_str(), static_cast<long long>(client->files), size_text(client->bytes).c_str(),
                client->snapshots);
    for (const HistoryEntry& e : client_history(client->folder)) {
        std::printf("- %s  %s", e.saved_utc.empty() ? e.files.sidecar.stem().c_str() : e.saved_utc.c_str(),
                    e.files.image.filename().c_str());
        if (e.design) std::printf("  %s", history_summary(e).c_str());
        else std::printf("  (design unreadable)");
        if (!e.notes.empty()) std::printf("  notes: %s", one_line(e.notes, 120).c_str());
        std::printf("\n");
    }
    return 0;
}

int export_record(const std::filesystem::path& root, const ClientsArgs& args) {
    auto client = find_client(root, args.name);
    if (!client) return report_error("clients export", client.error());
    auto dest = export_client(*client, args.dest);
    if (!dest) return report_error("clients export", dest.error());
    std::printf("%s\n", dest->c_str());
    return 0;
}

int delete_record(const std::filesystem::path& root, const ClientsArgs& args) {
    auto client = find_client(root, args.name);
    if (!client) return report_error("clients delete", client.error());
    if (!args.yes)
        return report_error("clients delete",
                            bad_input(client->name, "would delete " + std::to_string(client->files) + " files (" +
                                                        size_text(client->bytes) + "); add --yes to delete them"));
    if (auto deleted = delete_client(root, *client); !deleted) return report_error("clients delete", deleted.error());
    std::printf("deleted %s: %lld files (%s)\n", one_line(client->name).c_str(), static_cast<long long>(client->files),
                size_text(client->bytes).c_str());
    return 0;
}

}  // namespace

void add_clients_command(CLI::App& app, ClientsArgs& args) {
    CLI::App* cmd = app.add_subcommand("clients", "Client records: list, show, export or delete a client's files");
    cmd->add_option("--snapshots", args.snapshots,
                    "Clients folder (default $XDG_DATA_HOME/hairline/clients, as the live app)");
    cmd->require_subcommand(1);
    CLI::App* list = cmd->add_subcommand("list", "Every client, with snapshot counts");
    list->add_option("--search", args.search, "Only names containing this (case and accents ignored)");
    list->add_flag("--json", args.json, "As JSON, for scripts");
    list->callback([&args] { args.action = "list"; });
    CLI::App* show = cmd->add_subcommand("show", "One client's folder and history");
    show->add_option("name", args.name, "Client's name (as typed in the app) or folder name")->required();
    show->callback([&args] { args.action = "show"; });
    CLI::App* exp = cmd->add_subcommand("export", "Copy one client's record, with a PDF sheet, into a folder");
    exp->add_option("name", args.name, "Client's name or folder name")->required();
    exp->add_option("dir", args.dest, "Existing folder to export into")->required();
    exp->callback([&args] { args.action = "export"; });
    CLI::App* del = cmd->add_subcommand("delete", "Delete every file of one client");
    del->add_option("name", args.name, "Client's name or folder name")->required();
    del->add_flag("--yes", args.yes, "Confirm: without it nothing is deleted");
    del->callback([&args] { args.action = "delete"; });
}

int run_clients(const ClientsArgs& args) {
    std::filesystem::path root;
    if (args.snapshots) root = *args.snapshots;
    else if (auto dir = default_clients_dir()) root = *dir;
    else return report_error("clients", dir.error());
    if (args.action == "list") return list(root, args);
    if (args.action == "show") return show(root, args);
    if (args.action == "export") return export_record(root, args);
    if (args.action == "delete") return delete_record(root, args);
    return report_error("clients", bad_input("clients", "say list, show, export or delete"));
}

}  // namespace hairline::app
