#version 330 core
// One SMP dot per point sprite. Everything about its shape was worked out
// per dot by compute_dot_splats() (engine/render/dot_splats.cpp): per
// channel, the Gaussian of its optical depth in the image (the skin's spread,
// the projection and the camera's blur) and the peak that keeps the
// darkening's integral. This only places the sprite and passes them on.
// Points rather than quads: a software rasteriser pays per primitive.

layout(location = 0) in vec2 a_center_px;
layout(location = 1) in vec3 a_inverse_r;
layout(location = 2) in vec3 a_inverse_g;
layout(location = 3) in vec3 a_inverse_b;
layout(location = 4) in vec3 a_tau_peak;
layout(location = 5) in vec3 a_inverse_red;
layout(location = 6) in float a_redness;
layout(location = 7) in float a_half_size_px;
layout(location = 8) in vec3 a_halo_inverse;
layout(location = 9) in vec3 a_halo_peak;

uniform vec2 u_viewport_px;

flat out vec2 v_center_px;
flat out vec3 v_inverse_r;
flat out vec3 v_inverse_g;
flat out vec3 v_inverse_b;
flat out vec3 v_tau_peak;
flat out vec3 v_inverse_red;
flat out float v_redness;
flat out vec3 v_halo_inverse;
flat out vec3 v_halo_peak;
flat out float v_half_size_px;

void main() {
    v_center_px = a_center_px;
    v_inverse_r = a_inverse_r;
    v_inverse_g = a_inverse_g;
    v_inverse_b = a_inverse_b;
    v_tau_peak = a_tau_peak;
    v_inverse_red = a_inverse_red;
    v_redness = a_redness;
    v_halo_inverse = a_halo_inverse;
    v_halo_peak = a_halo_peak;
    v_half_size_px = a_half_size_px;
    gl_PointSize = 2.0 * a_half_size_px;
    // Image pixel centres are at integer coordinates; GL's at +0.5.
    gl_Position = vec4((a_center_px + 0.5) / u_viewport_px * 2.0 - 1.0, 0.0, 1.0);
}
