#pragma once
// Warnings a practitioner wants before committing to a design. Pure.

#include <string>
#include <vector>

#include "engine/design/design.h"
#include "engine/design/hairline_shape.h"

namespace hairline {

struct DesignWarning {
    std::string key;      // the design key it is about
    std::string message;  // one sentence for the practitioner
};

std::vector<DesignWarning> check_design(const Design& design, const FaceAnchors& anchors);

}  // namespace hairline
