#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "engine/io/atomic_file.h"
#include "engine/io/file_sniff.h"
#include "engine/io/image_loader.h"
#include "engine/io/local_file.h"
#include "tests/support/test_support.h"

using namespace hairline;

namespace {

std::vector<std::uint8_t> encode(const std::string& ext, int width, int height) {
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(40, 120, 200));
    std::vector<std::uint8_t> out;
    REQUIRE(cv::imencode(ext, image, out));
    return out;
}

void write_bytes(const std::filesystem::path& p, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("file kinds are sniffed from magic bytes", "[unit][io]") {
    CHECK(sniff_file_kind(encode(".jpg", 8, 8)) == FileKind::Jpeg);
    CHECK(sniff_file_kind(encode(".png", 8, 8)) == FileKind::Png);
    CHECK(sniff_file_kind(encode(".bmp", 8, 8)) == FileKind::Bmp);
    CHECK(sniff_file_kind(encode(".webp", 8, 8)) == FileKind::Webp);
    CHECK(sniff_file_kind(encode(".tiff", 8, 8)) == FileKind::Tiff);
    const std::string pdf = "%PDF-1.7\n", text = "hello world\n";
    CHECK(sniff_file_kind({reinterpret_cast<const std::uint8_t*>(pdf.data()), pdf.size()}) == FileKind::Pdf);
    CHECK(sniff_file_kind({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}) == FileKind::Text);
    CHECK(sniff_file_kind({}) == FileKind::Empty);
}

TEST_CASE("image dimensions are read from headers without decoding", "[unit][io]") {
    for (const std::string ext : {".jpg", ".png", ".bmp", ".webp", ".tiff"}) {
        INFO(ext);
        const auto bytes = encode(ext, 123, 45);
        const auto dims = read_image_dims(sniff_file_kind(bytes), bytes);
        REQUIRE(dims.has_value());
        CHECK(dims->width == 123);
        CHECK(dims->height == 45);
    }
}

TEST_CASE("truncated JPEG and PNG files are detected", "[unit][io]") {
    for (const std::string ext : {".jpg", ".png"}) {
        INFO(ext);
        auto bytes = encode(ext, 64, 64);
        const FileKind kind = sniff_file_kind(bytes);
        CHECK(find_truncation(kind, bytes).empty());
        bytes.resize(bytes.size() * 2 / 3);
        CHECK(find_truncation(kind, bytes).rfind("truncated", 0) == 0);
    }
}

TEST_CASE("the loader refuses hostile inputs with one clear message", "[unit][io]") {
    test::TempDir dir;
    write_bytes(dir / "empty.jpg", {});
    write_bytes(dir / "text.jpg", {'h', 'i', '\n'});
    auto png = encode(".png", 64, 64);
    write_bytes(dir / "ok.png", png);
    auto cut = png;
    cut.resize(png.size() / 2);
    write_bytes(dir / "cut.png", cut);
    // A PNG header that declares 50000 x 50000 pixels: refused from the header.
    auto huge = png;
    const std::uint8_t side[4] = {0x00, 0x00, 0xC3, 0x50};
    std::copy(side, side + 4, huge.begin() + 16);
    std::copy(side, side + 4, huge.begin() + 20);
    write_bytes(dir / "huge.png", huge);
    REQUIRE(mkfifo((dir / "fifo.png").c_str(), 0600) == 0);

    auto error_of = [](const std::string& path) {
        auto r = load_image(path);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::BadInput);
        CHECK(r.error().where == path);
        return r.error().what;
    };
    CHECK(load_image((dir / "ok.png").string()).ok());
    CHECK(error_of((dir / "empty.jpg").string()) == "is empty (0 bytes)");
    CHECK(error_of((dir / "text.jpg").string()).find("is a text file") != std::string::npos);
    CHECK(error_of((dir / "cut.png").string()).rfind("truncated", 0) == 0);
    CHECK(error_of((dir / "huge.png").string()).find("over the limit") != std::string::npos);
    CHECK(error_of((dir / "fifo.png").string()).find("FIFO") != std::string::npos);
    CHECK(error_of(dir.path().string()).find("directory") != std::string::npos);
    CHECK(error_of((dir / "missing.png").string()) == "no such file");
    CHECK(error_of("http://example.com/face.jpg").find("network") != std::string::npos);
    CHECK(error_of("rtsp:camera").find("network") != std::string::npos);
}

TEST_CASE("URL-like names are recognised", "[unit][io]") {
    CHECK(looks_like_url("http://x/y.jpg"));
    CHECK(looks_like_url("HTTPS://x"));
    CHECK(looks_like_url("rtsp:stream"));
    CHECK(looks_like_url("file:///etc/passwd"));
    CHECK_FALSE(looks_like_url("photo.jpg"));
    CHECK_FALSE(looks_like_url("dir/a:b.jpg"));
    CHECK_FALSE(looks_like_url("cam:0"));
}

TEST_CASE("atomic saves are 0600, never overwrite unless asked, leave no temp files", "[unit][io]") {
    test::TempDir dir;
    const auto target = dir / "out.bin";
    const std::vector<std::uint8_t> first{1, 2, 3}, second{4, 5};
    REQUIRE(save_file_atomic(target, first).ok());
    struct stat st {};
    REQUIRE(stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    auto again = save_file_atomic(target, second);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().what.find("already exists") != std::string::npos);
    CHECK(std::filesystem::file_size(target) == 3);  // untouched

    REQUIRE(save_file_atomic(target, second, {true}).ok());
    CHECK(std::filesystem::file_size(target) == 2);
    CHECK(!save_file_atomic(dir / "no-such-dir" / "x.bin", first).ok());

    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 1);  // no temp file left behind
}

TEST_CASE("private folders are created 0700 and free names never collide", "[unit][io]") {
    test::TempDir dir;
    const auto nested = dir / "a" / "b";
    REQUIRE(make_private_dirs(nested).ok());
    struct stat st {};
    REQUIRE(stat(nested.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(save_file_atomic(nested / "snap.png", std::vector<std::uint8_t>{1}).ok());
    CHECK(unused_path(nested, "snap", ".png").filename() == "snap-2.png");
    CHECK(unused_path(nested, "other", ".png").filename() == "other.png");
}
