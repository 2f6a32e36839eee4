#version 330 core
// Ink in skin, composited: the frame, the summed shadows of the dots
// (ink.frag) and the head mask become the preview. Where the
// ink takes a share D of each colour, the skin keeps (1 - D) of its own light
// and the inked share returns what the pigment does, scaled by the skin's
// luminance (the same light falls on both): ink darkens and greys, it does
// not just multiply the skin's colour. A camera keeps colour at half the
// resolution of brightness and smooths it further (JPEG's and video's
// 4:2:0 chroma and its coarse quantisation, a Bayer sensor's demosaicing):
// the ink's brightness is drawn per pixel, its colour from the ink around it
// (about 1.3 frame pixels' sigma, which brings the fine colour detail of
// inked bald crowns down to the photos' own), so no dot tints a single
// pixel. Then the camera's grain, so inked skin is as noisy as the photo
// around it. Undotted pixels pass through unchanged.

in vec2 v_uv;
uniform sampler2D u_frame;
uniform vec4 u_crop_uv;          // x0, y0, x1, y1 of the frame shown, texture coordinates
uniform sampler2D u_ink;         // ink.frag's sum, this target's size (filtered linearly)
uniform ivec4 u_ink_rect;        // x0, y0, x1, y1 (exclusive): where u_ink holds this frame's ink (the scissor)
uniform sampler2D u_head_mask;   // 1 where the image says head (or 1x1 white: no cue)
uniform vec4 u_mask_transform;   // output pixel -> mask texture coordinate: xy * scale + offset
uniform vec3 u_pigment_linear;   // what fully inked skin returns, relative to the skin's luminance
uniform float u_grain;           // the camera's noise sigma, 0..1 units
uniform vec2 u_grain_cell;       // output pixel -> frame pixel (grain follows the frame's pixels)
uniform float u_grain_seed;

// Inflamed skin absorbs green and blue: it reddens what is under it.
const vec3 kInflamed = vec3(1.0, 0.74, 0.72);

out vec4 o_color;

vec3 to_linear(vec3 c) { return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c)); }
vec3 to_srgb(vec3 c) { return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c)); }

// A standard normal value per frame pixel (hash, then the sum of four uniforms).
float grain(vec2 cell) {
    float n = 0.0;
    for (int i = 0; i < 4; ++i) {
        vec3 p = fract(vec3(cell, u_grain_seed + float(i)) * vec3(0.1031, 0.1030, 0.0973));
        p += dot(p, p.yzx + 33.33);
        n += fract((p.x + p.y) * p.z);
    }
    return (n - 2.0) * 1.7320508;  // variance of a sum of four uniforms is 1/3
}

// The ink around output position q, for its colour: four bilinear taps
// 1.25 frame pixels away diagonally weigh the 5x5 pixels around q as
// (1, 3, 0, 3, 1) per axis: sigma 1.3 frame pixels. Taps stay inside this
// frame's rectangle (the ink is ~0 at its edge).
const float kChromaTapPx = 1.25;
vec4 ink_for_colour(vec2 q) {
    vec2 size = vec2(textureSize(u_ink, 0));
    vec2 lo = vec2(u_ink_rect.xy) + 0.5, hi = vec2(u_ink_rect.zw) - 0.5;
    vec2 step = kChromaTapPx / u_grain_cell;
    vec4 sum = vec4(0.0);
    for (int i = 0; i < 4; ++i) {
        vec2 at = clamp(q + step * vec2(float(i & 1) * 2.0 - 1.0, float(i >> 1) * 2.0 - 1.0), lo, hi);
        sum += texture(u_ink, at / size);
    }
    return 0.25 * sum;
}

// The skin (linear) with ink `d` and redness `red` in it, in sRGB.
vec3 inked(vec3 skin, vec3 d, float red) {
    float luminance = dot(skin, vec3(0.2126, 0.7152, 0.0722));
    vec3 lin = skin * (1.0 - d) + d * (luminance * u_pigment_linear);
    lin *= mix(vec3(1.0), kInflamed, red);
    return to_srgb(clamp(lin, 0.0, 1.0));
}

// JPEG's luma and chroma (BT.601, full range) of sRGB values.
float luma(vec3 c) { return dot(c, vec3(0.299, 0.587, 0.114)); }
vec2 chroma(vec3 c) { return vec2(dot(c, vec3(-0.168736, -0.331264, 0.5)), dot(c, vec3(0.5, -0.418688, -0.081312))); }
vec3 from_luma_chroma(float y, vec2 c) { return vec3(y + 1.402 * c.y, y - 0.344136 * c.x - 0.714136 * c.y, y + 1.772 * c.x); }

void main() {
    vec3 frame = texture(u_frame, mix(u_crop_uv.xy, u_crop_uv.zw, v_uv)).rgb;
    float allowed = texture(u_head_mask, gl_FragCoord.xy * u_mask_transform.xy + u_mask_transform.zw).r;
    // This pass is scissored to the ink's rectangle: this pixel's own ink is current.
    vec4 ink = texelFetch(u_ink, ivec2(gl_FragCoord.xy), 0), around = ink_for_colour(gl_FragCoord.xy);
    vec3 d = clamp(ink.rgb * allowed, 0.0, 1.0), around_d = clamp(around.rgb * allowed, 0.0, 1.0);
    float red = clamp(ink.a * allowed, 0.0, 1.0), around_red = clamp(around.a * allowed, 0.0, 1.0);
    if (max(max(max(d.r, d.g), max(d.b, red)), max(max(around_d.r, around_d.g), max(around_d.b, around_red))) < 1.0 / 2048.0) {
        o_color = vec4(frame, 1.0);
        return;
    }
    vec3 skin = to_linear(frame);
    vec3 srgb = from_luma_chroma(luma(inked(skin, d, red)), chroma(inked(skin, around_d, around_red)));
    float mean_d = (d.r + d.g + d.b) / 3.0;
    srgb += grain(floor(gl_FragCoord.xy * u_grain_cell)) * u_grain * sqrt(mean_d * (1.0 - mean_d));
    o_color = vec4(clamp(srgb, 0.0, 1.0), 1.0);
}
