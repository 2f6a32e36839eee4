#version 330 core
// Ink of one dot, multiplied into the skin (blending: dst * src), so skin
// texture and shading show through. The dot's edge is soft, like pigment
// under the epidermis rather than a printed disc.

flat in vec2 v_center_px;
flat in vec3 v_inverse_cov;
flat in float v_amplitude;
flat in float v_halo;              // healing: inflamed skin around a fresh dot

uniform float u_edge_softness;
uniform vec3 u_pigment_linear;     // transmittance of full ink, linear light
uniform sampler2D u_head_mask;     // 1 where the image says head (or 1x1 white: no cue)
uniform vec4 u_mask_transform;     // output pixel -> mask texture coordinate: xy * scale + offset

// Inflamed skin absorbs green and blue: it reddens what is under it.
const vec3 kInflamed = vec3(1.0, 0.74, 0.72);

out vec4 o_color;

void main() {
    vec2 d = gl_FragCoord.xy - 0.5 - v_center_px;  // image pixel centres are integers
    float q = v_inverse_cov.x * d.x * d.x + 2.0 * v_inverse_cov.y * d.x * d.y + v_inverse_cov.z * d.y * d.y;
    float rho = sqrt(q);
    float allowed = texture(u_head_mask, gl_FragCoord.xy * u_mask_transform.xy + u_mask_transform.zw).r;
    float ink = allowed * v_amplitude * (1.0 - smoothstep(1.0 - u_edge_softness, 1.0 + u_edge_softness, rho));
    float halo = allowed * v_halo * exp(-0.5 * q / 4.0);  // Gaussian, sigma = 2 dot radii
    if (ink <= 0.0 && halo < 0.004) discard;
    vec3 transmittance = mix(vec3(1.0), u_pigment_linear, clamp(ink, 0.0, 1.0)) * mix(vec3(1.0), kInflamed, halo);
    // Multiplying sRGB values equals multiplying linear ones up to the
    // transfer curve's power, so encode the transmittance the same way.
    o_color = vec4(pow(transmittance, vec3(1.0 / 2.2)), 1.0);
}
