#version 330 core
// A crop of the camera frame, resampled to the output (the live view zoomed
// on the face), so the dots can be drawn at the output's resolution.
in vec2 v_uv;
uniform sampler2D u_frame;
uniform vec4 u_crop_uv;  // x0, y0, x1, y1 in texture coordinates
out vec4 o_color;

void main() {
    vec2 uv = mix(u_crop_uv.xy, u_crop_uv.zw, v_uv);
    o_color = vec4(texture(u_frame, uv).rgb, 1.0);
}
