#include "engine/track/landmark_smoother.h"

#include <cmath>

#include <glm/gtc/constants.hpp>

namespace hairline {
namespace {

double wrap_angle(double a) { return std::remainder(a, glm::two_pi<double>()); }

}  // namespace

void LandmarkSmoother::reset() {
    initialised_ = false;
    cx_ = OneEuroFilter(params_.translation);
    cy_ = OneEuroFilter(params_.translation);
    log_scale_ = OneEuroFilter(params_.log_scale);
    roll_ = OneEuroFilter(params_.roll);
    for (std::size_t i = 0; i < static_cast<std::size_t>(kLandmarkCount); ++i) {
        // The jaw moves with the mouth when a client talks; the hairline
        // hangs from the brows and eyes, which are smoothed hard.
        const bool mouth = i >= 48 || i <= static_cast<std::size_t>(lm::kJawLast);
        const OneEuroParams& p = mouth ? params_.shape_mouth : params_.shape;
        shape_filters_[2 * i] = OneEuroFilter(p);
        shape_filters_[2 * i + 1] = OneEuroFilter(p);
    }
}

Landmarks LandmarkSmoother::compose(const RigidPose2D& rigid, const std::array<glm::dvec2, kLandmarkCount>& shape) const {
    const auto& ref = reference_shape();
    Landmarks out{};
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = rigid.center + rigid.scale * rotate(ref[i] + shape[i], rigid.roll_rad);
    return out;
}

Landmarks LandmarkSmoother::filter(const Landmarks& raw, double dt_s) {
    const RigidPose2D measured = fit_rigid_2d(raw);
    const auto& ref = reference_shape();
    std::array<glm::dvec2, kLandmarkCount> measured_shape{};
    for (std::size_t i = 0; i < raw.size(); ++i)
        measured_shape[i] = rotate(raw[i] - measured.center, -measured.roll_rad) / measured.scale - ref[i];

    if (!initialised_) {
        dt_s = 0.0;
        unit_px_ = measured.scale;
    }
    // Translation is filtered in face sizes (the scale when tracking began,
    // about one IOD in pixels), so one set of parameters fits near and far faces.
    rigid_.center.x = cx_.filter(measured.center.x / unit_px_, dt_s) * unit_px_;
    rigid_.center.y = cy_.filter(measured.center.y / unit_px_, dt_s) * unit_px_;
    rigid_.scale = std::exp(log_scale_.filter(std::log(measured.scale), dt_s));
    // Unwrap roll against the filtered value so ±pi never jumps.
    const double roll = roll_.initialised() ? roll_.value() + wrap_angle(measured.roll_rad - roll_.value())
                                            : measured.roll_rad;
    rigid_.roll_rad = roll_.filter(roll, dt_s);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        shape_[i].x = shape_filters_[2 * i].filter(measured_shape[i].x, dt_s);
        shape_[i].y = shape_filters_[2 * i + 1].filter(measured_shape[i].y, dt_s);
    }
    initialised_ = true;
    return compose(rigid_, shape_);
}

Landmarks LandmarkSmoother::extrapolate(double dt_s) const {
    RigidPose2D ahead = rigid_;
    ahead.center += glm::dvec2(cx_.derivative(), cy_.derivative()) * unit_px_ * dt_s;
    ahead.scale *= std::exp(log_scale_.derivative() * dt_s);
    ahead.roll_rad += roll_.derivative() * dt_s;
    return compose(ahead, shape_);
}

}  // namespace hairline
