#version 330 core
// Full-screen triangle, no vertex buffer: v_uv runs 0..1 over the target.
// Shared by the frame copy, frame view and client view programs.
out vec2 v_uv;

void main() {
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
