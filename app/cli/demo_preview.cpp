#include "app/cli/demo_preview.h"

#include <cstdio>
#include <ctime>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "app/shared/errors.h"
#include "app/shared/models.h"
#include "app/shared/options.h"
#include "engine/capture/demo_photo.h"
#include "engine/io/atomic_file.h"
#include "engine/io/xdg_paths.h"
#include "engine/preview/headless_preview.h"
#include "engine/track/photo_face.h"

namespace hairline::app {

int run_demo_preview(const char* reason) {
    auto data = xdg_data_dir();
    if (!data) return report_error("demo", data.error());
    const auto folder = *data / "demo";
    if (auto made = make_private_dirs(folder); !made) return report_error("demo", made.error());

    auto models = load_face_models(std::nullopt);
    if (!models) return report_error("demo", models.error());
    const cv::Mat photo = demo_photo();
    auto face = find_largest_face(photo, *models->detector, *models->predictor, "demo photo");
    if (!face) return report_error("demo", face.error());
    auto renderer = HeadlessPreview::create();
    if (!renderer) return report_error("demo", renderer.error());
    ImageOptions options;
    options.side_by_side = true;
    auto preview = render_photo_preview(**renderer, photo, face->landmarks, Design{}, options, face->others);
    if (!preview) return report_error("demo", preview.error());

    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", preview->image, png))
        return report_error("demo", runtime_error("demo preview", "PNG encoding failed"));
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    const auto target = unused_path(folder, std::string("demo-before-after-") + stamp, ".png");
    if (auto saved = save_file_atomic(target, png); !saved) return report_error("demo", saved.error());
    std::printf("hairline: %s; rendered the bundled demo (before | after) to:\n%s\n", reason, target.c_str());
    return 0;
}

}  // namespace hairline::app
