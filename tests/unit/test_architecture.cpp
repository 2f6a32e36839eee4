// The layering docs/architecture.md describes, checked on the sources: engine
// folders include each other without cycles, and the engine includes no GUI.

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "tests/support/test_support.h"

namespace {

using Graph = std::map<std::string, std::set<std::string>>;

// Folder -> folders its files include ("engine/<folder>/...").
Graph engine_include_graph(std::set<std::string>& gui_includes) {
    Graph graph;
    const std::regex include_re(R"re(#include\s+["<]([^">]+)[">])re");
    const std::filesystem::path engine = hairline::test::source_path("engine");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(engine)) {
        if (!entry.is_regular_file()) continue;
        const std::string folder = std::filesystem::relative(entry.path(), engine).begin()->string();
        if (folder == "CMakeLists.txt") continue;
        graph[folder];
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            std::smatch m;
            if (!std::regex_search(line, m, include_re)) continue;
            const std::string target = m[1];
            if (target.rfind("engine/", 0) == 0) {
                const std::string to = target.substr(7, target.find('/', 7) - 7);
                if (to != folder) graph[folder].insert(to);
            }
            if (target.rfind("imgui", 0) == 0 || target.rfind("GLFW/", 0) == 0 || target.rfind("app/", 0) == 0)
                gui_includes.insert(entry.path().filename().string() + ": " + target);
        }
    }
    return graph;
}

// A path that comes back to its start, or empty.
std::string find_cycle(const Graph& graph) {
    std::map<std::string, int> state;  // 1: on the path, 2: done
    std::vector<std::string> path;
    std::string found;
    std::function<bool(const std::string&)> visit = [&](const std::string& node) {
        state[node] = 1;
        path.push_back(node);
        const auto it = graph.find(node);
        if (it != graph.end())
            for (const auto& next : it->second) {
                if (state[next] == 1) {
                    for (const auto& p : path) found += p + " -> ";
                    found += next;
                    return true;
                }
                if (state[next] == 0 && visit(next)) return true;
            }
        path.pop_back();
        state[node] = 2;
        return false;
    };
    for (const auto& [node, edges] : graph)
        if (state[node] == 0 && visit(node)) break;
    return found;
}

}  // namespace

TEST_CASE("engine folders include each other without cycles, and never the GUI", "[unit][architecture]") {
    std::set<std::string> gui;
    const Graph graph = engine_include_graph(gui);
    REQUIRE(graph.count("preview"));
    REQUIRE(graph.count("track"));
    INFO("cycle: " << find_cycle(graph));
    CHECK(find_cycle(graph).empty());
    CHECK(gui.empty());
    // The tracker tracks: it knows nothing of designs, previews or drawing.
    for (const char* above : {"design", "preview", "render", "analysis", "session"}) {
        INFO(above);
        CHECK_FALSE(graph.at("track").count(above));
    }
    // The GL renderer draws what it is given; the preview pipeline sits above it.
    CHECK_FALSE(graph.at("render").count("preview"));
}
