#include "engine/preview/face_crop.h"

namespace hairline {

cv::Rect2d face_crop(const FaceFit& fit, FaceCrop what, double aspect) {
    const double iod = fit.iod_px;
    const glm::dvec2 g = fit.glabella_px;
    if (what == FaceCrop::Forehead) return {g.x - 1.4 * iod, g.y - 2.2 * iod, 2.8 * iod, 2.6 * iod};
    // Head top (1.9 IOD over the glabella) to chin (2.2 under), plus air: 5.4
    // IOD tall, centred a little above the glabella.
    const double height = 5.4 * iod;
    const double width = height * (aspect > 0.0 ? aspect : 0.77);
    const double cy = g.y - 0.35 * iod;
    return {g.x - 0.5 * width, cy - 0.5 * height, width, height};
}

}  // namespace hairline
