#include "engine/geom/dot_field.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <glm/geometric.hpp>
#include <glm/common.hpp>
#include <glm/vec2.hpp>

#include "engine/core/hash.h"

namespace hairline {
namespace {

constexpr int kMeshBeta = 256, kMeshT = 256;

double unit_random(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

struct Candidate {
    double alpha;
    double beta;
    glm::dvec3 p;
};

// The domain in (beta, t) with alpha = lo(beta) + t * (max_alpha - lo(beta)):
// a rectangle, so a regular mesh covers it exactly.
class Domain {
public:
    Domain(const ScalpChart& chart, const DotFieldOptions& options) : chart_(chart), max_alpha_(options.max_alpha) {
        for (int i = 0; i <= kMeshBeta; ++i) {
            const double beta = beta_at(i);
            const auto lo = chart.alpha_of(options.min_height_mm, beta);
            lo_.push_back(lo ? std::min(*lo, max_alpha_) : max_alpha_);
        }
    }
    double beta_at(double i) const { return -kChartBetaMax + 2.0 * kChartBetaMax * i / kMeshBeta; }
    double alpha_at(double i, double t) const {
        const auto i0 = static_cast<std::size_t>(std::clamp(std::floor(i), 0.0, double(kMeshBeta - 1)));
        const double f = i - static_cast<double>(i0);
        const double lo = lo_[i0] * (1 - f) + lo_[i0 + 1] * f;
        return lo + t * (max_alpha_ - lo);
    }
    glm::dvec3 point(double i, double t) const { return chart_.point(alpha_at(i, t), beta_at(i)); }

private:
    const ScalpChart& chart_;
    double max_alpha_;
    std::vector<double> lo_;
};

// Max-heap of weights indexed by point, supporting key decrease.
class WeightHeap {
public:
    explicit WeightHeap(std::vector<double> weights) : weight_(std::move(weights)) {
        heap_.resize(weight_.size());
        pos_.resize(weight_.size());
        std::iota(heap_.begin(), heap_.end(), 0);
        for (std::size_t i = 0; i < heap_.size(); ++i) pos_[i] = i;
        for (std::size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
    }
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    std::size_t pop() {
        const std::size_t top = heap_.front();
        swap_nodes(0, heap_.size() - 1);
        heap_.pop_back();
        pos_[top] = kRemoved;
        if (!heap_.empty()) sift_down(0);
        return top;
    }
    bool contains(std::size_t id) const { return pos_[id] != kRemoved; }
    void decrease(std::size_t id, double amount) {
        weight_[id] -= amount;
        sift_down(pos_[id]);
    }

private:
    static constexpr std::size_t kRemoved = static_cast<std::size_t>(-1);
    bool above(std::size_t a, std::size_t b) const {
        // Ties broken by id so the result does not depend on heap history.
        return weight_[heap_[a]] > weight_[heap_[b]] || (weight_[heap_[a]] == weight_[heap_[b]] && heap_[a] < heap_[b]);
    }
    void swap_nodes(std::size_t a, std::size_t b) {
        std::swap(heap_[a], heap_[b]);
        pos_[heap_[a]] = a;
        pos_[heap_[b]] = b;
    }
    void sift_down(std::size_t i) {
        for (;;) {
            const std::size_t l = 2 * i + 1, r = l + 1;
            std::size_t best = i;
            if (l < heap_.size() && above(l, best)) best = l;
            if (r < heap_.size() && above(r, best)) best = r;
            if (best == i) return;
            swap_nodes(i, best);
            i = best;
        }
    }
    std::vector<double> weight_;
    std::vector<std::size_t> heap_;
    std::vector<std::size_t> pos_;
};

// Removes points from `active` (indices into `points`) until `target` remain;
// returns the removed ones in elimination order.
std::vector<std::size_t> eliminate(const std::vector<Candidate>& points, std::vector<std::size_t>& active,
                                   std::size_t target, double area_mm2) {
    if (active.size() <= target) return {};
    const double r_max = std::sqrt(area_mm2 / (2.0 * std::sqrt(3.0) * static_cast<double>(target)));
    const double reach = 2.0 * r_max;
    // r_min keeps weights informative when few points must go (Yuksel, eq. 6).
    const double ratio = static_cast<double>(target) / static_cast<double>(active.size());
    const double r_min = r_max * (1.0 - std::pow(ratio, 1.5)) * 0.65;

    // Dense grid with cells of `reach`; points sorted by cell so that each
    // neighbourhood query reads a few contiguous runs.
    glm::dvec3 lo{1e300}, hi{-1e300};
    for (std::size_t id : active) {
        lo = glm::min(lo, points[id].p);
        hi = glm::max(hi, points[id].p);
    }
    const glm::ivec3 dims = glm::ivec3(glm::floor((hi - lo) / reach)) + 1;
    auto cell_of = [&](const glm::dvec3& p) {
        const glm::ivec3 c = glm::clamp(glm::ivec3(glm::floor((p - lo) / reach)), glm::ivec3(0), dims - 1);
        return static_cast<std::size_t>((c.z * dims.y + c.y) * dims.x + c.x);
    };
    const auto cell_count = static_cast<std::size_t>(dims.x) * static_cast<std::size_t>(dims.y) *
                            static_cast<std::size_t>(dims.z);
    std::vector<std::uint32_t> cell_start(cell_count + 1, 0);
    std::vector<std::size_t> cell_of_local(active.size());
    for (std::size_t local = 0; local < active.size(); ++local) {
        cell_of_local[local] = cell_of(points[active[local]].p);
        ++cell_start[cell_of_local[local] + 1];
    }
    for (std::size_t c = 0; c < cell_count; ++c) cell_start[c + 1] += cell_start[c];
    std::vector<std::uint32_t> sorted(active.size());  // locals by cell
    std::vector<glm::vec3> sorted_p(active.size());
    {
        std::vector<std::uint32_t> fill(cell_start.begin(), cell_start.end() - 1);
        for (std::size_t local = 0; local < active.size(); ++local) {
            const std::uint32_t slot = fill[cell_of_local[local]]++;
            sorted[slot] = static_cast<std::uint32_t>(local);
            sorted_p[slot] = glm::vec3(points[active[local]].p);
        }
    }

    // Neighbour lists (CSR) with their pair weights.
    const auto reach_f = static_cast<float>(reach), r_min_f = static_cast<float>(r_min);
    std::vector<std::uint32_t> neighbour_begin(active.size(), 0), neighbour_end(active.size(), 0);
    std::vector<std::uint32_t> neighbour_id;
    std::vector<float> neighbour_w;
    std::vector<double> weights(active.size(), 0.0);
    neighbour_id.reserve(active.size() * 16);
    neighbour_w.reserve(active.size() * 16);
    for (std::size_t slot = 0; slot < sorted.size(); ++slot) {
        const std::uint32_t local = sorted[slot];
        const glm::vec3 p = sorted_p[slot];
        const std::size_t cell = cell_of_local[local];
        const int cx = static_cast<int>(cell % static_cast<std::size_t>(dims.x));
        const int cy = static_cast<int>((cell / static_cast<std::size_t>(dims.x)) % static_cast<std::size_t>(dims.y));
        const int cz = static_cast<int>(cell / (static_cast<std::size_t>(dims.x) * static_cast<std::size_t>(dims.y)));
        const std::size_t first = neighbour_id.size();
        double total = 0.0;
        for (int z = std::max(cz - 1, 0); z <= std::min(cz + 1, dims.z - 1); ++z)
            for (int y = std::max(cy - 1, 0); y <= std::min(cy + 1, dims.y - 1); ++y) {
                // x-adjacent cells are contiguous in `sorted`.
                const auto row = static_cast<std::size_t>((z * dims.y + y) * dims.x);
                const std::uint32_t begin = cell_start[row + static_cast<std::size_t>(std::max(cx - 1, 0))];
                const std::uint32_t end = cell_start[row + static_cast<std::size_t>(std::min(cx + 1, dims.x - 1)) + 1];
                for (std::uint32_t other = begin; other < end; ++other) {
                    if (other == slot) continue;
                    const float d = glm::distance(p, sorted_p[other]);
                    if (d >= reach_f) continue;
                    const float x = 1.0f - std::max(d, r_min_f) / reach_f;
                    const float x2 = x * x, x4 = x2 * x2;
                    neighbour_id.push_back(sorted[other]);
                    neighbour_w.push_back(x4 * x4);
                    total += static_cast<double>(x4 * x4);
                }
            }
        weights[local] = total;
        neighbour_begin[local] = static_cast<std::uint32_t>(first);
        neighbour_end[local] = static_cast<std::uint32_t>(neighbour_id.size());
    }
    WeightHeap heap(std::move(weights));
    std::vector<std::size_t> removed_local;
    while (heap.size() > target) {
        const std::size_t gone = heap.pop();
        removed_local.push_back(gone);
        for (std::uint32_t k = neighbour_begin[gone]; k < neighbour_end[gone]; ++k)
            if (heap.contains(neighbour_id[k])) heap.decrease(neighbour_id[k], static_cast<double>(neighbour_w[k]));
    }
    std::vector<bool> is_removed(active.size(), false);
    std::vector<std::size_t> removed;
    removed.reserve(removed_local.size());
    for (std::size_t local : removed_local) {
        is_removed[local] = true;
        removed.push_back(active[local]);
    }
    std::vector<std::size_t> kept;
    kept.reserve(target);
    for (std::size_t local = 0; local < active.size(); ++local)
        if (!is_removed[local]) kept.push_back(active[local]);
    active = std::move(kept);
    return removed;
}

}  // namespace

DotField generate_dot_field(const ScalpChart& chart, std::uint32_t seed, const DotFieldOptions& options) {
    DotField field;
    field.shape = chart.shape();
    field.seed = seed;
    field.max_density_per_cm2 = options.max_density_per_cm2;
    const Domain domain(chart, options);

    // Triangle mesh of the domain; candidates are drawn per triangle in
    // proportion to its 3D area, so they are uniform on the skin.
    struct Triangle {
        glm::dvec2 a, b, c;  // (i, t) mesh coordinates
    };
    std::vector<Triangle> triangles;
    std::vector<double> cumulative_area;
    double area_mm2 = 0.0;
    for (int i = 0; i < kMeshBeta; ++i)
        for (int j = 0; j < kMeshT; ++j) {
            const double t0 = static_cast<double>(j) / kMeshT, t1 = static_cast<double>(j + 1) / kMeshT;
            const glm::dvec2 q00{i, t0}, q10{i + 1, t0}, q01{i, t1}, q11{i + 1, t1};
            for (const Triangle& tri : {Triangle{q00, q10, q11}, Triangle{q00, q11, q01}}) {
                const glm::dvec3 pa = domain.point(tri.a.x, tri.a.y), pb = domain.point(tri.b.x, tri.b.y),
                                 pc = domain.point(tri.c.x, tri.c.y);
                area_mm2 += 0.5 * glm::length(glm::cross(pb - pa, pc - pa));
                triangles.push_back(tri);
                cumulative_area.push_back(area_mm2);
            }
        }
    field.area_cm2 = area_mm2 / 100.0;

    const auto dot_count =
        static_cast<std::size_t>(std::llround(options.max_density_per_cm2 * field.area_cm2));
    const auto candidate_count = static_cast<std::size_t>(std::llround(dot_count * options.candidates_per_dot));
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 12345);
    std::vector<Candidate> candidates;
    candidates.reserve(candidate_count);
    for (std::size_t k = 0; k < candidate_count; ++k) {
        const double pick = unit_random(rng) * area_mm2;
        const auto at = std::upper_bound(cumulative_area.begin(), cumulative_area.end(), pick);
        const Triangle& tri = triangles[static_cast<std::size_t>(
            std::min<std::ptrdiff_t>(at - cumulative_area.begin(), static_cast<std::ptrdiff_t>(triangles.size()) - 1))];
        double u = unit_random(rng), v = unit_random(rng);
        if (u + v > 1.0) {
            u = 1.0 - u;
            v = 1.0 - v;
        }
        const glm::dvec2 q = tri.a + u * (tri.b - tri.a) + v * (tri.c - tri.a);
        const double alpha = domain.alpha_at(q.x, q.y), beta = domain.beta_at(q.x);
        candidates.push_back({alpha, beta, chart.point(alpha, beta)});
    }

    // Eliminate to the full set, then halve repeatedly; points removed in
    // later stages are the better-spread ones and come first.
    std::vector<std::size_t> active(candidates.size());
    std::iota(active.begin(), active.end(), 0);
    eliminate(candidates, active, dot_count, area_mm2);
    std::vector<std::vector<std::size_t>> stages;
    for (std::size_t target = dot_count / 2; active.size() > 1; target = std::max<std::size_t>(target / 2, 1))
        stages.push_back(eliminate(candidates, active, target, area_mm2));
    std::vector<std::size_t> order(active.begin(), active.end());
    for (auto stage = stages.rbegin(); stage != stages.rend(); ++stage)
        order.insert(order.end(), stage->rbegin(), stage->rend());

    field.dots.reserve(order.size());
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const Candidate& c = candidates[order[rank]];
        Dot dot{};
        dot.position_mm = glm::vec3(c.p);
        dot.normal = glm::vec3(chart.normal(c.alpha, c.beta));
        dot.beta = static_cast<float>(c.beta);
        dot.h_mm = static_cast<float>(chart.h_of(c.alpha, c.beta));
        dot.rank = static_cast<float>(static_cast<double>(rank) / static_cast<double>(order.size()));
        dot.jitter = static_cast<float>(hash_unit(static_cast<std::uint32_t>(order[rank]) ^ hash32(seed)));
        field.dots.push_back(dot);
    }
    return field;
}

}  // namespace hairline
