#version 330 core
// The client-facing view: before | after of the same framing, split where
// the practitioner (or the client, in presentation mode) drags it, with a
// white divider. Screen left of the split shows the camera frame (before),
// right of it the preview (after); mirrored like a mirror when asked.
in vec2 v_uv;
uniform sampler2D u_before;  // the whole camera frame
uniform sampler2D u_after;   // the preview of the framing only
uniform vec4 u_crop_uv;      // the framing in u_before: x0, y0, x1, y1
uniform float u_split;       // 0..1 of the width
uniform int u_mirror;
uniform float u_width_px;    // of the viewport, for a divider of fixed width
out vec4 o_color;

void main() {
    vec2 screen = vec2(v_uv.x, 1.0 - v_uv.y);  // top-down, as the textures' rows run
    vec2 view = u_mirror != 0 ? vec2(1.0 - screen.x, screen.y) : screen;
    vec3 c = screen.x < u_split ? texture(u_before, mix(u_crop_uv.xy, u_crop_uv.zw, view)).rgb
                                : texture(u_after, view).rgb;
    float d = abs(screen.x - u_split) * u_width_px;
    c = mix(c, vec3(0.0), 0.45 * (1.0 - smoothstep(2.0, 3.5, d)));  // a dark edge so it shows on light skin
    c = mix(c, vec3(1.0), 1.0 - smoothstep(1.0, 2.0, d));
    o_color = vec4(c, 1.0);
}
