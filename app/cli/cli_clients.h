#pragma once
// hairline clients list [--search TEXT] [--json] | show NAME | export NAME DIR | delete NAME --yes
// The client records on disk (engine/session/client_records.h), for scripts
// and backups; the live app's Clients panel does the same.

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace hairline::app {

struct ClientsArgs {
    std::optional<std::string> snapshots;  // the clients folder (default $XDG_DATA_HOME/hairline/clients)
    std::string action;                    // list, show, export, delete
    std::string search;
    bool json = false;
    std::string name;
    std::string dest;
    bool yes = false;
};

void add_clients_command(CLI::App& app, ClientsArgs& args);
int run_clients(const ClientsArgs& args);

}  // namespace hairline::app
