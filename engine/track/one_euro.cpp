#include "engine/track/one_euro.h"

#include <cmath>

namespace hairline {

double low_pass_alpha(double cutoff_hz, double dt_s) {
    constexpr double kTwoPi = 6.283185307179586;
    const double tau = 1.0 / (kTwoPi * cutoff_hz);
    return 1.0 / (1.0 + tau / dt_s);
}

double OneEuroFilter::filter(double value, double dt_s) {
    if (!initialised_ || !(dt_s > 0.0)) {
        initialised_ = true;
        value_ = value;
        derivative_ = 0.0;
        return value_;
    }
    // As in the paper, the derivative is taken against the filtered value:
    // when the output lags, the estimate grows and the cutoff opens up.
    const double raw_derivative = (value - value_) / dt_s;
    derivative_ += low_pass_alpha(params_.derivative_cutoff_hz, dt_s) * (raw_derivative - derivative_);
    const double cutoff = params_.min_cutoff_hz + params_.beta * std::abs(derivative_);
    value_ += low_pass_alpha(cutoff, dt_s) * (value - value_);
    return value_;
}

}  // namespace hairline
