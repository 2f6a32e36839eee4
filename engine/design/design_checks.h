#pragma once
// Warnings a practitioner wants before committing to a design, read from the
// hairline's measures (hairline_measures.h) and judged by its guidelines: the
// same thresholds the consultation sheet's "within the guidelines" sentence
// names. Pure.

#include <string>
#include <vector>

#include "engine/design/design.h"
#include "engine/design/hairline_measures.h"

namespace hairline {

struct DesignWarning {
    std::string key;      // the design key it is about
    std::string message;  // one sentence for the practitioner
};

// requires: measures of this design (measure_hairline)
// ensures:  empty exactly when the line, its corners, the density and the
//           dot size are within the guidelines
std::vector<DesignWarning> check_design(const Design& design, const HairlineMeasures& measures);

}  // namespace hairline
