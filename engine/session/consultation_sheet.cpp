#include "engine/session/consultation_sheet.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/analysis/skin_tone.h"
#include "engine/design/design_labels.h"
#include "engine/preview/face_crop.h"
#include "engine/preview/look_checks.h"

namespace hairline {
namespace {

// A4 in PostScript points; everything below is laid out in points.
constexpr double kPageW = 595.28, kPageH = 841.89, kMargin = 48.0;

struct Rgb {
    double r, g, b;
};
constexpr Rgb kInk{0.13, 0.13, 0.14}, kMuted{0.42, 0.42, 0.44}, kRule{0.78, 0.78, 0.80}, kShade{0.955, 0.955, 0.96},
    kWarn{0.72, 0.38, 0.0}, kOk{0.18, 0.48, 0.22};

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

struct TextStyle {
    double size_pt = 10.0;
    bool bold = false;
    Rgb colour = kInk;
    PangoAlignment align = PANGO_ALIGN_LEFT;
    double max_height_pt = 0.0;  // > 0: cut with an ellipsis beyond this
};

// A layout of `text` (any UTF-8; invalid bytes replaced) wrapped to `width`.
// Pango picks a font for every script (DejaVu Sans first, then whatever
// fontconfig has for CJK, Arabic...).
struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// The cairo context and the sheet's own Pango context (from a font map made
// for this sheet and freed with it: Pango's shared default map would keep
// fontconfig's patterns for the life of the process).
struct Page {
    cairo_t* cr;
    PangoContext* pango;
};

Layout make_layout(const Page& page, const std::string& text, double width, const TextStyle& style) {
    std::unique_ptr<gchar, decltype(&g_free)> valid(g_utf8_make_valid(text.c_str(), static_cast<gssize>(text.size())),
                                                     &g_free);
    pango_cairo_update_context(page.cr, page.pango);
    Layout layout(pango_layout_new(page.pango));
    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, style.size_pt * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align);
    // The page reads left to right; an Arabic or Hebrew name is still set
    // right to left within its line, but does not flip the line's alignment.
    pango_layout_set_auto_dir(layout.get(), FALSE);
    if (style.max_height_pt > 0) {
        pango_layout_set_height(layout.get(), static_cast<int>(style.max_height_pt * PANGO_SCALE));
        pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_text(layout.get(), valid.get(), -1);
    return layout;
}

double layout_height(PangoLayout* layout) {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

double text_height(const Page& page, const std::string& text, double width, const TextStyle& style) {
    return layout_height(make_layout(page, text, width, style).get());
}

// Draws the text with its top-left at (x, y); returns its height.
double draw_text(const Page& page, const std::string& text, double x, double y, double width, const TextStyle& style) {
    const Layout layout = make_layout(page, text, width, style);
    set_colour(page.cr, style.colour);
    cairo_move_to(page.cr, x, y);
    pango_cairo_show_layout(page.cr, layout.get());
    return layout_height(layout.get());
}

void hline(cairo_t* cr, double x0, double x1, double y, Rgb colour, double width) {
    set_colour(cr, colour);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

// A BGR image as a cairo surface; the JPEG of it rides along, so a PDF embeds
// the photo as JPEG (a tenth of the size of cairo's own lossless copy).
struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

Surface image_surface(const cv::Mat& bgr) {
    cv::Mat bgra;
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);  // cairo's RGB24 is B, G, R, x in memory (little-endian)
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, bgra.cols, bgra.rows));
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < bgra.rows; ++y)
        std::memcpy(data + static_cast<std::ptrdiff_t>(y) * stride, bgra.ptr(y), static_cast<std::size_t>(bgra.cols) * 4);
    cairo_surface_mark_dirty(surface.get());
    std::vector<std::uint8_t> jpeg;
    if (cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 92})) {
        auto* copy = static_cast<unsigned char*>(std::malloc(jpeg.size()));
        if (copy) {
            std::memcpy(copy, jpeg.data(), jpeg.size());
            cairo_surface_set_mime_data(surface.get(), CAIRO_MIME_TYPE_JPEG, copy, jpeg.size(), std::free, copy);
        }
    }
    return surface;
}

void draw_image(cairo_t* cr, const cv::Mat& bgr, double x, double y, double w, double h) {
    const Surface surface = image_surface(bgr);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, w / bgr.cols, h / bgr.rows);
    cairo_set_source_surface(cr, surface.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

std::string local_date(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&t, &local);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", &local);
    return date;
}

// The whole page, in points on a surface of kPageW x kPageH.
void draw_page(const Page& page, const SheetInput& in);

void draw_sheet(cairo_t* cr, const SheetInput& in) {
    PangoFontMap* fonts = pango_cairo_font_map_new();
    PangoContext* pango = pango_font_map_create_context(fonts);
    draw_page(Page{cr, pango}, in);
    g_object_unref(pango);
    g_object_unref(fonts);
}

void draw_page(const Page& page, const SheetInput& in) {
    cairo_t* cr = page.cr;
    set_colour(cr, {1, 1, 1});
    cairo_paint(cr);
    const double content = kPageW - 2 * kMargin;
    double y = kMargin;
    y += draw_text(page, "Scalp micropigmentation — consultation", kMargin, y, content, {18, true});
    y += 10;
    draw_text(page, "Client", kMargin, y, content * 0.65, {8.5, false, kMuted});
    draw_text(page, "Date", kMargin + content * 0.7, y, content * 0.3, {8.5, false, kMuted, PANGO_ALIGN_RIGHT});
    y += 12;
    const double name_h = draw_text(page, in.client.empty() ? std::string("(not named)") : in.client, kMargin, y,
                                    content * 0.68, {13, true, kInk, PANGO_ALIGN_LEFT, 34});
    draw_text(page, local_date(in.when), kMargin + content * 0.7, y, content * 0.3, {13, false, kInk, PANGO_ALIGN_RIGHT});
    y += std::max(name_h, 16.0) + 8;
    hline(cr, kMargin, kPageW - kMargin, y, kRule, 1.0);
    y += 12;

    // Before and after, the same close-up of the head.
    if (!in.before.empty() && in.before.size() == in.after.size()) {
        const cv::Rect whole(0, 0, in.before.cols, in.before.rows);
        cv::Rect focus = in.focus ? (*in.focus & whole) : whole;
        if (focus.area() <= 0) focus = whole;
        const double gap = 12, each = (content - gap) / 2;
        const double k = std::min(each / focus.width, 190.0 / focus.height);
        const double w = focus.width * k, h = focus.height * k;
        for (int i = 0; i < 2; ++i) {
            const double x = kMargin + i * (each + gap) + (each - w) / 2;
            draw_text(page, i == 0 ? "Before" : "Preview of the design", x, y, w, {8.5, false, kMuted});
            draw_image(cr, (i == 0 ? in.before : in.after)(focus), x, y + 13, w, h);
        }
        y += 13 + h + 16;
    }

    // The design as agreed.
    y += draw_text(page, "Design", kMargin, y, content, {12, true}) + 4;
    const double label_w = 150;
    for (std::size_t i = 0; i < in.rows.size(); ++i) {
        const TextStyle value{9, false, kInk};
        const double h = std::max(text_height(page, in.rows[i].value, content - label_w - 12, value), 11.0) + 3.5;
        if (i % 2 == 0) {
            set_colour(cr, kShade);
            cairo_rectangle(cr, kMargin - 4, y - 1, content + 8, h);
            cairo_fill(cr);
        }
        draw_text(page, in.rows[i].label, kMargin, y + 1, label_w, {9, false, kMuted});
        draw_text(page, in.rows[i].value, kMargin + label_w + 12, y + 1, content - label_w - 12, value);
        y += h;
    }
    y += 12;

    y += draw_text(page, "Checks", kMargin, y, content, {12, true}) + 4;
    if (in.checks.empty()) {
        y += draw_text(page, within_guidelines_sentence(), kMargin, y, content, {9, false, kOk}) + 3;
    }
    const std::size_t shown = std::min<std::size_t>(in.checks.size(), 6);
    for (std::size_t i = 0; i < shown; ++i)
        y += draw_text(page, "! " + in.checks[i], kMargin, y, content, {9, false, kWarn}) + 3;
    if (shown < in.checks.size()) {
        char more[64];
        std::snprintf(more, sizeof more, "(and %zu more)", in.checks.size() - shown);
        y += draw_text(page, more, kMargin, y, content, {9, false, kMuted}) + 3;
    }
    y += 10;

    // Notes, then ruled lines for what is written by hand, down to the signatures.
    const double sign_y = kPageH - kMargin - 40;
    const double info_y = sign_y - 72;  // room above the line to sign
    y += draw_text(page, "Notes", kMargin, y, content, {12, true}) + 4;
    if (!in.notes.empty())
        y += draw_text(page, in.notes, kMargin, y, content, {9.5, false, kInk, PANGO_ALIGN_LEFT, std::max(12.0, info_y - y - 30)}) + 4;
    for (double line = y + 18; line < info_y - 8; line += 20) hline(cr, kMargin, kPageW - kMargin, line, kRule, 0.6);

    draw_text(page, "SMP is done in 2-3 sessions 10-30 days apart. The pigment is matched to the skin and fades over "
                  "3-5 years; a touch-up session is usual after 4-5 years.",
              kMargin, info_y, content, {8.5, false, kMuted});
    const double half = (content - 30) / 2;
    for (int i = 0; i < 2; ++i) {
        const double x = kMargin + i * (half + 30);
        hline(cr, x, x + half, sign_y, kInk, 0.8);
        draw_text(page, i == 0 ? "Client signature" : "Practitioner signature", x, sign_y + 4, half * 0.6, {8.5, false, kMuted});
        draw_text(page, "Date", x + half * 0.6, sign_y + 4, half * 0.4, {8.5, false, kMuted, PANGO_ALIGN_RIGHT});
    }
    draw_text(page, "Preview made with hairline: a simulation of the design on the photo, not a guarantee of the result.",
              kMargin, kPageH - kMargin + 8, content, {7.5, false, kMuted});
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string label(std::string_view key, const char* fallback) {
    const KeyLabel* l = key_label(key);
    return l ? std::string(l->label) : fallback;
}

std::string value_of(const Design& design, std::string_view key) {
    const NumericKey* k = find_numeric_key(key);
    return k ? describe_value(*k, k->get(design)) : "";
}

}  // namespace

std::vector<SheetRow> sheet_rows(const Design& d, const SheetMeasures& m) {
    std::vector<SheetRow> rows;
    rows.push_back({"Hairline shape", d.control_points.empty() ? std::string(preset_label(d.preset))
                                                               : "Freeform (drawn by the practitioner)"});
    std::string height = fixed(m.hairline.height_mm, 0) + " mm above the glabella, along the skin";
    if (m.hairline.projected_height_mm) height += "; " + fixed(*m.hairline.projected_height_mm, 0) + " mm as photographed";
    rows.push_back({label("hairline_height", "Hairline height"), height});
    rows.push_back({label("temple_recession", "Temple recession"),
                    "corners " + fixed(m.hairline.temple_recession_mm, 0) + " mm above the mid-frontal point"});
    for (const char* key : {"irregularity", "density"}) rows.push_back({label(key, key), value_of(d, key)});
    rows.push_back({label("dot_size", "Dot size"), value_of(d, "dot_size") + ", sizes varying by " +
                                                       fixed(d.dot_size_variation * 100, 0) + "%"});
    rows.push_back({label("feather", "Transition zone"), value_of(d, "feather")});
    std::string pigment = d.pigment.automatic ? "Matched to the skin: " + m.pigment_used
                                              : pigment_to_string(d.pigment) + " (chosen)";
    rows.push_back({"Pigment", pigment + ", ink strength " + value_of(d, "opacity")});
    std::string tone = "not estimated";
    if (m.skin_type) {
        tone = "Fitzpatrick type " + *m.skin_type;
        if (m.skin_confidence && *m.skin_confidence < kSkinToneMinConfidence)
            tone = "uncertain (the picture's light could not be judged); check the pigment against the skin";
        else if (m.skin_confidence)
            tone += " (confidence " + fixed(*m.skin_confidence, 2) + ")";
    }
    rows.push_back({"Skin tone", tone});
    rows.push_back({"Hair in the preview", std::string(hair_mode_label(d.hair))});
    rows.push_back({"Preview shows", "after session " + std::to_string(d.sessions) + " of 3, " + value_of(d, "days_since_session") +
                                 " after it, " + value_of(d, "fade_years") + " of fading"});
    rows.push_back({label("ipd", "Client's IPD"), value_of(d, "ipd") + " (sets the scale)"});
    return rows;
}

std::string within_guidelines_sentence() { return "✓ Within the clinical guidelines (" + guidelines_text() + ")."; }

SheetMeasures sheet_measures(const PreviewRecord& record) {
    SheetMeasures m;
    m.hairline = record.hairline;
    m.pigment_used = pigment_to_string(record.pigment_used);
    if (record.skin_tone) {
        m.skin_type = std::string(fitzpatrick_roman(record.skin_tone->fitzpatrick));
        m.skin_confidence = record.skin_tone->confidence;
    }
    return m;
}

std::vector<std::string> sheet_checks(const PreviewRecord& record) {
    std::vector<std::string> out;
    if (record.fit)
        for (const DesignWarning& w : design_warnings(record.design, record.hairline, record.skin_tone))
            out.push_back(w.message);
    out.insert(out.end(), record.notices.begin(), record.notices.end());
    return out;
}

std::optional<cv::Rect> sheet_focus(const PreviewRecord& record) {
    if (!record.fit) return std::nullopt;
    return cv::Rect(face_crop(*record.fit, FaceCrop::Head));
}

SheetInput sheet_input(const cv::Mat& before, const cv::Mat& after, const PreviewRecord& record, std::string client,
                       std::string notes, std::chrono::system_clock::time_point when) {
    SheetInput in;
    in.before = before;
    in.after = after;
    in.focus = sheet_focus(record);
    in.rows = sheet_rows(record.design, sheet_measures(record));
    in.checks = sheet_checks(record);
    in.client = std::move(client);
    in.notes = std::move(notes);
    in.when = when;
    return in;
}

cv::Mat consultation_sheet_image(const SheetInput& input) {
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kSheetWidthPx, kSheetHeightPx));
    cairo_t* cr = cairo_create(surface.get());
    cairo_scale(cr, kSheetWidthPx / kPageW, kSheetHeightPx / kPageH);
    draw_sheet(cr, input);
    cairo_destroy(cr);
    cairo_surface_flush(surface.get());
    const cv::Mat bgra(kSheetHeightPx, kSheetWidthPx, CV_8UC4, cairo_image_surface_get_data(surface.get()),
                       static_cast<std::size_t>(cairo_image_surface_get_stride(surface.get())));
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
}

Result<std::vector<std::uint8_t>> consultation_sheet_pdf(const SheetInput& input) {
    std::vector<std::uint8_t> bytes;
    Surface surface(cairo_pdf_surface_create_for_stream(append_bytes, &bytes, kPageW, kPageH));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "SMP consultation sheet");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "hairline");
    cairo_t* cr = cairo_create(surface.get());
    draw_sheet(cr, input);
    cairo_show_page(cr);
    const cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface.get());
    const cairo_status_t finished = cairo_surface_status(surface.get());
    if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS)
        return runtime_error("consultation sheet", std::string("PDF could not be written: ") +
                                                       cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
    return bytes;
}

namespace {

std::string lower_suffix(const std::string& path) {
    std::string ext = path.size() >= 4 ? path.substr(path.size() - 4) : "";
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

}  // namespace

Status check_sheet_output_name(const std::string& path) {
    const std::string ext = lower_suffix(path);
    if (ext == ".pdf" || ext == ".png") return ok_status();
    return bad_input(path, "a consultation sheet is written as .pdf or .png");
}

Result<std::vector<std::uint8_t>> consultation_sheet_file(const SheetInput& input, const std::string& path) {
    if (auto ok = check_sheet_output_name(path); !ok) return ok.error();
    if (lower_suffix(path) == ".pdf") return consultation_sheet_pdf(input);
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", consultation_sheet_image(input), png)) return runtime_error(path, "PNG encoding failed");
    return png;
}

}  // namespace hairline
