#pragma once
// The scalp as a superellipsoid in the head frame (mm; origin at the
// glabella, X to the subject's left, Y up, Z forward), and the design chart
// on it. Landmark models stop at the brows, so everything above them comes
// from this model, fitted to the face's width and placed by the head pose.
//
// Surface: a superquadric with its poles at the ears, front at the glabella:
//   (|y/b|^p + |(z+c)/c|^p)^(p_o/p) + |x/a|^p_o = 1,
// p = profile_exponent (the midline profile: > 2 gives a steep forehead and
// a flat crown), p_o = outline_exponent (the outline seen from the front).
// Parametrised by (alpha, beta), with e = 2/p and e_o = 2/p_o:
//   beta  in (-pi/2, pi/2): lateral angle; x = a * spow(sin beta, e_o) depends
//         on beta only, so a vertical line seen from the front is constant beta;
//   alpha in [0, pi]: angle over the top, 0 at the forehead, pi/2 at the vertex.
//   (y, z + c) = |cos beta|^e_o * (b spow(sin alpha, e), c spow(cos alpha, e))
// Chart coordinates (what the design uses):
//   x_mm = a * spow(sin beta, e_o)          lateral offset seen from the front
//   h_mm = arc length from the glabella level up along the skin at that x
//          (for x = 0 this is what a practitioner's tape measures; at other x
//          the profile is the midline one scaled by |cos beta|^e_o).

#include <optional>
#include <vector>

#include <glm/vec3.hpp>

namespace hairline {

// Defaults: an adult skull with scalp (breadth 150 mm, glabella-opisthocranion
// 190 mm); the height and profile are chosen so a 70 mm tape height reads
// about 69 mm on a frontal photo and 85 mm reads 14 mm higher, as on a real
// forehead (see docs/design.md, "Head model").
struct HeadShape {
    double half_width_mm = 75.0;    // a: half the head breadth (fitted to the face)
    double half_height_mm = 120.0;  // b: glabella level to the vertex
    double half_depth_mm = 95.0;    // c: half the glabella-opisthocranion length
    double profile_exponent = 3.0;  // p
    double outline_exponent = 2.2;  // p_o
};

// The chart's lateral extent: |beta| up to 84 degrees, where the ears sit at
// the poles. Dots, the hairline boundary and the head mask stay inside it.
inline constexpr double kChartBetaMax = 1.466;

// Measured on the client's face, in head-frame mm.
struct FaceAnchors {
    double canthus_x_mm = 43.4;  // lateral canthus offset from the midline (temple line)
};

struct ChartPoint {
    double x_mm = 0.0;
    double h_mm = 0.0;
};

class ScalpChart {
public:
    explicit ScalpChart(const HeadShape& shape);

    const HeadShape& shape() const { return shape_; }

    glm::dvec3 point(double alpha, double beta) const;
    glm::dvec3 normal(double alpha, double beta) const;  // unit, outward

    double x_of_beta(double beta) const;
    double beta_of_x(double x_mm) const;  // requires |x_mm| < a
    double h_of(double alpha, double beta) const;
    // nullopt when h_mm is beyond the top-and-back arc at that beta.
    std::optional<double> alpha_of(double h_mm, double beta) const;
    ChartPoint to_chart(double alpha, double beta) const { return {x_of_beta(beta), h_of(alpha, beta)}; }
    std::optional<glm::dvec3> point_at(ChartPoint chart) const;

    // Arc length of the midline from the glabella level (alpha = 0) to alpha.
    double midline_arc_mm(double alpha) const;

private:
    HeadShape shape_;
    double e_;                        // 2 / profile_exponent
    double e_outline_;                // 2 / outline_exponent
    std::vector<double> arc_table_;   // midline arc length at alpha_i = i * pi / (N - 1)
};

// Signed power: sign(v) * |v|^p.
double spow(double v, double p);

}  // namespace hairline
