#pragma once
// The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): an exponential
// smoother whose cutoff rises with speed, so a still signal is smoothed hard
// (jitter removed) while a moving one is followed with little lag.
//   cutoff = min_cutoff_hz + beta * |filtered derivative|
// Units: `beta` is per unit of the signal per second (the signal's own units).

namespace hairline {

struct OneEuroParams {
    double min_cutoff_hz = 1.0;
    double beta = 0.0;
    double derivative_cutoff_hz = 1.0;
};

class OneEuroFilter {
public:
    OneEuroFilter() = default;
    explicit OneEuroFilter(OneEuroParams params) : params_(params) {}

    // requires: dt_s > 0 except on the first sample
    // ensures:  the filtered value; the first sample passes through
    double filter(double value, double dt_s);

    double value() const { return value_; }
    double derivative() const { return derivative_; }  // filtered, per second
    bool initialised() const { return initialised_; }
    void reset() { initialised_ = false; }
    const OneEuroParams& params() const { return params_; }

private:
    OneEuroParams params_;
    bool initialised_ = false;
    double value_ = 0.0;
    double derivative_ = 0.0;
};

// Smoothing factor of a first-order low-pass with this cutoff at this step.
double low_pass_alpha(double cutoff_hz, double dt_s);

}  // namespace hairline
