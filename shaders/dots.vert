#version 330 core
// One SMP dot per instance, drawn as a screen-space quad around the dot's
// projected footprint. The dot lives on the scalp model (head frame, mm); the
// head pose and camera put it on the image, so dots stay on the skin and
// foreshorten as the head turns. Dot selection mirrors dot_is_drawn() in
// engine/render/dot_style.cpp.

layout(location = 0) in vec3 a_position_mm;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in float a_beta;
layout(location = 3) in float a_h_mm;
layout(location = 4) in float a_rank;
layout(location = 5) in float a_jitter;

const int kBoundarySamples = 512;
const float kBoundaryBetaMax = 1.466;

uniform mat3 u_rotation;           // head -> camera
uniform vec3 u_translation_mm;
uniform float u_focal_px;
uniform vec2 u_principal_px;
uniform mat3 u_correction;         // 2D similarity on image pixels
uniform vec2 u_viewport_px;
uniform float u_boundary[kBoundarySamples];  // hairline: minimum chart height per beta
uniform float u_density_fraction;
uniform float u_feather_mm;
uniform float u_radius_mm;
uniform float u_size_variation;
uniform float u_opacity;
uniform float u_pixel_sigma;       // footprint of one pixel (anti-aliasing filter)
uniform float u_edge_softness;     // relative half-width of the dot's edge
uniform float u_redness;           // healing halo strength (0: healed)

flat out vec2 v_center_px;
flat out vec3 v_inverse_cov;       // (a, b, c) of [[a, b], [b, c]]
flat out float v_amplitude;
flat out float v_halo;

vec2 project(vec3 head_mm) {
    vec3 c = u_rotation * head_mm + u_translation_mm;
    vec2 pinhole = u_principal_px + u_focal_px * c.xy / c.z;
    return (u_correction * vec3(pinhole, 1.0)).xy;
}

float min_height(float beta) {
    float t = clamp((beta + kBoundaryBetaMax) / (2.0 * kBoundaryBetaMax), 0.0, 1.0) * float(kBoundarySamples - 1);
    int i = min(int(t), kBoundarySamples - 2);
    float f = t - float(i);
    return mix(u_boundary[i], u_boundary[i + 1], f);
}

void cull() {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume
    v_amplitude = 0.0;
    v_halo = 0.0;
}

void main() {
    float above = a_h_mm - min_height(a_beta);
    float ramp = above < 0.0 ? 0.0 : (u_feather_mm > 0.0 ? smoothstep(0.0, u_feather_mm, above) : 1.0);
    if (a_rank >= u_density_fraction * ramp) { cull(); return; }

    vec3 center_cam = u_rotation * a_position_mm + u_translation_mm;
    vec3 normal_cam = u_rotation * a_normal;
    float facing = dot(normal_cam, normalize(-center_cam));
    if (facing <= 0.02 || center_cam.z <= 1.0) { cull(); return; }

    // Size: per-dot variation; the front edge of a natural hairline is finer.
    float spread = fract(a_jitter * 97.13) - 0.5;
    float radius = u_radius_mm * (1.0 + u_size_variation * spread) * (0.75 + 0.25 * ramp);

    // Tangent frame on the skin and the local projection Jacobian (px per mm).
    vec3 up = abs(a_normal.y) < 0.95 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
    vec3 t1 = normalize(cross(up, a_normal));
    vec3 t2 = cross(a_normal, t1);
    vec2 c = project(a_position_mm);
    mat2 jacobian = mat2(project(a_position_mm + t1) - c, project(a_position_mm + t2) - c);

    // Elliptical footprint convolved with the pixel filter (EWA splatting):
    // sub-pixel dots spread over about a pixel with proportionally less ink,
    // so they neither vanish nor flicker as they move.
    mat2 dot_cov = radius * radius * jacobian * transpose(jacobian);
    mat2 cov = dot_cov + mat2(u_pixel_sigma * u_pixel_sigma);
    float det_dot = max(determinant(dot_cov), 0.0);
    float det = determinant(cov);
    if (det <= 1e-12) { cull(); return; }
    mat2 inverse_cov = inverse(cov);
    v_inverse_cov = vec3(inverse_cov[0][0], inverse_cov[0][1], inverse_cov[1][1]);
    // Dots seen edge-on fade out: the silhouette of the model is where it is
    // least sure to match the real head (hair volume, pose error).
    float coverage = sqrt(det_dot / det) * smoothstep(0.1, 0.45, facing);
    v_amplitude = u_opacity * (0.8 + 0.4 * a_jitter) * coverage;
    v_halo = u_redness * coverage;
    v_center_px = c;

    // Quad covering the ellipse out to where its soft edge ends.
    const vec2 corners[4] = vec2[4](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0), vec2(1.0, 1.0));
    // A healing halo reaches about five dot radii.
    float reach = u_redness > 0.0 ? 5.0 : 1.05 + u_edge_softness;
    vec2 half_extent = reach * sqrt(vec2(cov[0][0], cov[1][1])) + 0.5;
    vec2 pixel = c + corners[gl_VertexID] * half_extent;
    // Image pixel centres are at integer coordinates; GL's at +0.5.
    gl_Position = vec4((pixel + 0.5) / u_viewport_px * 2.0 - 1.0, 0.0, 1.0);
}
