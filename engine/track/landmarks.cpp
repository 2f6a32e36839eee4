#include "engine/track/landmarks.h"

#include <glm/geometric.hpp>

namespace hairline {

double iod_px(const Landmarks& p) { return glm::distance(right_eye_center(p), left_eye_center(p)); }

}  // namespace hairline
