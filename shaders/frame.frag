#version 330 core
// Copies the camera frame texel for texel: pixels without dots stay unchanged.
in vec2 v_uv;
uniform sampler2D u_frame;
out vec4 o_color;

void main() {
    o_color = vec4(texelFetch(u_frame, ivec2(gl_FragCoord.xy), 0).rgb, 1.0);
}
