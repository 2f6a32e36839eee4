#include "engine/gl/texture_upload.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace hairline::gl {

Texture make_texture(GLint filter) {
    Texture texture = Texture::create();
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    set_filter(texture, filter);
    return texture;
}

void set_filter(const Texture& texture, GLint filter) {
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
}

void upload_texture(const Texture& texture, const cv::Mat& pixels) {
    CV_Assert(!pixels.empty() && (pixels.type() == CV_8UC1 || pixels.type() == CV_8UC3 || pixels.type() == CV_8UC4));
    // BGR goes up as RGBA. Mesa's software rasteriser keeps RGB textures
    // at four bytes a texel and widened three-byte BGR rows one byte at a
    // time, a quarter of the live app's main thread (perf, llvmpipe, a 720p
    // frame); BGRA rows it reorders byte by byte too. RGBA it copies as it
    // is, after OpenCV's vector conversion: the same texels (alpha 1, which
    // nothing reads) for a fraction of the time.
    thread_local cv::Mat rgba;  // reused: one frame-sized buffer per GL thread
    const cv::Mat* source = &pixels;
    GLint internal = GL_R8;
    GLenum format = GL_RED;
    if (pixels.channels() == 3) {
        cv::cvtColor(pixels, rgba, cv::COLOR_BGR2RGBA);
        source = &rgba;
        internal = GL_RGBA8;
        format = GL_RGBA;
    } else if (pixels.channels() == 4) {
        internal = GL_RGBA8;
        format = GL_RGBA;
    }
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(source->step / source->elemSize()));
    // A texture of the same size and format keeps its storage (a new frame
    // each time, not a new 4 MB allocation).
    GLint width = 0, height = 0, stored = 0;
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &width);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &height);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_INTERNAL_FORMAT, &stored);
    if (width == source->cols && height == source->rows && stored == internal)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, source->cols, source->rows, format, GL_UNSIGNED_BYTE, source->data);
    else
        glTexImage2D(GL_TEXTURE_2D, 0, internal, source->cols, source->rows, 0, format, GL_UNSIGNED_BYTE, source->data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

}  // namespace hairline::gl
