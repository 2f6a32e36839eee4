#pragma once
// The landmark predictor's model as prediction reads it: flat arrays of
// splits and leaves (landmark_predictor.cpp), and its cache file
// (landmark_model_cache.cpp). Internal to engine/track.

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__F16C__) && defined(__AVX__)
#include <immintrin.h>
#endif

#include "engine/track/landmark_predictor.h"

namespace hairline {
namespace landmark_model {

struct Split {
    std::uint32_t feature_a;
    std::uint32_t feature_b;
    float threshold;
};

// Leaf values (shape increments, 2 x 68 per leaf) are 99% of the model and
// each prediction touches 4 MB of them, so prediction speed is set by memory
// traffic. With F16C they are kept as 16-bit floats: half the traffic, and an
// error (1e-4 of the face box) far below the model's own.
#if defined(__F16C__) && defined(__AVX__)
using LeafValue = std::uint16_t;
inline LeafValue to_leaf(float v) { return static_cast<LeafValue>(_cvtss_sh(v, _MM_FROUND_TO_NEAREST_INT)); }
inline void add_leaf(float* shape, const LeafValue* leaf, std::size_t n) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 inc = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(leaf + i)));
        _mm256_storeu_ps(shape + i, _mm256_add_ps(_mm256_loadu_ps(shape + i), inc));
    }
    for (; i < n; ++i) shape[i] += _cvtsh_ss(leaf[i]);
}
#else
using LeafValue = float;
inline LeafValue to_leaf(float v) { return v; }
inline void add_leaf(float* shape, const LeafValue* leaf, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) shape[i] += leaf[i];
}
#endif

struct Cascade {
    std::vector<std::uint32_t> anchor;  // landmark each feature pixel hangs from
    std::vector<float> delta;           // its offset in the mean shape's frame (x, y pairs)
    std::size_t first_tree = 0;
    std::size_t tree_count = 0;
};

}  // namespace landmark_model

struct LandmarkPredictor::Model {
    int landmark_count = 0;
    std::vector<float> initial_shape;  // x, y pairs in [0,1] box coordinates
    std::vector<landmark_model::Cascade> cascades;
    std::vector<landmark_model::Split> splits;         // all trees, splits_per_tree each
    std::vector<landmark_model::LeafValue> leaves;     // all trees, leaves_per_tree * 2 * landmark_count each
    std::size_t splits_per_tree = 0;
    std::size_t leaves_per_tree = 0;
};

}  // namespace hairline
