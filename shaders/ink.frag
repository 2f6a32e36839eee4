#version 330 core
// Each dot's per-channel darkening, reach * (1 - exp(-tau)) with tau a
// Gaussian (dense ink saturates: a black centre, a quickly fading edge),
// plus a faint wider halo (light that wandered past the ink in the dermis),
// added (blending ONE, ONE) into a float target; alpha carries the healing
// redness. composite.frag turns the sum into colour.

flat in vec2 v_center_px;
flat in vec3 v_inverse_r;
flat in vec3 v_inverse_g;
flat in vec3 v_inverse_b;
flat in vec3 v_tau_peak;
flat in vec3 v_inverse_red;
flat in float v_redness;
flat in vec3 v_halo_inverse;
flat in vec3 v_halo_peak;
flat in float v_half_size_px;

uniform vec3 u_depth_reach;

out vec4 o_ink;

float quad(vec3 inverse, vec2 d) { return inverse.x * d.x * d.x + 2.0 * inverse.y * d.x * d.y + inverse.z * d.y * d.y; }

void main() {
    vec2 d = gl_FragCoord.xy - 0.5 - v_center_px;  // image pixel centres are integers
    // The sprite is a square; every channel has faded within the circle it
    // holds. Its corners (a fifth of it) are skipped before any exp().
    if (dot(d, d) > v_half_size_px * v_half_size_px) discard;
    vec3 tau = v_tau_peak * exp(-0.5 * vec3(quad(v_inverse_r, d), quad(v_inverse_g, d), quad(v_inverse_b, d)));
    vec3 halo = v_halo_peak * exp(-0.5 * quad(v_halo_inverse, d));
    vec3 ink = u_depth_reach * (1.0 - exp(-tau)) + halo;
    float red = v_redness > 0.0 ? v_redness * exp(-0.5 * quad(v_inverse_red, d)) : 0.0;  // healed dots: none
    if (max(max(ink.r, ink.g), ink.b) < 1e-5 && red < 1e-4) discard;
    o_ink = vec4(ink, red);
}
