#include "engine/track/landmark_predictor.h"

#include "engine/track/landmark_model.h"

#include <cmath>
#include <fstream>

#include <vector>

#include <dlib/image_processing/shape_predictor.h>
#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

using landmark_model::add_leaf;
using landmark_model::Cascade;
using landmark_model::LeafValue;
using landmark_model::Split;
using landmark_model::to_leaf;

// Maps normalised shape coordinates ([0,1] over the box) to image pixels.
struct BoxMap {
    double x0, y0, sx, sy;
    glm::dvec2 operator()(double x, double y) const { return {x0 + x * sx, y0 + y * sy}; }
};

float bilinear(const cv::Mat& gray, double x, double y) {
    const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
    if (x0 < 0 || y0 < 0 || x0 + 1 >= gray.cols || y0 + 1 >= gray.rows) {
        // dlib returns 0 outside the image; keep that at the border too.
        const int xn = static_cast<int>(std::lround(x)), yn = static_cast<int>(std::lround(y));
        if (xn < 0 || yn < 0 || xn >= gray.cols || yn >= gray.rows) return 0.0f;
        return gray.at<std::uint8_t>(yn, xn);
    }
    const double fx = x - x0, fy = y - y0;
    const std::uint8_t* r0 = gray.ptr<std::uint8_t>(y0) + x0;
    const std::uint8_t* r1 = gray.ptr<std::uint8_t>(y0 + 1) + x0;
    const double top = r0[0] + fx * (r0[1] - r0[0]);
    const double bottom = r1[0] + fx * (r1[1] - r1[0]);
    return static_cast<float>(top + fy * (bottom - top));
}

float nearest(const cv::Mat& gray, double x, double y) {
    // dlib rounds with floor(v + 0.5).
    const auto xi = static_cast<long>(std::floor(x + 0.5)), yi = static_cast<long>(std::floor(y + 0.5));
    if (xi < 0 || yi < 0 || xi >= gray.cols || yi >= gray.rows) return 0.0f;
    return gray.at<std::uint8_t>(static_cast<int>(yi), static_cast<int>(xi));
}

}  // namespace

LandmarkPredictor::LandmarkPredictor() : model_(std::make_unique<Model>()) {}
LandmarkPredictor::~LandmarkPredictor() = default;

std::shared_ptr<const LandmarkPredictor> LandmarkPredictor::from_model(Model model) {
    std::shared_ptr<LandmarkPredictor> predictor(new LandmarkPredictor());
    *predictor->model_ = std::move(model);
    return predictor;
}
int LandmarkPredictor::cascade_count() const { return static_cast<int>(model_->cascades.size()); }
int LandmarkPredictor::tree_count() const {
    return model_->splits_per_tree ? static_cast<int>(model_->splits.size() / model_->splits_per_tree) : 0;
}

Result<std::shared_ptr<const LandmarkPredictor>> LandmarkPredictor::load(const std::filesystem::path& path) {
    // dlib's serialised layout (shape_predictor.h): version, initial shape,
    // forests, anchor indices, deltas.
    dlib::matrix<float, 0, 1> initial_shape;
    std::vector<std::vector<dlib::impl::regression_tree>> forests;
    std::vector<std::vector<unsigned long>> anchor_idx;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
    try {
        std::ifstream in(path, std::ios::binary);
        if (!in) return bad_input(path.string(), "cannot open the landmark model");
        int version = 0;
        dlib::deserialize(version, in);
        if (version != 1) return bad_input(path.string(), "not a dlib shape predictor (unknown version)");
        dlib::deserialize(initial_shape, in);
        dlib::deserialize(forests, in);
        dlib::deserialize(anchor_idx, in);
        dlib::deserialize(deltas, in);
    } catch (const std::bad_alloc&) {
        return bad_input(path.string(), "not a dlib shape predictor (declares sizes too large to load)");
    } catch (const std::exception&) {
        return bad_input(path.string(), "not a dlib shape predictor (cannot deserialize)");
    }
    const auto values = static_cast<std::size_t>(initial_shape.size());
    if (values != 2 * kLandmarkCount)
        return bad_input(path.string(), "is a " + std::to_string(values / 2) +
                                            "-point predictor; hairline needs the 68-point iBUG layout");
    if (forests.empty() || forests.size() != anchor_idx.size() || forests.size() != deltas.size() ||
        forests[0].empty())
        return bad_input(path.string(), "not a dlib shape predictor (inconsistent cascade)");

    std::shared_ptr<LandmarkPredictor> predictor(new LandmarkPredictor());
    Model& m = *predictor->model_;
    m.landmark_count = kLandmarkCount;
    m.initial_shape.assign(initial_shape.begin(), initial_shape.end());
    m.splits_per_tree = forests[0][0].splits.size();
    m.leaves_per_tree = forests[0][0].leaf_values.size();
    if (m.leaves_per_tree != m.splits_per_tree + 1)
        return bad_input(path.string(), "not a dlib shape predictor (malformed tree)");
    for (std::size_t c = 0; c < forests.size(); ++c) {
        Cascade cascade;
        if (anchor_idx[c].size() != deltas[c].size())
            return bad_input(path.string(), "not a dlib shape predictor (inconsistent features)");
        for (std::size_t f = 0; f < deltas[c].size(); ++f) {
            if (anchor_idx[c][f] >= static_cast<unsigned long>(kLandmarkCount))
                return bad_input(path.string(), "not a dlib shape predictor (feature anchor out of range)");
            cascade.anchor.push_back(static_cast<std::uint32_t>(anchor_idx[c][f]));
            cascade.delta.push_back(deltas[c][f].x());
            cascade.delta.push_back(deltas[c][f].y());
        }
        cascade.first_tree = m.splits.size() / m.splits_per_tree;
        cascade.tree_count = forests[c].size();
        for (const auto& tree : forests[c]) {
            if (tree.splits.size() != m.splits_per_tree || tree.leaf_values.size() != m.leaves_per_tree)
                return bad_input(path.string(), "not a dlib shape predictor (trees differ in depth)");
            for (const auto& s : tree.splits) {
                if (s.idx1 >= deltas[c].size() || s.idx2 >= deltas[c].size())
                    return bad_input(path.string(), "not a dlib shape predictor (split feature out of range)");
                m.splits.push_back({static_cast<std::uint32_t>(s.idx1), static_cast<std::uint32_t>(s.idx2), s.thresh});
            }
            for (const auto& leaf : tree.leaf_values) {
                if (static_cast<std::size_t>(leaf.size()) != values)
                    return bad_input(path.string(), "not a dlib shape predictor (leaf size mismatch)");
                for (float v : leaf) m.leaves.push_back(to_leaf(v));
            }
        }
        m.cascades.push_back(std::move(cascade));
    }
    return std::shared_ptr<const LandmarkPredictor>(std::move(predictor));
}

Landmarks LandmarkPredictor::predict(const cv::Mat& gray, const FaceBox& box, SamplingMode mode) const {
    const Model& m = *model_;
    const std::size_t values = m.initial_shape.size();
    const bool compat = mode == SamplingMode::DlibCompatible;

    BoxMap to_image{};
    if (compat) {
        // dlib maps [0,1] onto a whole-pixel rectangle from tl to br corner.
        const long left = std::lround(box.left), top = std::lround(box.top);
        const long right = std::lround(box.left + box.width) - 1, bottom = std::lround(box.top + box.height) - 1;
        to_image = {static_cast<double>(left), static_cast<double>(top), static_cast<double>(right - left),
                    static_cast<double>(bottom - top)};
    } else {
        to_image = {box.left, box.top, box.width - 1.0, box.height - 1.0};
    }

    std::vector<float> shape = m.initial_shape;
    std::vector<float> features;
    const std::size_t leaf_stride = values;
    for (const Cascade& cascade : m.cascades) {
        // Least-squares similarity from the mean shape to the current one
        // (closed form in 2D); only its linear part moves the feature offsets.
        double mx0 = 0, my0 = 0, mx1 = 0, my1 = 0;
        const std::size_t n = values / 2;
        auto at = [](const std::vector<float>& v, std::size_t k) { return static_cast<double>(v[k]); };
        for (std::size_t i = 0; i < n; ++i) {
            mx0 += at(m.initial_shape, 2 * i);
            my0 += at(m.initial_shape, 2 * i + 1);
            mx1 += at(shape, 2 * i);
            my1 += at(shape, 2 * i + 1);
        }
        mx0 /= n; my0 /= n; mx1 /= n; my1 /= n;
        double dot = 0, cross = 0, norm = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double px = at(m.initial_shape, 2 * i) - mx0, py = at(m.initial_shape, 2 * i + 1) - my0;
            const double qx = at(shape, 2 * i) - mx1, qy = at(shape, 2 * i + 1) - my1;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        const double a = norm > 0 ? dot / norm : 1.0, b = norm > 0 ? cross / norm : 0.0;

        const std::size_t feature_count = cascade.anchor.size();
        features.resize(feature_count);
        for (std::size_t f = 0; f < feature_count; ++f) {
            const double dx = at(cascade.delta, 2 * f), dy = at(cascade.delta, 2 * f + 1);
            const std::uint32_t k = cascade.anchor[f];
            const double sx = a * dx - b * dy + at(shape, 2 * k), sy = b * dx + a * dy + at(shape, 2 * k + 1);
            const glm::dvec2 p = to_image(sx, sy);
            features[f] = compat ? nearest(gray, p.x, p.y) : bilinear(gray, p.x, p.y);
        }

        for (std::size_t t = cascade.first_tree; t < cascade.first_tree + cascade.tree_count; ++t) {
            const Split* splits = &m.splits[t * m.splits_per_tree];
            std::size_t node = 0;
            while (node < m.splits_per_tree) {
                const Split& s = splits[node];
                node = features[s.feature_a] - features[s.feature_b] > s.threshold ? 2 * node + 1 : 2 * node + 2;
            }
            add_leaf(shape.data(), &m.leaves[(t * m.leaves_per_tree + (node - m.splits_per_tree)) * leaf_stride], values);
        }
    }

    Landmarks out{};
    for (int i = 0; i < kLandmarkCount; ++i) {
        const auto k = static_cast<std::size_t>(i);
        glm::dvec2 p = to_image(static_cast<double>(shape[2 * k]), static_cast<double>(shape[2 * k + 1]));
        if (compat) p = {std::floor(p.x + 0.5), std::floor(p.y + 0.5)};
        out[static_cast<std::size_t>(i)] = p;
    }
    return out;
}

}  // namespace hairline

namespace hairline {

Landmarks LandmarkPredictor::predict_normalised(GrayPyramid& frame, const FaceBox& box, double roll_rad,
                                                double max_box_px, bool mirror_average) const {
    // The coarsest level where the face is still at least 3/4 of the target
    // size; from there a warp turns it upright and brings it to the target.
    const int level = GrayPyramid::level_for(box.width, 0.75 * max_box_px);
    const cv::Mat& image = frame.level(level);
    const glm::dvec2 c = GrayPyramid::to_level(box.center(), level);
    const double width = std::ldexp(box.width, -level);
    const double k = std::min(1.0, max_box_px / width);
    const double side = std::ceil(1.8 * width * k);
    const double cr = k * std::cos(-roll_rad), sr = k * std::sin(-roll_rad);
    // level pixels -> upright crop: rotate by -roll about the face centre, scale by k
    const cv::Matx23d to_crop(cr, -sr, 0.5 * side - (cr * c.x - sr * c.y), sr, cr, 0.5 * side - (sr * c.x + cr * c.y));
    cv::Mat crop;
    cv::warpAffine(image, crop, cv::Mat(to_crop), cv::Size(static_cast<int>(side), static_cast<int>(side)),
                   cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    const double crop_box = width * k;
    const FaceBox upright{0.5 * side - 0.5 * crop_box, 0.5 * side - 0.5 * crop_box, crop_box, crop_box};
    Landmarks out = predict(crop, upright);
    if (mirror_average) {
        // Test-time mirroring: the mirrored face's landmarks, flipped back and
        // relabelled left <-> right, average out the model's lopsided errors.
        cv::Mat flipped;
        cv::flip(crop, flipped, 1);
        const Landmarks mirrored = predict(flipped, upright);
        const auto& pairs = mirror_landmark_index();
        for (std::size_t i = 0; i < out.size(); ++i) {
            const glm::dvec2 m = mirrored[static_cast<std::size_t>(pairs[i])];
            out[i] = 0.5 * (out[i] + glm::dvec2(side - 1.0 - m.x, m.y));
        }
    }
    cv::Mat back;
    cv::invertAffineTransform(cv::Mat(to_crop), back);
    const cv::Matx23d m(back);
    for (auto& p : out) {
        const glm::dvec2 at_level{m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)};
        p = GrayPyramid::from_level(at_level, level);
    }
    return out;
}

}  // namespace hairline
