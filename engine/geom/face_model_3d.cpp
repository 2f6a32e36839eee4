#include "engine/geom/face_model_3d.h"

namespace hairline {

// X, Y: the mean of dlib landmarks on 27 near-frontal faces (dlib's example
// photos and the NASA portrait), each normalised to an inter-ocular distance
// of 63 mm, mirrored and averaged so the model is symmetric.
// Z: depth behind (-) or in front of (+) the glabella from adult
// anthropometric profiles (nasion about 6 mm behind the glabella, nose tip
// about 15 mm in front, outer canthi about 26 mm behind, jaw contour points
// near the ears about 85 mm behind). Jaw and lip points are listed for
// completeness and synthetic tests, but pose uses rigid_landmark_indices().
const std::array<glm::dvec3, 68>& generic_face_points() {
    static const std::array<glm::dvec3, 68> kPoints{{
        {-71.7, -22.3, -85.0}, {-70.6, -41.3, -80.0}, {-68.6, -59.8, -72.0}, {-65.8, -78.4, -62.0},
        {-58.9, -95.5, -50.0}, {-47.8, -110.5, -35.0}, {-33.7, -123.0, -22.0}, {-18.0, -132.9, -12.0},
        {0.0, -136.3, -8.0},   {18.0, -132.9, -12.0},  {33.7, -123.0, -22.0},  {47.8, -110.5, -35.0},
        {58.9, -95.5, -50.0},  {65.8, -78.4, -62.0},   {68.6, -59.8, -72.0},   {70.6, -41.3, -80.0},
        {71.7, -22.3, -85.0},  // jaw 0-16
        {-58.6, -7.1, -26.0},  {-50.6, 1.8, -15.0},    {-38.6, 5.3, -8.0},     {-25.8, 4.3, -4.0},
        {-14.0, 0.0, -1.0},    {14.0, 0.0, -1.0},      {25.8, 4.3, -4.0},      {38.6, 5.3, -8.0},
        {50.6, 1.8, -15.0},    {58.6, -7.1, -26.0},  // brows 17-26
        {0.0, -15.1, -6.0},    {0.0, -26.7, 1.0},      {0.0, -38.2, 8.0},      {0.0, -50.5, 15.0},
        {-14.6, -58.4, -5.0},  {-7.5, -61.0, 1.0},     {0.0, -63.2, 0.0},      {7.5, -61.0, 1.0},
        {14.6, -58.4, -5.0},  // nose 27-35
        {-43.4, -18.3, -26.0}, {-35.8, -14.1, -13.0},  {-27.1, -14.2, -11.0},  {-19.2, -19.2, -14.0},
        {-27.4, -20.3, -11.0}, {-36.1, -20.2, -13.0},  // right eye 36-41
        {19.2, -19.2, -14.0},  {27.1, -14.2, -11.0},   {35.8, -14.1, -13.0},   {43.4, -18.3, -26.0},
        {36.1, -20.2, -13.0},  {27.4, -20.3, -11.0},  // left eye 42-47
        {-31.7, -80.6, -12.0}, {-20.7, -75.4, -3.0},   {-8.7, -73.8, 2.0},     {0.0, -75.1, 3.0},
        {8.7, -73.8, 2.0},     {20.7, -75.4, -3.0},    {31.7, -80.6, -12.0},   {21.4, -94.2, -4.0},
        {9.4, -99.8, 0.0},     {0.0, -100.8, 1.0},     {-9.4, -99.8, 0.0},     {-21.4, -94.2, -4.0},
        {-27.4, -81.3, -10.0}, {-8.7, -78.9, 0.0},     {0.0, -79.6, 1.0},      {8.7, -78.9, 0.0},
        {27.4, -81.3, -10.0},  {8.9, -91.3, 0.0},      {0.0, -92.3, 0.0},      {-8.9, -91.3, 0.0},  // mouth 48-67
    }};
    return kPoints;
}

std::span<const int> rigid_landmark_indices() {
    // Inner and middle brow points move a few mm when brows are raised, so
    // only the inner ends are used; eyelid points move with blinks.
    static constexpr int kIndices[] = {20, 21, 22, 23, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45};
    return kIndices;
}

}  // namespace hairline
