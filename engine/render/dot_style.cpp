#include "engine/render/dot_style.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <glm/gtc/constants.hpp>

namespace hairline {

double session_density_fraction(int sessions) {
    // Practitioners build density over 2-3 sessions: about a third, two
    // thirds, then full.
    return std::clamp(sessions, 1, 3) / 3.0;
}

double feather_ramp(double mm_above_hairline, double feather_mm) {
    if (mm_above_hairline < 0.0) return 0.0;
    if (feather_mm <= 0.0) return 1.0;
    const double t = std::min(mm_above_hairline / feather_mm, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

DotStyle make_dot_style(const Design& design, const Pigment& pigment, double skin_lightness,
                        double field_max_density) {
    DotStyle style;
    style.density_fraction =
        static_cast<float>(design.density_per_cm2 / field_max_density * session_density_fraction(design.sessions));
    style.feather_mm = static_cast<float>(design.feather_mm);
    style.size_variation = static_cast<float>(design.dot_size_variation);

    // Healing: straight after a session the deposit is the needle group's
    // whole impression, ink sits high and dark, ringed with redness for a
    // few days; over two weeks the scab takes the surface ink with it and the
    // dot settles smaller and about 20% lighter.
    const double days = design.days_since_session;
    const double healing = std::clamp(1.0 - days / 14.0, 0.0, 1.0);  // 1 fresh, 0 healed
    const double healed = static_cast<double>(ink::kHealedDepositScale);
    const double deposit_scale = healed + (1.0 - healed) * healing;
    const double settling = 1.0 + 0.25 * healing;
    style.redness = static_cast<float>(0.7 * std::clamp(1.0 - days / 6.0, 0.0, 1.0));

    // Fading: the immune system clears pigment (about 9% of the shade a
    // year) while particles migrate deeper and sideways: lighter, softer
    // (spread variance grows with time) and, seen through more tissue,
    // bluer; most visibly on light skin.
    const double years = design.fade_years;
    const double light_skin = std::clamp((skin_lightness - 0.3) / 0.5, 0.0, 1.0);
    style.radius_mm = static_cast<float>(0.5 * design.dot_size_mm * deposit_scale * (1.0 + 0.03 * years));
    style.spread_variance_mm2 = ink::kSpreadVarianceMm2 + glm::vec3(static_cast<float>(0.005 * years));
    // Early sessions are done lighter; the last one sets the final shade.
    const double session_strength[] = {0.75, 0.9, 1.0};
    style.opacity = static_cast<float>(std::min(1.0, design.opacity * settling *
                                                         session_strength[std::clamp(design.sessions, 1, 3) - 1] *
                                                         (1.0 - 0.09 * years)));
    // Cleared particles take their share of the light with them (the ink
    // also spreads, which on its own would darken: a less saturated deposit
    // catches more light); blue escapes deeper ink most.
    glm::dvec3 reach = glm::dvec3(ink::kDepthReach) * std::max(0.3, 1.0 - 0.1 * years);
    reach.b = std::max(0.2, reach.b - 0.05 * years * (0.4 + 0.6 * light_skin));
    reach.g = std::max(0.3, reach.g - 0.01 * years * (0.4 + 0.6 * light_skin));
    style.depth_reach = glm::vec3(reach);

    glm::dvec3 linear{srgb_to_linear(pigment.srgb.r), srgb_to_linear(pigment.srgb.g), srgb_to_linear(pigment.srgb.b)};
    // Carbon black seen through fair skin drifts towards blue-grey as it ages
    // (shorter wavelengths scatter back more from deeper, sparser particles).
    const glm::dvec3 blue_grey{srgb_to_linear(0.36), srgb_to_linear(0.42), srgb_to_linear(0.50)};
    const double drift = std::clamp(0.07 * years * light_skin, 0.0, 0.35);
    linear = linear * (1.0 - drift) + blue_grey * drift;
    style.pigment_linear = glm::vec3(linear);
    return style;
}

DotSelection select_dot(const Dot& dot, const DotStyle& style, const HairlineBoundary& boundary) {
    DotSelection out;
    const double above = static_cast<double>(dot.h_mm) - boundary.min_h_at(dot.beta);
    out.ramp = feather_ramp(above, static_cast<double>(style.feather_mm));
    out.inked = static_cast<double>(dot.rank) < static_cast<double>(style.density_fraction) * out.ramp;
    return out;
}

bool dot_faces_camera(const Dot& dot, const FaceProjection& projection) {
    return facing_camera(projection.pose, glm::dvec3(dot.position_mm), glm::dvec3(dot.normal)) > kMinFacing;
}

double ein(double x) {
    if (x <= 0.0) return 0.0;
    if (x < 3.0) {
        // Its power series: sum of (-1)^(k+1) x^k / (k k!).
        double term = 1.0, sum = 0.0;
        for (int k = 1; k <= 24; ++k) {
            term *= x / k;
            sum += ((k % 2) ? term : -term) / k;
        }
        return sum;
    }
    // ln x + Euler's gamma + E1(x), with E1 from its continued fraction.
    double f = x;
    for (int k = 12; k >= 1; --k) f = x + k / (1.0 + k / f);
    return std::log(x) + 0.57721566490153286 + std::exp(-x) / f;
}

namespace {

// Ein over x in [1e-6, 1e6], log spaced: every dot of every frame asks for it
// (and its inverse) several times, so it is read from here, not summed.
constexpr int kEinSamples = 2048;
constexpr double kEinLogMin = -6.0, kEinLogSpan = 12.0;

const std::vector<double>& ein_table() {
    static const std::vector<double> table = [] {
        std::vector<double> t(kEinSamples);
        for (int i = 0; i < kEinSamples; ++i)
            t[static_cast<std::size_t>(i)] = std::log(ein(std::pow(10.0, kEinLogMin + kEinLogSpan * i / (kEinSamples - 1))));
        return t;
    }();
    return table;
}

}  // namespace

double ein_fast(double x) {
    if (x <= 1e-6) return x;  // Ein(x) ~ x
    const double t = (std::log10(x) - kEinLogMin) / kEinLogSpan * (kEinSamples - 1);
    if (t >= kEinSamples - 1) return std::log(x) + 0.57721566490153286;
    const auto i = static_cast<std::size_t>(t);
    const double f = t - static_cast<double>(i);
    const auto& table = ein_table();  // log Ein against log x: nearly straight, so linear reads are exact to 1e-6
    return std::exp(table[i] * (1.0 - f) + table[i + 1] * f);
}

double ein_inverse(double e) {
    if (e <= 0.0) return 0.0;
    // A second table, uniform in log Ein, holding log x: one read, no search.
    const auto& forward = ein_table();
    const double lo = forward.front(), hi = forward.back();
    static const std::vector<double> inverse = [lo, hi, &forward] {
        std::vector<double> t(kEinSamples);
        std::size_t j = 0;
        for (int i = 0; i < kEinSamples; ++i) {
            const double le = lo + (hi - lo) * i / (kEinSamples - 1);
            while (j + 2 < forward.size() && forward[j + 1] < le) ++j;
            const double f = std::clamp((le - forward[j]) / (forward[j + 1] - forward[j]), 0.0, 1.0);
            t[static_cast<std::size_t>(i)] = kEinLogMin + kEinLogSpan * (static_cast<double>(j) + f) / (kEinSamples - 1);
        }
        return t;
    }();
    const double le = std::log(e);
    if (le <= lo) return e;                                    // Ein(x) ~ x
    if (le >= hi) return std::exp(e - 0.57721566490153286);  // Ein(x) ~ ln x + gamma
    const double t = (le - lo) / (hi - lo) * (kEinSamples - 1);
    const auto i = std::min(static_cast<std::size_t>(t), static_cast<std::size_t>(kEinSamples - 2));
    const double f = t - static_cast<double>(i);
    return std::exp(2.302585092994046 * (inverse[i] * (1.0 - f) + inverse[i + 1] * f));
}

InkProfile ink_profile(const DotStyle& style, double radius_mm, double strength) {
    InkProfile p;
    // The deposit is a disc (variance r^2/4); the skin spreads its optical
    // depth (tau times the disc's area) over a Gaussian.
    const double deposit_var = 0.25 * radius_mm * radius_mm;
    const double tau_area = static_cast<double>(ink::kDepositOpticalDepth) * static_cast<double>(style.opacity) * strength * glm::pi<double>() * radius_mm * radius_mm;
    for (int c = 0; c < 3; ++c) {
        const double v = deposit_var + static_cast<double>(style.spread_variance_mm2[c]);
        p.tau_variance_mm2[c] = v;
        p.tau_peak[c] = tau_area / (2.0 * glm::pi<double>() * v);
        const double core = static_cast<double>(style.depth_reach[c]) * 2.0 * glm::pi<double>() * v * ein_fast(p.tau_peak[c]);
        p.halo_integral_mm2[c] = static_cast<double>(ink::kHaloShare[c]) * core;
        p.integral_mm2[c] = core + p.halo_integral_mm2[c];
    }
    p.halo_variance_mm2 = p.tau_variance_mm2.g + ink::kHaloVarianceMm2;
    return p;
}

double visible_dot_diameter_mm(const DotStyle& style) {
    // Where 1 - exp(-tau0 g(r)) falls to half its peak: tau0 g(r) = -ln((1 + e^-tau0) / 2).
    const InkProfile p = ink_profile(style, static_cast<double>(style.radius_mm));
    const double tau0 = p.tau_peak.g;
    if (tau0 <= 0.0) return 0.0;
    const double half = -std::log(0.5 * (1.0 + std::exp(-tau0)));
    return 2.0 * std::sqrt(2.0 * p.tau_variance_mm2.g * std::log(tau0 / half));
}

}  // namespace hairline
