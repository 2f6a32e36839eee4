#include "engine/gl/texture_upload.h"

#include <opencv2/core.hpp>

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
    GLint internal = GL_R8;
    GLenum format = GL_RED;
    if (pixels.channels() == 3) {
        internal = GL_RGB8;
        format = GL_BGR;
    } else if (pixels.channels() == 4) {
        internal = GL_RGBA8;
        format = GL_RGBA;
    }
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(pixels.step / pixels.elemSize()));
    glTexImage2D(GL_TEXTURE_2D, 0, internal, pixels.cols, pixels.rows, 0, format, GL_UNSIGNED_BYTE, pixels.data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

}  // namespace hairline::gl
