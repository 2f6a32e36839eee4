#version 330 core
// One SMP dot per point sprite, sized to cover its footprint. Where each dot
// lands on the image and the ellipse it covers come from
// compute_dot_splats() (engine/render/dot_splats.cpp): the dot lives on the
// scalp model, so it stays on the skin and foreshortens as the head turns.
// Points rather than quads: a software rasteriser pays per primitive, and a
// face has tens of thousands of dots.

layout(location = 0) in vec2 a_center_px;
layout(location = 1) in vec3 a_inverse_cov;
layout(location = 2) in float a_amplitude;
layout(location = 3) in float a_halo;
layout(location = 4) in vec2 a_half_extent;

uniform vec2 u_viewport_px;

flat out vec2 v_center_px;
flat out vec3 v_inverse_cov;
flat out float v_amplitude;
flat out float v_halo;

void main() {
    v_center_px = a_center_px;
    v_inverse_cov = a_inverse_cov;
    v_amplitude = a_amplitude;
    v_halo = a_halo;
    gl_PointSize = 2.0 * max(a_half_extent.x, a_half_extent.y);
    // Image pixel centres are at integer coordinates; GL's at +0.5.
    gl_Position = vec4((a_center_px + 0.5) / u_viewport_px * 2.0 - 1.0, 0.0, 1.0);
}
