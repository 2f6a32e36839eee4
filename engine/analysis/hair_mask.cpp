#include "engine/analysis/hair_mask.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

#include "engine/analysis/scalp_fit.h"
#include "engine/analysis/scalp_skin.h"
#include "engine/analysis/skin_tone.h"

namespace hairline {
namespace {

constexpr int kFeatures = 4;  // L*, a*, b*, texture
// Each feature's variance is at least this (L* 2, a*/b* 1, texture 0.5, squared):
// a narrow sample (an evenly lit forehead) must not make every other pixel
// infinitely unlikely.
constexpr double kVarianceFloor[kFeatures] = {4.0, 1.0, 1.0, 0.25};
// A colour within 3 standard deviations of a part of the background around
// the head may be that background.
constexpr double kBackgroundReach2 = 9.0;
using Feature = cv::Vec<double, kFeatures>;

// A Gaussian over the features, regularised so a narrow sample (an evenly
// lit forehead) does not make every other pixel infinitely unlikely.
struct Model {
    Feature mean;
    cv::Matx<double, kFeatures, kFeatures> inverse;
    double log_det = 0.0;

    static Model fit(const std::vector<Feature>& samples) {
        Model m;
        Feature sum = Feature::all(0);
        for (const auto& s : samples) sum += s;
        m.mean = sum * (1.0 / static_cast<double>(samples.size()));
        cv::Matx<double, kFeatures, kFeatures> cov = cv::Matx<double, kFeatures, kFeatures>::zeros();
        for (const auto& s : samples) {
            const Feature d = s - m.mean;
            cov += d * d.t();
        }
        cov *= 1.0 / static_cast<double>(samples.size());
        for (int i = 0; i < kFeatures; ++i) cov(i, i) += kVarianceFloor[i];
        m.inverse = cov.inv(cv::DECOMP_CHOLESKY);
        m.log_det = std::log(std::max(cv::determinant(cov), 1e-300));
        return m;
    }
    double mahalanobis2(const Feature& f) const {
        const Feature d = f - mean;
        const cv::Matx<double, 1, 1> q = d.t() * inverse * d;
        return q(0, 0);
    }
    double log_likelihood(const Feature& f) const { return -0.5 * mahalanobis2(f) - 0.5 * log_det; }
};

}  // namespace

cv::Mat face_keep_zone(const Landmarks& lm, cv::Size size) {
    // The jaw line pushed out a little (beard, the cheek's edge), the brows
    // up only as far as their hairs reach: hair above them is scalp hair.
    const double iod = iod_px(lm);
    const glm::dvec2 up = face_axes(lm).up;
    glm::dvec2 centre(0.0);
    for (int i = 0; i <= 26; ++i) centre += lm[static_cast<std::size_t>(i)] / 27.0;
    std::vector<cv::Point> points;
    for (int i = 0; i <= 26; ++i) {
        const glm::dvec2 p = lm[static_cast<std::size_t>(i)];
        const glm::dvec2 moved = i <= 16 ? p + 0.06 * iod * glm::normalize(p - centre) : p + 0.04 * iod * up;
        points.emplace_back(static_cast<int>(std::lround(moved.x)), static_cast<int>(std::lround(moved.y)));
    }
    std::vector<cv::Point> hull;
    cv::convexHull(points, hull);
    cv::Mat zone(size, CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(zone, hull, cv::Scalar(255));
    return zone;
}

std::vector<cv::Point> shaved_head_outline(const FaceFit& fit, const Landmarks& lm) {
    // Seen from the front a skull is widest above the ears, well up the
    // temples: its outline is squarer than the model's forehead curve.
    FaceFit squarer = fit;
    squarer.head.outline_exponent = std::max(fit.head.outline_exponent, kShavedOutlineExponent);
    std::vector<cv::Point2f> points = scalp_silhouette(squarer);
    for (int i = 0; i <= 16; ++i)
        points.emplace_back(static_cast<float>(lm[static_cast<std::size_t>(i)].x), static_cast<float>(lm[static_cast<std::size_t>(i)].y));
    std::vector<cv::Point2f> hull;
    cv::convexHull(points, hull);
    std::vector<cv::Point> out;
    for (const auto& p : hull) out.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    return out;
}

namespace {

// The crop the segmentation works on: the skull with room for big hair
// and the background beyond it (half a head width on the sides and
// above), down to the jaw.
struct HeadCrop {
    cv::Rect box;           // frame pixels
    double scale = 1.0;     // crop pixels per frame pixel
};

HeadCrop head_crop(const std::vector<cv::Point>& outline, cv::Size frame) {
    const cv::Rect skull = cv::boundingRect(outline);
    const int grow = static_cast<int>(0.55 * skull.width);
    const cv::Rect wanted(skull.x - grow, skull.y - grow, skull.width + 2 * grow,
                          skull.height + grow + static_cast<int>(0.08 * skull.height));
    HeadCrop crop;
    crop.box = wanted & cv::Rect(0, 0, frame.width, frame.height);
    crop.scale = std::min(1.0, 300.0 / std::max(crop.box.width, crop.box.height));
    return crop;
}

}  // namespace

namespace {

// A few Gaussians (for classes of more than one colour: a background, hair
// with its highlights), from k-means started at quantiles of L* so the
// result does not depend on a random generator.
struct Mixture {
    std::vector<Model> parts;
    std::vector<double> log_weight;

    static Mixture fit(std::vector<Feature> samples, int k) {
        Mixture m;
        if (samples.empty()) return m;
        const std::size_t step = std::max<std::size_t>(1, samples.size() / 4000);
        std::vector<Feature> used;
        for (std::size_t i = 0; i < samples.size(); i += step) used.push_back(samples[i]);
        std::sort(used.begin(), used.end(), [](const Feature& a, const Feature& b) { return a[0] < b[0]; });
        const int n = static_cast<int>(used.size());
        k = std::clamp(n / 30, 1, k);
        cv::Mat data(n, kFeatures, CV_32F), labels(n, 1, CV_32S);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < kFeatures; ++j) data.at<float>(i, j) = static_cast<float>(used[static_cast<std::size_t>(i)][j]);
            labels.at<int>(i) = i * k / n;
        }
        cv::Mat centres;
        if (k > 1)
            cv::kmeans(data, k, labels, cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 20, 0.1), 1,
                       cv::KMEANS_USE_INITIAL_LABELS, centres);
        for (int c = 0; c < k; ++c) {
            std::vector<Feature> part;
            for (int i = 0; i < n; ++i)
                if (labels.at<int>(i) == c) part.push_back(used[static_cast<std::size_t>(i)]);
            if (part.size() < 8) continue;
            m.parts.push_back(Model::fit(part));
            m.log_weight.push_back(std::log(static_cast<double>(part.size()) / n));
        }
        return m;
    }
    bool empty() const { return parts.empty(); }
    double mahalanobis2(const Feature& f) const {
        double best = 1e30;
        for (const Model& p : parts) best = std::min(best, p.mahalanobis2(f));
        return best;
    }
    double log_likelihood(const Feature& f) const {
        double best = -1e30;
        for (std::size_t i = 0; i < parts.size(); ++i) best = std::max(best, log_weight[i] + parts[i].log_likelihood(f));
        return best;
    }
};

// Per pixel of the crop: Lab and local texture.
struct Features {
    std::vector<cv::Mat> lab;  // CV_32F each
    cv::Mat texture;
    Feature at(int y, int x) const {
        return Feature(lab[0].at<float>(y, x), lab[1].at<float>(y, x), lab[2].at<float>(y, x), texture.at<float>(y, x));
    }
};

Features features_of(const cv::Mat& crop_bgr) {
    build_opencv_lab_tables_once();
    cv::Mat f, lab;
    crop_bgr.convertTo(f, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
    Features out;
    cv::split(lab, out.lab);
    // Fine detail, not steps: the mean magnitude of a high-pass over 5x5
    // (strands are many small ups and downs; a head's edge is one step,
    // which this sees only along a thin line, removed later by an opening).
    cv::Mat smooth, detail;
    cv::GaussianBlur(out.lab[0], smooth, cv::Size(0, 0), 1.0);
    cv::blur(cv::abs(out.lab[0] - smooth), out.texture, cv::Size(5, 5));
    return out;
}

enum Region : std::uint8_t { kOther = 0, kSkull = 1, kBand = 2, kBackground = 3 };

// The client's own skin as one piece: the skin-explained pixels where the
// head may be, joined over gaps of `close_px` (pores, single dark hairs),
// that are connected to the forehead (`seeds`), with the holes in them
// smaller than `max_hole_px` filled (a highlight too bright even for shine,
// a mole, the eyes and brows).
cv::Mat connected_skin(const cv::Mat& skin_like, const cv::Mat& allowed, const std::vector<cv::Point>& seeds,
                       int close_px, double max_hole_px) {
    cv::Mat joined;
    cv::morphologyEx(skin_like, joined, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * close_px + 1, 2 * close_px + 1)));
    joined &= allowed;
    cv::Mat labels;
    const int count = cv::connectedComponents(joined, labels, 4, CV_32S);
    std::vector<bool> keep(static_cast<std::size_t>(count), false);
    for (const cv::Point& p : seeds)
        if (p.x >= 0 && p.y >= 0 && p.x < labels.cols && p.y < labels.rows) keep[static_cast<std::size_t>(labels.at<int>(p))] = true;
    keep[0] = false;
    cv::Mat out(skin_like.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (keep[static_cast<std::size_t>(labels.at<int>(y, x))]) out.at<std::uint8_t>(y, x) = 255;
    cv::Mat holes_labels, stats, centroids;
    const cv::Mat holes = out == 0;
    const int holes_count = cv::connectedComponentsWithStats(holes, holes_labels, stats, centroids, 4, CV_32S);
    for (int i = 1; i < holes_count; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool inner = x > 0 && y > 0 && x + w < out.cols && y + h < out.rows;
        if (inner && stats.at<int>(i, cv::CC_STAT_AREA) <= max_hole_px) out.setTo(255, holes_labels == i);
    }
    return out;
}

}  // namespace

namespace {

// Skin-like within this many standard deviations (squared) of a model.
constexpr double kLikeModel2 = 16.0;
// Scalp pixels are those at least this high over the eyes (inter-ocular distances).
constexpr float kScalpAboveIod = 0.25f;
// Fewer hair-looking scalp pixels than this (and than kMinHairShare of the
// scalp) is a bare scalp: too few to model hair from.
constexpr std::size_t kMinHairSamples = 30;
constexpr double kMinHairShare = 0.03;
// Ears: from the eyes' height to the mouth's, over the eyes (inter-ocular
// distances). Higher, beside the temples, fair hair would pass for lit skin.
constexpr float kEarTopIod = 0.0f, kEarBottomIod = -1.3f;

// The crop around the head and what each of its pixels is, by place.
struct HeadRegions {
    cv::Rect box;                 // frame pixels
    double scale = 1.0;           // crop pixels per frame pixel
    double iod_s = 0.0;           // the inter-ocular distance in crop pixels
    cv::Mat crop;                 // CV_8UC3: bgr(box), resized
    cv::Mat skull, face;          // CV_8UC1, 255 inside
    cv::Mat region;               // CV_8UC1: Region
    cv::Mat above;                // CV_32F: height over the eyes, inter-ocular distances
    cv::Mat from_skull, in_skull; // CV_32F: distance outside, inside the skull (crop px)
    float band_px = 1.0f;         // the band's width, where hair may stand
    float edge_px = 1.0f;         // the skull's edge, where a head smaller than the model ends
    cv::Point local(glm::dvec2 p) const {
        return cv::Point(static_cast<int>((p.x - box.x) * scale), static_cast<int>((p.y - box.y) * scale));
    }
};

// Regions: the skull (head for sure, hair or skin), a band around it where
// hair may stand, and the background beyond (with a gap, so hair tips do
// not teach the background's model).
std::optional<HeadRegions> head_regions(const cv::Mat& bgr, const Landmarks& lm, const FaceFit& fit, double iod) {
    const std::vector<cv::Point> outline = shaved_head_outline(fit, lm);
    if (outline.size() < 3) return std::nullopt;
    const HeadCrop hc = head_crop(outline, bgr.size());
    if (hc.box.width < 16 || hc.box.height < 16) return std::nullopt;
    HeadRegions h;
    h.box = hc.box;
    h.scale = hc.scale;
    h.iod_s = iod * h.scale;
    cv::resize(bgr(h.box), h.crop, cv::Size(), h.scale, h.scale, cv::INTER_AREA);
    std::vector<cv::Point> skull_poly;
    for (const auto& p : outline) skull_poly.push_back(h.local(glm::dvec2(p.x, p.y)));
    h.skull = cv::Mat(h.crop.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(h.skull, skull_poly, cv::Scalar(255));
    const int skull_width = cv::boundingRect(skull_poly).width;
    auto grown = [&](double share) {
        cv::Mat out;
        const int r = std::max(1, static_cast<int>(share * skull_width));
        cv::dilate(h.skull, out, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
        return out;
    };
    const cv::Mat band_outer = grown(kHairReachShare), gap_outer = grown(kHairReachShare + 0.1);
    cv::resize(face_keep_zone(lm, bgr.size())(h.box), h.face, h.crop.size(), 0, 0, cv::INTER_NEAREST);

    const FaceAxes axes = face_axes(lm);
    h.above = cv::Mat(h.crop.size(), CV_32F);
    h.region = cv::Mat(h.crop.size(), CV_8UC1, cv::Scalar(kOther));
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const glm::dvec2 at(h.box.x + (x + 0.5) / h.scale, h.box.y + (y + 0.5) / h.scale);
            const double a = glm::dot(at - axes.eyes, axes.up) / iod;
            h.above.at<float>(y, x) = static_cast<float>(a);
            std::uint8_t& r = h.region.at<std::uint8_t>(y, x);
            if (!gap_outer.at<std::uint8_t>(y, x)) r = kBackground;
            else if (h.face.at<std::uint8_t>(y, x) || a < -1.2) r = kOther;  // the face; below the mouth nothing changes
            else if (h.skull.at<std::uint8_t>(y, x)) r = kSkull;
            else if (band_outer.at<std::uint8_t>(y, x)) r = kBand;
        }
    // In the band, hair is likelier near the skull, background further out
    // (where their colours overlap, nearness decides).
    cv::distanceTransform(~h.skull, h.from_skull, cv::DIST_L2, 3);
    h.band_px = static_cast<float>(std::max(1.0, kHairReachShare * skull_width));
    cv::distanceTransform(h.skull, h.in_skull, cv::DIST_L2, 3);
    h.edge_px = static_cast<float>(std::max(1.0, 0.12 * skull_width));
    return h;
}

// The client's own skin: its colours, and where its physics explains a pixel.
struct SkinEvidence {
    std::vector<Feature> samples;  // cheeks, nose and forehead skin, the darkest fifth left out
    cv::Mat linear;                // the crop in linear light, blurred to the skin test's scale
    cv::Mat skin_like;             // CV_8UC1: 255 where the skin's physics explains the pixel
    cv::Mat lit_skin_like;         // CV_8UC1: the same for lit skin only (no shine, no deep shade)
};

void sample_disc(const HeadRegions& h, const Features& feat, glm::dvec2 centre, double radius_iod,
                 std::vector<Feature>& out) {
    const cv::Point q = h.local(centre);
    const int rr = std::max(1, static_cast<int>(radius_iod * h.iod_s));
    for (int y = q.y - rr; y <= q.y + rr; ++y)
        for (int x = q.x - rr; x <= q.x + rr; ++x)
            if (x >= 0 && y >= 0 && x < h.crop.cols && y < h.crop.rows && (x - q.x) * (x - q.x) + (y - q.y) * (y - q.y) <= rr * rr)
                out.push_back(feat.at(y, x));
}

// Skin where it always is: cheeks, nose, and across the forehead (its shine
// and shade included: a shiny forehead is skin), trimmed of the darkest
// (shadow, stubble, stray brow hairs).
std::optional<SkinEvidence> skin_evidence(const HeadRegions& h, const Features& feat, const Landmarks& lm, double iod) {
    const std::pair<glm::dvec2, double> cheek_discs[] = {
        {0.5 * (lm[2] + lm[31]), 0.2}, {0.5 * (lm[14] + lm[35]), 0.2}, {0.5 * (lm[28] + lm[29]), 0.08}};
    SkinEvidence out;
    std::vector<Feature>& skin = out.samples;
    for (const auto& [c, r] : cheek_discs) sample_disc(h, feat, c, r, skin);
    if (skin.size() < 50) return std::nullopt;
    // The forehead may be under a fringe: its pixels count as skin when
    // they look like the cheeks, or are the cheeks' shine (lighter and as
    // smooth; hair, even grey hair, has strands).
    const std::size_t cheeks = skin.size();
    const Model cheek_model = Model::fit(skin);
    std::vector<double> cheek_texture;
    for (const auto& v : skin) cheek_texture.push_back(v[3]);
    std::nth_element(cheek_texture.begin(), cheek_texture.begin() + static_cast<std::ptrdiff_t>(cheeks * 9 / 10), cheek_texture.end());
    const double smooth_texture = cheek_texture[cheeks * 9 / 10] + 0.5;
    // The skin's physics (scalp_skin.h): what the client's own skin can look
    // like anywhere on the head, shaded, shiny or through stubble, from the
    // cheeks' chromaticity in linear light, on the picture blurred to ~2.5 mm.
    cv::Mat cheek_mask(h.crop.size(), CV_8UC1, cv::Scalar(0));
    for (const auto& [c, r] : cheek_discs)
        cv::circle(cheek_mask, h.local(c), std::max(1, static_cast<int>(r * h.iod_s)), cv::Scalar(255), cv::FILLED);
    out.linear = linear_light(h.crop);
    cv::GaussianBlur(out.linear, out.linear, cv::Size(0, 0), std::max(0.7, kSkinBlurIod * h.iod_s));
    const std::optional<SkinChroma> skin_chroma = skin_chroma_of(out.linear, cheek_mask);
    const cv::Mat none(h.crop.size(), CV_8UC1, cv::Scalar(0));
    out.skin_like = skin_chroma ? skin_explained_map(out.linear, *skin_chroma, feat.texture <= smooth_texture) : none;
    // Lit skin: with no pixel taken as smooth, the test of skin seen
    // through stubble (no shine, no deep shade, kMinTexturedSkinShade).
    out.lit_skin_like = skin_chroma ? skin_explained_map(out.linear, *skin_chroma, none, false) : none;

    const glm::dvec2 up = face_axes(lm).up;
    sample_disc(h, feat, glabella(lm) + 0.35 * iod * up, 0.12, skin);
    sample_disc(h, feat, 0.5 * (lm[19] + lm[20]) + 0.3 * iod * up, 0.1, skin);
    sample_disc(h, feat, 0.5 * (lm[23] + lm[24]) + 0.3 * iod * up, 0.1, skin);
    skin.erase(std::remove_if(skin.begin() + static_cast<std::ptrdiff_t>(cheeks), skin.end(),
                              [&](const Feature& v) {
                                  const bool like_cheek = cheek_model.mahalanobis2(v) <= kLikeModel2;
                                  const bool shine = v[0] >= cheek_model.mean[0] && v[3] <= smooth_texture;
                                  return !like_cheek && !shine;
                              }),
               skin.end());
    std::sort(skin.begin(), skin.end(), [](const Feature& a, const Feature& b) { return a[0] < b[0]; });
    skin = std::vector<Feature>(skin.begin() + static_cast<std::ptrdiff_t>(skin.size() / 5), skin.end());
    return out;
}

// Background: beyond the band. A picture cut close around the head shows
// too little of it to learn: then hair is looked for on the skull only
// (the band becomes "other").
Mixture learn_background(HeadRegions& h, const Features& feat) {
    std::vector<Feature> samples;
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x)
            if (h.region.at<std::uint8_t>(y, x) == kBackground) samples.push_back(feat.at(y, x));
    const bool seen = samples.size() >= std::max<std::size_t>(300, h.crop.total() / 200);
    if (!seen) {
        h.region.setTo(kOther, h.region == kBand);
        return Mixture{};
    }
    return Mixture::fit(samples, 4);
}

// The skin seen on the head, in one piece with the forehead: a bald or
// shaved scalp is all of it up to the head's outline. The band beyond the
// skull is where hair may stand, not skin; a step in the light is the
// head's outline (or something before it), not skin.
cv::Mat skin_on_head(const HeadRegions& h, const SkinEvidence& skin, const Landmarks& lm, double iod) {
    const FaceAxes axes = face_axes(lm);
    std::vector<cv::Point> forehead;
    for (double side = -0.3; side <= 0.31; side += 0.1)
        forehead.push_back(h.local(glabella(lm) + 0.3 * iod * axes.up + side * iod * axes.across));
    const cv::Mat may_be_head =
        ((h.region == kSkull) | h.face) & ~luminance_steps(skin.linear, std::max(0.7, kSkinBlurIod * h.iod_s));
    const int pore_px = std::max(1, static_cast<int>(0.03 * h.iod_s));
    const double hole_px = 0.25 * h.iod_s * h.iod_s;
    return connected_skin(skin.skin_like, may_be_head, forehead, pore_px, hole_px);
}

// Hair: what on the scalp looks nothing like that skin (nor, near the
// skull's edge, where a head smaller than the model ends, like the background).
std::vector<Feature> hair_samples_of(const HeadRegions& h, const Features& feat, const Mixture& skin,
                                     const Mixture& background, int& scalp_pixels) {
    std::vector<Feature> out;
    scalp_pixels = 0;
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            if (h.region.at<std::uint8_t>(y, x) != kSkull || h.above.at<float>(y, x) < kScalpAboveIod) continue;
            ++scalp_pixels;
            const Feature v = feat.at(y, x);
            if (skin.mahalanobis2(v) <= kLikeModel2) continue;
            if (h.in_skull.at<float>(y, x) <= h.edge_px && !background.empty() && background.mahalanobis2(v) <= kLikeModel2)
                continue;
            out.push_back(v);
        }
    return out;
}

// The background beyond the band, continued into it along straight lines
// of sight: a pillar, a door frame or a wall's edge that runs into the band
// behind the head is background there, even where the hair's colours overlap
// its colour (grey hair before a cream pillar). Per band pixel, the
// background first met going straight out from it in eight directions
// (without crossing the skull or the face) lends its local model: the mean
// and variance of each feature over the background around that point.
// Strands still differ from a smooth pillar by their texture, and hair
// near the skull keeps its prior (label_pixels).
constexpr int kLineDirections = 8;
// The local model's reach, as a share of the band's width.
constexpr double kLocalBackgroundShare = 0.05;
// The local model is one of the background's parts: weighted as one of a few.
const double kLocalLogWeight = std::log(0.5);

struct LocalBackground {
    cv::Mat mean[kFeatures], var[kFeatures];  // CV_32F each, at background pixels
    cv::Mat hit[kLineDirections];             // CV_32SC2: the background met going out, or (-1, -1)
    float reach_px = 0.0f;                    // how far a line of sight may run
};

// The first background pixel met going from each pixel in direction (dx, dy),
// through the band and the gap beyond it only.
cv::Mat first_background_hit(const HeadRegions& h, int dx, int dy) {
    cv::Mat hit(h.crop.size(), CV_32SC2, cv::Scalar(-1, -1));
    const int ys = dy > 0 ? h.crop.rows - 1 : 0, ye = dy > 0 ? -1 : h.crop.rows, sy = dy > 0 ? -1 : 1;
    const int xs = dx > 0 ? h.crop.cols - 1 : 0, xe = dx > 0 ? -1 : h.crop.cols, sx = dx > 0 ? -1 : 1;
    for (int y = ys; y != ye; y += sy)
        for (int x = xs; x != xe; x += sx) {
            const std::uint8_t r = h.region.at<std::uint8_t>(y, x);
            if (r == kBackground) {
                hit.at<cv::Vec2i>(y, x) = cv::Vec2i(x, y);
                continue;
            }
            const bool passable = (r == kBand || r == kOther) && !h.face.at<std::uint8_t>(y, x);
            const int nx = x + dx, ny = y + dy;
            if (passable && nx >= 0 && ny >= 0 && nx < h.crop.cols && ny < h.crop.rows)
                hit.at<cv::Vec2i>(y, x) = hit.at<cv::Vec2i>(ny, nx);
        }
    return hit;
}

LocalBackground local_background(const HeadRegions& h, const Features& feat) {
    LocalBackground out;
    cv::Mat seen;
    cv::Mat(h.region == kBackground).convertTo(seen, CV_32F, 1.0 / 255.0);
    const double sigma = kLocalBackgroundShare * static_cast<double>(h.band_px);
    cv::Mat weight;
    cv::GaussianBlur(seen, weight, cv::Size(0, 0), sigma);
    weight = cv::max(weight, 1e-6f);
    const cv::Mat channels[kFeatures] = {feat.lab[0], feat.lab[1], feat.lab[2], feat.texture};
    for (int i = 0; i < kFeatures; ++i) {
        cv::Mat sum, sum2;
        cv::GaussianBlur(channels[i].mul(seen), sum, cv::Size(0, 0), sigma);
        cv::GaussianBlur(channels[i].mul(channels[i]).mul(seen), sum2, cv::Size(0, 0), sigma);
        out.mean[i] = sum / weight;
        out.var[i] = cv::max(sum2 / weight - out.mean[i].mul(out.mean[i]), 0.0f);
    }
    const int directions[kLineDirections][2] = {{0, -1}, {1, -1}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}};
    for (int d = 0; d < kLineDirections; ++d) out.hit[d] = first_background_hit(h, directions[d][0], directions[d][1]);
    // Across the band and the gap beyond it, with room for a slanting line.
    out.reach_px = static_cast<float>(1.5 * static_cast<double>(h.band_px) * (kHairReachShare + 0.1) / kHairReachShare);
    return out;
}

double model_log_likelihood(const LocalBackground& local, const Feature& v, cv::Point at) {
    double sum = kLocalLogWeight;
    for (int i = 0; i < kFeatures; ++i) {
        const double var = static_cast<double>(local.var[i].at<float>(at)) + kVarianceFloor[i];
        const double d = v[i] - static_cast<double>(local.mean[i].at<float>(at));
        sum += -0.5 * d * d / var - 0.5 * std::log(var);
    }
    return sum;
}

// The best of the local models met along the lines of sight from (x, y).
double local_log_likelihood(const LocalBackground& local, const Feature& v, int y, int x) {
    double best = -1e30;
    for (const cv::Mat& hit : local.hit) {
        const cv::Vec2i q = hit.at<cv::Vec2i>(y, x);
        if (q[0] < 0 || std::hypot(q[0] - x, q[1] - y) > static_cast<double>(local.reach_px)) continue;
        best = std::max(best, model_log_likelihood(local, v, cv::Point(q[0], q[1])));
    }
    return best;
}

// Per crop pixel: how likely hair, and how likely background (CV_32F).
struct Posteriors {
    cv::Mat hair, background;
};

// Posterior of hair, skin and background on the skull and in the band.
void label_pixels(const HeadRegions& h, const Features& feat, const Mixture& hair_m, const Mixture& skin_m,
                  const Mixture& background_m, const LocalBackground& local, Posteriors& p) {
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const std::uint8_t r = h.region.at<std::uint8_t>(y, x);
            if (r != kSkull && r != kBand) continue;
            const Feature v = feat.at(y, x);
            const float above = h.above.at<float>(y, x);
            const bool beside_face = above < -0.9f;  // by the cheeks: rather skin (ears)
            const double near =
                r == kBand ? 2.5 - 4.0 * std::min(1.0, static_cast<double>(h.from_skull.at<float>(y, x) / h.band_px)) : 0.0;
            // Just over the brows is forehead more often than hair (a fringe
            // must look unlike skin to count): the prior fades out by 0.8
            // inter-ocular distances over the eyes.
            const double brow = std::clamp((0.8 - static_cast<double>(above)) / 0.6, 0.0, 1.0) * 2.0;
            const double lh = hair_m.log_likelihood(v) - (beside_face ? 1.5 : 0.0) + near - brow;
            const double ls = skin_m.log_likelihood(v) - (r == kBand ? 1.0 : 0.0);
            // The skull's core is head for sure; near its edge (a head smaller
            // than the model) background is unlikely; in the band hair and
            // background compete.
            const bool core = r == kSkull && h.in_skull.at<float>(y, x) > h.edge_px;
            const double lb = core || background_m.empty()
                                  ? -1e30
                                  : std::max(background_m.log_likelihood(v),
                                             r == kBand ? local_log_likelihood(local, v, y, x) : -1e30) -
                                        near - (r == kSkull ? 3.0 : 0.0);
            const double top = std::max({lh, ls, lb});
            const double eh = std::exp(lh - top), es = std::exp(ls - top), eb = std::exp(lb - top);
            p.hair.at<float>(y, x) = static_cast<float>(eh / (eh + es + eb));
            p.background.at<float>(y, x) = static_cast<float>(eb / (eh + es + eb));
        }
}

// Labelled once, then once more with hair and skin refitted to the confident pixels.
Posteriors label_twice(const HeadRegions& h, const Features& feat, const std::vector<Feature>& hair_samples,
                       const std::vector<Feature>& skin_samples, const Mixture& skin_m, const Mixture& background_m) {
    Posteriors p{cv::Mat(h.crop.size(), CV_32F, cv::Scalar(0)), cv::Mat(h.crop.size(), CV_32F, cv::Scalar(1))};
    p.background.setTo(0.0f, h.face);
    Mixture hair_m = Mixture::fit(hair_samples, 2);
    const LocalBackground local = local_background(h, feat);
    label_pixels(h, feat, hair_m, skin_m, background_m, local, p);
    std::vector<Feature> hair2, skin2 = skin_samples;
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const std::uint8_t r = h.region.at<std::uint8_t>(y, x);
            if (r != kSkull && r != kBand) continue;
            if (p.hair.at<float>(y, x) > 0.9f) hair2.push_back(feat.at(y, x));
            else if (r == kSkull && p.hair.at<float>(y, x) < 0.1f) skin2.push_back(feat.at(y, x));
        }
    if (hair2.size() >= kMinHairSamples) hair_m = Mixture::fit(hair2, 2);
    label_pixels(h, feat, hair_m, Mixture::fit(skin2, 3), background_m, local, p);
    return p;
}

// The ears: beside the face, from about the brows' height down to the
// mouth's, lit skin of the client's colour is an ear (or a neighbour's
// skin), not hair, whatever the hair model says: before a room of the
// hair's own colour it has no background to learn and takes all of the
// band, the ears with it, for hair. Lit only: the shine test would take a
// light wall, the deep shade test smooth dark hair.
void ears_are_skin(const HeadRegions& h, const cv::Mat& lit_skin_like, Posteriors& p) {
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const float above = h.above.at<float>(y, x);
            if (above >= kEarBottomIod && above <= kEarTopIod && lit_skin_like.at<std::uint8_t>(y, x)) p.hair.at<float>(y, x) = 0.0f;
        }
}

// Lines a pixel or two wide are edges (the head's outline, a collar), not
// hair: an opening removes them. Then hair grows from the scalp: only hair
// connected to the skull counts; what is not, in the band, is background.
void keep_hair_on_skull(const HeadRegions& h, Posteriors& p) {
    cv::morphologyEx(p.hair, p.hair, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(7, 7)));
    const cv::Mat hair_bin = p.hair > 0.5f;
    cv::Mat labels;
    const int count = cv::connectedComponents(hair_bin, labels, 8, CV_32S);
    std::vector<bool> on_skull(static_cast<std::size_t>(count), false);
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x)
            if (h.region.at<std::uint8_t>(y, x) == kSkull) on_skull[static_cast<std::size_t>(labels.at<int>(y, x))] = true;
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const int l = labels.at<int>(y, x);
            if (l > 0 && !on_skull[static_cast<std::size_t>(l)]) {
                p.hair.at<float>(y, x) = 0.0f;
                if (h.region.at<std::uint8_t>(y, x) == kBand) p.background.at<float>(y, x) = 1.0f;
            }
        }
}

double scalp_hair_share(const HeadRegions& h, const cv::Mat& p_hair, int scalp_pixels) {
    double sum = 0.0;
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x)
            if (h.region.at<std::uint8_t>(y, x) == kSkull && h.above.at<float>(y, x) >= kScalpAboveIod)
                sum += static_cast<double>(p_hair.at<float>(y, x));
    return sum / scalp_pixels;
}

// Where the colour alone (no prior of place) is unlike the background
// around the head (beyond 3 standard deviations of each of its parts):
// hair beyond the head's outline counts for hair=auto only there, so
// background beside a bald head is not taken for hair the outline missed.
cv::Mat unlike_background_map(const HeadRegions& h, const Features& feat, const cv::Mat& skin_like, const Mixture& background) {
    cv::Mat out(h.crop.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < h.crop.rows; ++y)
        for (int x = 0; x < h.crop.cols; ++x) {
            const std::uint8_t r = h.region.at<std::uint8_t>(y, x);
            if ((r == kSkull || r == kBand) && !skin_like.at<std::uint8_t>(y, x) &&
                (background.empty() || background.mahalanobis2(feat.at(y, x)) > kBackgroundReach2))
                out.at<std::uint8_t>(y, x) = 255;
        }
    return out;
}

// Crop probabilities to frame alpha: soft edges that follow strands (a
// guided filter on the crop's own picture), at the frame's size.
struct ToFrame {
    const HeadRegions& h;
    cv::Mat guide;
    int radius;
    explicit ToFrame(const HeadRegions& regions) : h(regions), radius(std::max(2, static_cast<int>(0.04 * regions.iod_s))) {
        cv::cvtColor(regions.crop, guide, cv::COLOR_BGR2GRAY);
    }
    void operator()(const cv::Mat& small_f, cv::Mat& full_u8) const {
        cv::Mat smooth, u8, up_sized;
        cv::ximgproc::guidedFilter(guide, small_f, smooth, radius, 1e-3 * 255.0 * 255.0);
        smooth = cv::min(cv::max(smooth, 0.0), 1.0);
        smooth.convertTo(u8, CV_8U, 255.0);
        cv::resize(u8, up_sized, h.box.size(), 0, 0, cv::INTER_LINEAR);
        up_sized.copyTo(full_u8(h.box));
    }
};

void paste(const cv::Mat& crop_u8, const cv::Rect& box, int interpolation, cv::Mat& full_u8) {
    cv::Mat up_sized;
    cv::resize(crop_u8, up_sized, box.size(), 0, 0, interpolation);
    up_sized.copyTo(full_u8(box));
}

}  // namespace

std::optional<HairMask> estimate_hair_mask(const cv::Mat& bgr, const Landmarks& lm, const FaceFit& fit) {
    const double iod = iod_px(lm);
    if (iod < 8.0 || bgr.empty()) return std::nullopt;
    auto regions = head_regions(bgr, lm, fit, iod);
    if (!regions) return std::nullopt;
    HeadRegions& h = *regions;
    const Features feat = features_of(h.crop);
    const auto skin = skin_evidence(h, feat, lm, iod);
    if (!skin) return std::nullopt;
    const Mixture skin_mixture = Mixture::fit(skin->samples, 3);
    const Mixture background = learn_background(h, feat);
    const cv::Mat skin_region = skin_on_head(h, *skin, lm, iod);
    int scalp_pixels = 0;
    const std::vector<Feature> hair_samples = hair_samples_of(h, feat, skin_mixture, background, scalp_pixels);

    HairMask out;
    for (cv::Mat* m : {&out.alpha, &out.head_alpha, &out.skin_alpha, &out.hair_not_background, &out.covering_alpha})
        *m = cv::Mat(bgr.size(), CV_8UC1, cv::Scalar(0));
    paste(skin_region, h.box, cv::INTER_LINEAR, out.skin_alpha);
    const ToFrame to_frame(h);
    const std::size_t min_hair = std::max(kMinHairSamples, static_cast<std::size_t>(kMinHairShare * scalp_pixels));
    if (scalp_pixels == 0 || hair_samples.size() < min_hair) {
        // A bare scalp: nothing is hair; the head is the skull and the face.
        out.scalp_hair_fraction = scalp_pixels > 0 ? static_cast<double>(hair_samples.size()) / scalp_pixels : 0.0;
        cv::Mat head_f(h.crop.size(), CV_32F, cv::Scalar(0));
        head_f.setTo(1.0f, h.skull | h.face);
        to_frame(head_f, out.head_alpha);
        return out;
    }
    Posteriors p = label_twice(h, feat, hair_samples, skin->samples, skin_mixture, background);
    ears_are_skin(h, skin->lit_skin_like, p);
    keep_hair_on_skull(h, p);
    out.scalp_hair_fraction = scalp_hair_share(h, p.hair, scalp_pixels);
    cv::Mat head_f = 1.0f - p.background;
    head_f.setTo(1.0f, h.face);
    to_frame(p.hair, out.alpha);
    to_frame(head_f, out.head_alpha);
    // Hair that hides the skin: the hair less what the skin's physics
    // explains on the skull (shine, shade, stubble the hair model took in).
    p.hair.setTo(0.0f, skin->skin_like & (h.region == kSkull));
    to_frame(p.hair, out.covering_alpha);
    paste(unlike_background_map(h, feat, skin->skin_like, background), h.box, cv::INTER_NEAREST, out.hair_not_background);
    const cv::Mat face_full = face_keep_zone(lm, bgr.size());
    out.alpha.setTo(0, face_full);  // the face stays the face at full resolution too
    out.covering_alpha.setTo(0, face_full);
    return out;
}

}  // namespace hairline
