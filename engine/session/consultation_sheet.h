#pragma once
// The consultation sheet for a client's record and consent: before and after,
// the design in words and units, the rule checks, notes, signature lines and
// the date, on one A4 page. One drawing (cairo, text by Pango so a client's
// name shows in any script) written either as a PDF with vector text or as a
// 150 dpi PNG, so the live app's button and `hairline consultation` make the
// same sheet.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "engine/core/result.h"
#include "engine/design/design.h"
#include "engine/design/hairline_measures.h"
#include "engine/preview/preview_record.h"

namespace hairline {

struct SheetRow {
    std::string label;  // "Hairline height"
    std::string value;  // "80 mm above the glabella, along the skin"
};

// What was measured on the picture, as far as the sheet tells it.
struct SheetMeasures {
    HairlineMeasures hairline;                  // the drawn line's (PreviewRecord::hairline)
    std::string pigment_used;                   // "#2b2b30"
    std::optional<std::string> skin_type;       // Fitzpatrick "III"
    std::optional<double> skin_confidence;      // 0..1
};

struct SheetInput {
    cv::Mat before;  // BGR, unmirrored
    cv::Mat after;   // same size
    std::optional<cv::Rect> focus;  // the head, to show both images close up
    std::vector<SheetRow> rows;     // the design (sheet_rows)
    std::vector<std::string> checks;  // rule checks and picture notices; empty: within the guidelines (guidelines_text)
    std::string client;
    std::string notes;
    std::chrono::system_clock::time_point when;
};

// The design in the words of the sheet, one row per choice; the hairline's
// height and temple recession are the measures', not the design's sliders.
std::vector<SheetRow> sheet_rows(const Design& design, const SheetMeasures& measures);

// "✓ Within the clinical guidelines (hairline 70-100 mm ...)." : what the
// sheet says when there is no check to show.
std::string within_guidelines_sentence();

// From a preview's record: what it measured, the rule checks with the
// picture's notices, and the head's rectangle (nullopt: no face).
SheetMeasures sheet_measures(const PreviewRecord& record);
std::vector<std::string> sheet_checks(const PreviewRecord& record);
std::optional<cv::Rect> sheet_focus(const PreviewRecord& record);

// The sheet of a preview just made (the live app's button, `hairline consultation`).
SheetInput sheet_input(const cv::Mat& before, const cv::Mat& after, const PreviewRecord& record, std::string client,
                       std::string notes, std::chrono::system_clock::time_point when);

// A4 at 150 dpi.
inline constexpr int kSheetWidthPx = 1240, kSheetHeightPx = 1754;

// ensures: a kSheetWidthPx x kSheetHeightPx BGR page.
cv::Mat consultation_sheet_image(const SheetInput& input);

// ensures: the bytes of a one-page A4 PDF (text as text, images as JPEG).
Result<std::vector<std::uint8_t>> consultation_sheet_pdf(const SheetInput& input);

// ".pdf" or ".png" (any case); otherwise BadInput naming the path.
Status check_sheet_output_name(const std::string& path);

// The file a sheet is written to: PDF for ".pdf", PNG for ".png".
Result<std::vector<std::uint8_t>> consultation_sheet_file(const SheetInput& input, const std::string& path);

}  // namespace hairline
