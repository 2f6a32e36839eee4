#include "engine/session/consultation_sheet.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <opencv2/imgproc.hpp>

namespace hairline {
namespace {

constexpr int kWidth = 1240, kHeight = 1754, kMargin = 80;
const cv::Scalar kInk(40, 40, 40), kMuted(110, 110, 110), kRule(190, 190, 190), kWarn(0, 110, 200),
    kOk(60, 140, 60);

void text(cv::Mat& page, const std::string& s, cv::Point at, double size, const cv::Scalar& colour, int weight = 1) {
    cv::putText(page, s, at, cv::FONT_HERSHEY_DUPLEX, size, colour, weight, cv::LINE_AA);
}

std::string format_value(double v, const char* unit) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3g %s", v, unit);
    return buf;
}

// Images side by side, scaled to the width between the margins.
int place_images(cv::Mat& page, const cv::Mat& before, const cv::Mat& after, int top) {
    const int gap = 20, each = (kWidth - 2 * kMargin - gap) / 2;
    const int height = std::min(520, each * before.rows / std::max(before.cols, 1));
    int x = kMargin;
    for (const auto& [image, label] : {std::pair{&before, "Before"}, std::pair{&after, "Preview"}}) {
        cv::Mat scaled;
        const double k = std::min(static_cast<double>(each) / image->cols, static_cast<double>(height) / image->rows);
        cv::resize(*image, scaled, cv::Size(), k, k, cv::INTER_AREA);
        scaled.copyTo(page(cv::Rect(x, top + 30, scaled.cols, scaled.rows)));
        text(page, label, cv::Point(x, top + 20), 0.7, kMuted);
        x += each + gap;
    }
    return top + 30 + height;
}

}  // namespace

cv::Mat make_consultation_sheet(const SheetInput& in) {
    cv::Mat page(kHeight, kWidth, CV_8UC3, cv::Scalar(255, 255, 255));
    const std::time_t t = std::chrono::system_clock::to_time_t(in.when);
    std::tm local{};
    localtime_r(&t, &local);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", &local);

    text(page, "Scalp micropigmentation - consultation", cv::Point(kMargin, 110), 1.3, kInk, 2);
    text(page, "Client: " + (in.client.empty() ? std::string("(not named)") : in.client), cv::Point(kMargin, 165), 0.8,
         kInk);
    text(page, std::string("Date: ") + date, cv::Point(kWidth - kMargin - 330, 165), 0.8, kInk);
    cv::line(page, cv::Point(kMargin, 185), cv::Point(kWidth - kMargin, 185), kRule, 2);

    const cv::Rect whole(0, 0, in.before.cols, in.before.rows);
    const cv::Rect focus = in.focus ? (*in.focus & whole) : whole;
    int y = place_images(page, in.before(focus.area() > 0 ? focus : whole), in.after(focus.area() > 0 ? focus : whole),
                         200) + 50;

    // The design, as agreed.
    text(page, "Design", cv::Point(kMargin, y), 0.9, kInk, 2);
    y += 40;
    const Design& d = in.record.design;
    const std::vector<std::pair<std::string, std::string>> rows{
        {"Hairline shape", d.control_points.empty() ? std::string(preset_name(d.preset)) : "freeform"},
        {"Hairline height (along the skin)", format_value(d.hairline_height_mm, "mm")},
        {"Hairline height (as photographed)", format_value(in.record.hairline_projected_mm, "mm")},
        {"Temple recession", format_value(d.temple_recession_mm, "mm")},
        {"Density", format_value(d.density_per_cm2, "impressions per cm2")},
        {"Dot size", format_value(d.dot_size_mm, "mm")},
        {"Transition zone", format_value(d.feather_mm, "mm")},
        {"Pigment", pigment_to_string(in.record.pigment_used) + (d.pigment.automatic ? " (matched to skin)" : "")},
        {"Skin tone", in.record.skin_tone ? "type " + std::string(fitzpatrick_roman(in.record.skin_tone->fitzpatrick)) +
                                                " (ITA " + format_value(in.record.skin_tone->ita_deg, "deg)")
                                   : std::string("not estimated")},
        {"Sessions planned", std::to_string(d.sessions)},
        {"Interpupillary distance", format_value(d.ipd_mm, "mm")},
    };
    for (const auto& [key, value] : rows) {
        text(page, key, cv::Point(kMargin, y), 0.65, kMuted);
        text(page, value, cv::Point(kMargin + 470, y), 0.65, kInk);
        y += 34;
    }
    y += 20;
    text(page, "Checks", cv::Point(kMargin, y), 0.9, kInk, 2);
    y += 40;
    if (in.checks.empty()) {
        text(page, "Within clinical guidelines (hairline 70-100 mm, temples on the canthus line, 80-100 per cm2).",
             cv::Point(kMargin, y), 0.6, kOk);
        y += 34;
    }
    for (const auto& warning : in.checks) {
        text(page, "! " + warning.message, cv::Point(kMargin, y), 0.6, kWarn);
        y += 34;
    }
    if (!in.notes.empty()) {
        y += 10;
        text(page, "Notes: " + in.notes.substr(0, 110), cv::Point(kMargin, y), 0.6, kInk);
        y += 34;
    }
    text(page, "SMP is done in 2-3 sessions 10-30 days apart and fades over 3-5 years; a touch-up is usual after 4-5 years.",
         cv::Point(kMargin, std::max(y + 20, kHeight - 330)), 0.55, kMuted);

    // Signatures.
    const int sign_y = kHeight - 170;
    for (const auto& [x, label] : {std::pair{kMargin, "Client signature and date"},
                                   std::pair{kWidth / 2 + 20, "Practitioner signature and date"}}) {
        cv::line(page, cv::Point(x, sign_y), cv::Point(x + kWidth / 2 - kMargin - 40, sign_y), kInk, 1);
        text(page, label, cv::Point(x, sign_y + 35), 0.6, kMuted);
    }
    text(page, "Preview made with hairline: a simulation, not a guarantee of the result.",
         cv::Point(kMargin, kHeight - 60), 0.55, kMuted);
    return page;
}

}  // namespace hairline
