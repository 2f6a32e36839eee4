#include "tests/support/test_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "engine/geom/face_model_3d.h"
#include "engine/track/face_fit.h"
#include "engine/track/model_locator.h"

extern char** environ;

namespace hairline::test {

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("hairline-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, double timeout_seconds) {
    TempDir capture;
    const std::string out_path = (capture / "out").string(), err_path = (capture / "err").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    CommandResult result;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        result.err = "spawn failed";
        return result;
    }
    posix_spawn_file_actions_destroy(&actions);
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::duration<double>(timeout_seconds);
    int status = 0;
    struct rusage usage {};
    for (;;) {
        const pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            result.err = "timed out";
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.max_rss_kb = usage.ru_maxrss;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_all(out_path);
    result.err = read_all(err_path);
    return result;
}

CommandResult run_hairline(const std::vector<std::string>& args) {
    std::vector<std::string> argv{HAIRLINE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

Landmarks synthetic_landmarks(const FaceProjection& projection, double ipd_mm) {
    Landmarks out{};
    const auto& model = generic_face_points();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = project_point(projection, model[i] * (ipd_mm / kModelIpdMm));
    return out;
}

FaceOnFrame frontal_face(const CameraIntrinsics& camera) {
    FaceProjection p;
    p.camera = camera;
    p.pose = pose_from_angles({}, {0.0, 0.0, 1000.0});
    FaceOnFrame face;
    face.landmarks = synthetic_landmarks(p);
    auto fit = fit_face(face.landmarks, p.camera, 63.0);
    REQUIRE(fit.ok());
    face.fit = *fit;
    return face;
}

std::string source_path(const std::string& relative) { return std::string(HAIRLINE_SOURCE_DIR) + "/" + relative; }

std::filesystem::path shared_material(const std::string& relative) {
    return std::filesystem::path(HAIRLINE_TEST_FACES).parent_path() / relative;
}

std::shared_ptr<const LandmarkPredictor> landmark_predictor() {
    static const std::shared_ptr<const LandmarkPredictor> model = [] {
        auto path = locate_landmark_model(default_model_search(std::nullopt));
        REQUIRE(path.ok());
        auto loaded = LandmarkPredictor::load(*path);
        REQUIRE(loaded.ok());
        return *loaded;
    }();
    return model;
}

bool file_exists(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

int file_mode(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

gl::HeadlessContext& shared_gl_context() {
    static std::unique_ptr<gl::HeadlessContext> ctx = [] {
        auto created = gl::HeadlessContext::create();
        if (!created) FAIL("no headless GL context: " << created.error().message());
        return std::move(*created);
    }();
    ctx->make_current();
    return *ctx;
}

int line_count(const std::string& s) {
    int lines = 0;
    for (char c : s) lines += c == '\n';
    if (!s.empty() && s.back() != '\n') ++lines;
    return lines;
}

}  // namespace hairline::test
