#include "engine/analysis/skull_view.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/constants.hpp>
#include <glm/mat3x3.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/hair_mask.h"
#include "engine/geom/face_model_3d.h"
#include "engine/geom/projection.h"

namespace hairline {
namespace {

constexpr double kPi = glm::pi<double>();
// From below the glabella level (the sides of the head down to about the
// ears) over the top to the back.
constexpr double kAlphaFrom = -0.55;
// Normals and skin positions are smooth: they are rendered this large (px)
// and scaled up.
constexpr double kWorkingSidePx = 140.0;
constexpr int kMaxSamplesPerAxis = 520;

// A triangulation of the generic face's landmarks (dlib's 68, frontal), made
// once from the model's own frontal positions.
const std::vector<std::array<int, 3>>& face_triangles() {
    static const std::vector<std::array<int, 3>> triangles = [] {
        const auto& model = generic_face_points();
        cv::Subdiv2D subdiv(cv::Rect(-200, -200, 400, 400));
        std::vector<cv::Point2f> points;
        for (const auto& p : model) points.emplace_back(static_cast<float>(p.x), static_cast<float>(-p.y));
        subdiv.insert(points);
        std::vector<cv::Vec6f> list;
        subdiv.getTriangleList(list);
        std::vector<std::array<int, 3>> out;
        for (const auto& t : list) {
            std::array<int, 3> tri{-1, -1, -1};
            for (int k = 0; k < 3; ++k) {
                const cv::Point2f q(t[2 * k], t[2 * k + 1]);
                for (std::size_t i = 0; i < points.size(); ++i)
                    if (std::abs(points[i].x - q.x) < 1e-3f && std::abs(points[i].y - q.y) < 1e-3f) tri[static_cast<std::size_t>(k)] = static_cast<int>(i);
            }
            if (tri[0] >= 0 && tri[1] >= 0 && tri[2] >= 0) out.push_back(tri);
        }
        return out;
    }();
    return triangles;
}

// Image-axis rotation of the projection's 2D correction (a similarity), so
// camera-frame normals turn with the picture they are drawn on.
glm::dmat2 correction_rotation(const FaceProjection& projection) {
    const glm::dmat3& m = projection.image_correction;  // column-major: m[col][row]
    const double angle = std::atan2(m[0][1], m[0][0]);
    return glm::dmat2(std::cos(angle), std::sin(angle), -std::sin(angle), std::cos(angle));
}

glm::dvec3 to_image_axes(const glm::dmat2& turn, const glm::dvec3& n) {
    const glm::dvec2 xy = turn * glm::dvec2(n.x, n.y);
    return glm::normalize(glm::dvec3(xy, n.z));
}

// Fills the gaps between splats: values averaged with their neighbours'
// weights (normalised convolution), only where some sample is near.
void fill_gaps(cv::Mat& values, cv::Mat& weight) {
    cv::Mat v, w;
    cv::GaussianBlur(values, v, cv::Size(0, 0), 0.8);
    cv::GaussianBlur(weight, w, cv::Size(0, 0), 0.8);
    for (int y = 0; y < values.rows; ++y)
        for (int x = 0; x < values.cols; ++x) {
            if (weight.at<float>(y, x) > 0.0f || w.at<float>(y, x) < 0.05f) continue;
            const float k = 1.0f / w.at<float>(y, x);
            if (values.channels() == 3) values.at<cv::Vec3f>(y, x) = v.at<cv::Vec3f>(y, x) * k;
            else values.at<cv::Vec2f>(y, x) = v.at<cv::Vec2f>(y, x) * k;
            weight.at<float>(y, x) = 1.0f;
        }
}

struct Splats {
    cv::Mat normals, skin, depth, weight;  // working resolution
    std::vector<cv::Point2f> hull_points;  // crop pixels
};

Splats splat_skull(const FaceFit& fit, const HeadShape& skull, cv::Rect box, double scale, double work) {
    const ScalpChart chart(skull);
    const cv::Size size(static_cast<int>(std::ceil(box.width * scale * work)), static_cast<int>(std::ceil(box.height * scale * work)));
    Splats s;
    s.normals = cv::Mat(size, CV_32FC3, cv::Scalar::all(0));
    s.skin = cv::Mat(size, CV_32FC2, cv::Scalar::all(0));
    s.depth = cv::Mat(size, CV_32F, cv::Scalar(1e30f));
    s.weight = cv::Mat(size, CV_32F, cv::Scalar(0));
    // Samples about half a working pixel apart on the skin.
    const double mm_per_work_px = fit.mm_per_px / (scale * work);
    const double step_mm = std::max(0.5 * mm_per_work_px, 0.2);
    const int n_alpha = std::clamp(static_cast<int>((kPi - kAlphaFrom) * skull.half_height_mm / step_mm), 40, kMaxSamplesPerAxis);
    const int n_beta = std::clamp(static_cast<int>(2.0 * kChartBetaMax * skull.half_width_mm / step_mm), 40, kMaxSamplesPerAxis);
    const glm::dmat3& rotation = fit.projection.pose.rotation;
    const glm::dmat2 turn = correction_rotation(fit.projection);
    for (int i = 0; i <= n_alpha; ++i) {
        const double alpha = kAlphaFrom + (kPi - kAlphaFrom) * i / n_alpha;
        for (int j = 0; j <= n_beta; ++j) {
            const double beta = -kChartBetaMax + 2.0 * kChartBetaMax * j / n_beta;
            const glm::dvec3 p = chart.point(alpha, beta);
            const glm::dvec3 c = to_camera(fit.projection.pose, p);
            if (c.z <= 1.0) continue;
            const glm::dvec3 n = rotation * chart.normal(alpha, beta);
            if (glm::dot(n, -glm::normalize(c)) <= 0.0) continue;  // turned away
            const glm::dvec2 px = project_point(fit.projection, p);
            const glm::dvec2 in_crop = (px - glm::dvec2(box.x, box.y)) * scale;
            s.hull_points.emplace_back(static_cast<float>(in_crop.x), static_cast<float>(in_crop.y));
            const int x = static_cast<int>(in_crop.x * work), y = static_cast<int>(in_crop.y * work);
            if (x < 0 || y < 0 || x >= size.width || y >= size.height) continue;
            float& z = s.depth.at<float>(y, x);
            if (c.z >= static_cast<double>(z)) continue;
            z = static_cast<float>(c.z);
            const glm::dvec3 shown = to_image_axes(turn, n);
            s.normals.at<cv::Vec3f>(y, x) = cv::Vec3f(static_cast<float>(shown.x), static_cast<float>(shown.y), static_cast<float>(shown.z));
            // Below the glabella level the chart's height (an arc length up
            // from it) goes on negative, mirroring the profile: held at 0,
            // the temples' skin collapsed onto one line and the stubble and
            // texture laid there ran in streaks down the side of the head.
            const ChartPoint at = chart.to_chart(std::abs(alpha), beta);
            const double h_mm = alpha < 0.0 ? -at.h_mm : at.h_mm;
            s.skin.at<cv::Vec2f>(y, x) = cv::Vec2f(static_cast<float>(at.x_mm), static_cast<float>(h_mm));
            s.weight.at<float>(y, x) = 1.0f;
        }
    }
    return s;
}

// The face's normals: the generic face's triangles, each with its own
// normal, laid on the landmarks.
void draw_face(const FaceFit& fit, const Landmarks& lm, cv::Rect box, double scale, double work, cv::Mat& normals,
               cv::Mat& face) {
    const auto& model = generic_face_points();
    const glm::dmat3& rotation = fit.projection.pose.rotation;
    const glm::dmat2 turn = correction_rotation(fit.projection);
    for (const auto& t : face_triangles()) {
        const glm::dvec3 a = model[static_cast<std::size_t>(t[0])], b = model[static_cast<std::size_t>(t[1])],
                         c = model[static_cast<std::size_t>(t[2])];
        glm::dvec3 n = glm::normalize(glm::cross(b - a, c - a));
        if (n.z < 0.0) n = -n;  // out of the face, towards the camera of a frontal face (+Z)
        const glm::dvec3 shown = to_image_axes(turn, rotation * n);
        std::array<cv::Point, 3> corners;
        for (int k = 0; k < 3; ++k) {
            const glm::dvec2 p = (lm[static_cast<std::size_t>(t[static_cast<std::size_t>(k)])] - glm::dvec2(box.x, box.y)) * scale * work;
            corners[static_cast<std::size_t>(k)] = cv::Point(static_cast<int>(std::lround(p.x * 16)), static_cast<int>(std::lround(p.y * 16)));
        }
        cv::fillConvexPoly(normals, corners.data(), 3, cv::Scalar(shown.x, shown.y, shown.z), cv::LINE_8, 4);
        cv::fillConvexPoly(face, corners.data(), 3, cv::Scalar(255), cv::LINE_8, 4);
    }
}

}  // namespace

HeadShape shaved_skull_shape(const FaceFit& fit, const Landmarks& lm) {
    HeadShape shape = fit.head;
    const double face_width_mm = std::abs(glm::dot(lm[lm::kJawLast] - lm[lm::kJawFirst], face_axes(lm).across)) * fit.mm_per_px;
    shape.half_width_mm = std::max(shape.half_width_mm, 0.5 * kBreadthPerFaceWidth * face_width_mm);
    // Seen from the front a skull is widest above the ears, well up the
    // temples: its outline is squarer than the model's forehead curve.
    shape.outline_exponent = std::max(shape.outline_exponent, kShavedOutlineExponent);
    return shape;
}

SkullView render_skull_view(const FaceFit& fit, const HeadShape& skull, const Landmarks& lm, cv::Rect box, double scale) {
    SkullView view;
    view.box = box;
    view.scale = scale;
    const cv::Size crop(static_cast<int>(std::lround(box.width * scale)), static_cast<int>(std::lround(box.height * scale)));
    const double work = std::min(1.0, kWorkingSidePx / std::max(crop.width, crop.height));
    Splats s = splat_skull(fit, skull, box, scale, work);

    // The skull's outline at full resolution, a pixel soft.
    view.skull = cv::Mat(crop, CV_8UC1, cv::Scalar(0));
    if (s.hull_points.size() >= 3) {
        std::vector<cv::Point2f> hull;
        cv::convexHull(s.hull_points, hull);
        std::vector<cv::Point> fixed;
        for (const auto& p : hull) fixed.emplace_back(static_cast<int>(std::lround(p.x * 16)), static_cast<int>(std::lround(p.y * 16)));
        cv::fillConvexPoly(view.skull, fixed, cv::Scalar(255), cv::LINE_AA, 4);
    }
    cv::Mat skin_weight = s.weight.clone();
    for (int pass = 0; pass < 2; ++pass) {
        fill_gaps(s.normals, s.weight);
        fill_gaps(s.skin, skin_weight);
    }

    // The face in front of the skull, where the landmarks cover it.
    cv::Mat face_small(s.normals.size(), CV_8UC1, cv::Scalar(0));
    draw_face(fit, lm, box, scale, work, s.normals, face_small);

    cv::resize(s.normals, view.normals, crop, 0, 0, cv::INTER_LINEAR);
    cv::resize(s.skin, view.skin_mm, crop, 0, 0, cv::INTER_LINEAR);
    cv::resize(face_small, view.face, crop, 0, 0, cv::INTER_NEAREST);
    for (int y = 0; y < crop.height; ++y)
        for (int x = 0; x < crop.width; ++x) {
            cv::Vec3f& n = view.normals.at<cv::Vec3f>(y, x);
            const float len = std::sqrt(n.dot(n));
            n = len > 1e-3f ? n / len : cv::Vec3f(0, 0, 0);
        }
    // Skin mm per crop pixel: the area the pixel covers on the skin (the
    // Jacobian's determinant), its square root; the frontal scale where
    // the skull's positions are not defined.
    const double frontal = fit.mm_per_px / scale;
    view.mm_per_px = cv::Mat(crop, CV_32F, cv::Scalar(static_cast<float>(frontal)));
    cv::Mat du, dv;
    cv::Sobel(view.skin_mm, du, CV_32F, 1, 0, 3, 1.0 / 8.0);
    cv::Sobel(view.skin_mm, dv, CV_32F, 0, 1, 3, 1.0 / 8.0);
    for (int y = 0; y < crop.height; ++y)
        for (int x = 0; x < crop.width; ++x) {
            const cv::Vec2f a = du.at<cv::Vec2f>(y, x), b = dv.at<cv::Vec2f>(y, x);
            const double det = std::abs(static_cast<double>(a[0]) * static_cast<double>(b[1]) - static_cast<double>(a[1]) * static_cast<double>(b[0]));
            if (det > 0.0) view.mm_per_px.at<float>(y, x) = static_cast<float>(std::clamp(std::sqrt(det), 0.5 * frontal, 6.0 * frontal));
        }
    return view;
}

}  // namespace hairline
