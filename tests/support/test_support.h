#pragma once
// Helpers shared by the test tiers: temp folders, running the binary,
// synthetic faces with a known pose.

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/geom/projection.h"
#include "engine/gl/egl_context.h"
#include "engine/preview/frame_facts.h"
#include "engine/track/landmark_predictor.h"
#include "engine/track/landmarks.h"

namespace hairline::test {

// A fresh folder under the system temp dir, removed with its contents.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    double seconds = 0;       // wall time until exit
    long max_rss_kb = 0;      // the child's peak resident memory
};
// Runs a program with arguments (no shell) and captures its output.
CommandResult run_command(const std::vector<std::string>& argv, double timeout_seconds = 120.0);
CommandResult run_hairline(const std::vector<std::string>& args);

// The generic face model projected with a known pose: landmarks as a perfect
// detector would report them.
Landmarks synthetic_landmarks(const FaceProjection& projection, double ipd_mm = 63.0);
// A frontal face 1 m from this camera, with its fit (63 mm IPD).
FaceOnFrame frontal_face(const CameraIntrinsics& camera);

std::string source_path(const std::string& relative);  // in the repository
// The shared development material beside the checkout (faces/, clips/):
// for local checks only, never copied in; tests using it skip without it.
std::filesystem::path shared_material(const std::string& relative);

// The packaged 68-point model, loaded once per test binary.
std::shared_ptr<const LandmarkPredictor> landmark_predictor();
bool file_exists(const std::filesystem::path& path);
// Permission bits (e.g. 0600) of a file or folder; -1 when it cannot be stat'ed.
int file_mode(const std::filesystem::path& path);

// One headless GL context for the whole test binary, made current; fails the
// test when none can be created.
gl::HeadlessContext& shared_gl_context();

// True in the asan preset: the sanitizers make the binary several times
// slower and hungrier, so release-only resource figures are not asserted there.
#ifdef HAIRLINE_SANITIZED
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

// Number of lines in s (for "errors are one line" checks).
int line_count(const std::string& s);

}  // namespace hairline::test
