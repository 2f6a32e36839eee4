#pragma once
// The programs of the ink-in-skin passes, one class each (Magnum-style):
// linked once, uniform locations cached, setters for what they take.
//   InkProgram (ink.vert + ink.frag): the dots' shadows into a float target.
//   CompositeProgram (fullscreen.vert + composite.frag): frame, ink and head
//   mask into the preview.
//
// threads: GL thread; create, use and destroy with the context current.

#include <string_view>

#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "engine/core/result.h"
#include "engine/gl/gl_handle.h"
#include "engine/render/dot_style.h"

namespace hairline {

class InkProgram {
public:
    static constexpr std::string_view kVertex = "ink.vert", kFragment = "ink.frag";
    static Result<InkProgram> create();

    void use(glm::vec2 viewport_px, const DotStyle& style) const;

private:
    gl::Program program_;
    GLint viewport_px_ = -1, depth_reach_ = -1;
};

struct CompositeInputs {
    GLint frame_unit = 0, ink_unit = 1, mask_unit = 2;
    glm::vec4 crop_uv{0, 0, 1, 1};
    glm::vec4 mask_transform{0, 0, 0.5f, 0.5f};
    glm::vec2 grain_cell{1, 1};   // output pixel -> frame pixel
    float grain = 0.0f;           // noise sigma, 0..1
    float grain_seed = 0.0f;
    glm::ivec4 ink_rect{0, 0, 0, 0};  // x0, y0, x1, y1 (exclusive, GL window pixels): where the ink target holds this frame's ink
};

class CompositeProgram {
public:
    static constexpr std::string_view kVertex = "fullscreen.vert", kFragment = "composite.frag";
    static Result<CompositeProgram> create();
    void use(const CompositeInputs& in, const DotStyle& style) const;

private:
    gl::Program program_;
    GLint frame_ = -1, crop_uv_ = -1, ink_ = -1, mask_ = -1, mask_transform_ = -1, pigment_ = -1, grain_ = -1,
          grain_cell_ = -1, grain_seed_ = -1, ink_rect_ = -1;
};

}  // namespace hairline
