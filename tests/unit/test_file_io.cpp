#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <csignal>

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
    // UTF-8 is text; a lone high byte (e.g. the first byte of a PNG) is not.
    const std::string accented = "Zo\xC3\xAB, \xE2\x82\xAC 40\n";
    CHECK(sniff_file_kind({reinterpret_cast<const std::uint8_t*>(accented.data()), accented.size()}) == FileKind::Text);
    const std::uint8_t lone_high[] = {0x89};
    CHECK(sniff_file_kind(lone_high) == FileKind::Unknown);
    const std::uint8_t bad_continuation[] = {'a', 0xC3, 'b'};
    CHECK(sniff_file_kind(bad_continuation) == FileKind::Unknown);
}

TEST_CASE("ISO media: HEIC and AVIF stills are told from videos and image sequences", "[unit][io]") {
    // An ftyp box: size, "ftyp", major brand, minor version, compatible brands.
    auto ftyp = [](std::string major, std::string compatible) {
        std::string box = std::string("\0\0\0", 3) + static_cast<char>(16 + compatible.size()) + "ftyp" + major +
                          std::string(4, '\0') + compatible;
        return std::vector<std::uint8_t>(box.begin(), box.end());
    };
    CHECK(sniff_file_kind(ftyp("heic", "mif1heicmiaf")) == FileKind::Heif);   // an iPhone photo
    CHECK(sniff_file_kind(ftyp("mif1", "mif1heic")) == FileKind::Heif);
    CHECK(sniff_file_kind(ftyp("avif", "avifmif1miaf")) == FileKind::Heif);
    CHECK(sniff_file_kind(ftyp("msf1", "msf1hevc")) == FileKind::HeifSequence);
    CHECK(sniff_file_kind(ftyp("avis", "avismsf1")) == FileKind::HeifSequence);
    CHECK(sniff_file_kind(ftyp("isom", "isomiso2avc1mp41")) == FileKind::Mp4);
    CHECK(sniff_file_kind(ftyp("qt  ", "qt  ")) == FileKind::Mp4);                // an iPhone video
    CHECK(sniff_file_kind(ftyp("XYZ1", "mif1")) == FileKind::Heif);              // the compatible list decides
    CHECK(is_still_image(FileKind::Heif));
    CHECK_FALSE(is_video(FileKind::Heif));
    CHECK_FALSE(is_still_image(FileKind::HeifSequence));
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

TEST_CASE("truncated BMP and WebP files are detected from their declared sizes", "[unit][io]") {
    for (const std::string ext : {".bmp", ".webp"}) {
        INFO(ext);
        auto bytes = encode(ext, 64, 64);
        const FileKind kind = sniff_file_kind(bytes);
        REQUIRE(is_still_image(kind));
        CHECK(find_truncation(kind, bytes).empty());
        bytes.resize(bytes.size() - 40);
        CHECK(find_truncation(kind, bytes).rfind("truncated", 0) == 0);
    }
}

TEST_CASE("declared sizes that overflow 64-bit products are refused, not wrapped", "[unit][io]") {
    test::TempDir dir;
    auto png = encode(".png", 8, 8);
    std::fill(png.begin() + 16, png.begin() + 24, std::uint8_t{0xFF});  // 4294967295 x 4294967295
    write_bytes(dir / "max.png", png);
    auto r = load_image((dir / "max.png").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().what.find("4294967295x4294967295") != std::string::npos);
    CHECK(r.error().what.find("over the limit of 40,000,000 pixels") != std::string::npos);
}

TEST_CASE("the pixel cap is the caller's: a photo over --max-pixels is refused before decoding", "[unit][io]") {
    test::TempDir dir;
    write_bytes(dir / "a.jpg", encode(".jpg", 200, 100));
    CHECK(load_image((dir / "a.jpg").string(), ImageLimits{20'000}).ok());
    auto r = load_image((dir / "a.jpg").string(), ImageLimits{19'999});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().what == "image is 200x100 (20,000 pixels), over the limit of 19,999 pixels (--max-pixels)");
}

TEST_CASE("a TIFF whose directory follows the pixels is sized from the whole file", "[unit][io]") {
    // OpenCV (libtiff) writes the image directory after the strips.
    const auto tiff = encode(".tiff", 900, 700);
    const FileKind kind = sniff_file_kind(tiff);
    REQUIRE(kind == FileKind::Tiff);
    const auto dims = read_image_dims(kind, tiff);
    REQUIRE(dims);
    CHECK(dims->width == 900);
    CHECK(dims->height == 700);
    test::TempDir dir;
    write_bytes(dir / "a.tif", tiff);
    auto loaded = load_image((dir / "a.tif").string());
    REQUIRE(loaded.ok());
    CHECK(loaded->cols == 900);
}

TEST_CASE("short files starting with G are not taken for MPEG transport streams", "[unit][io]") {
    std::vector<std::uint8_t> gif{'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0};
    CHECK(sniff_file_kind(gif) == FileKind::Gif);
    std::vector<std::uint8_t> g(100, 0);
    g[0] = 0x47;
    CHECK(sniff_file_kind(g) == FileKind::Unknown);
    std::vector<std::uint8_t> ts(3 * 188, 0xFF);
    for (std::size_t i = 0; i < ts.size(); i += 188) ts[i] = 0x47;
    CHECK(sniff_file_kind(ts) == FileKind::MpegTs);
}

TEST_CASE("a save that runs out of space fails cleanly and keeps the previous file", "[unit][io]") {
    // RLIMIT_FSIZE makes write() fail with EFBIG past the limit, as a full
    // disk makes it fail with ENOSPC: same code path, no mount needed.
    test::TempDir dir;
    const auto target = dir / "keep.bin";
    const std::vector<std::uint8_t> before(1000, 7);
    REQUIRE(save_file_atomic(target, before).ok());

    struct rlimit saved {};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    auto* previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 64 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const std::vector<std::uint8_t> big(256 * 1024, 9);
    const Status replaced = save_file_atomic(target, big, {true});
    const Status fresh = save_file_atomic(dir / "new.bin", big);
    REQUIRE(setrlimit(RLIMIT_FSIZE, &saved) == 0);
    std::signal(SIGXFSZ, previous_handler);

    REQUIRE_FALSE(replaced.ok());
    CHECK(replaced.error().what.find("write failed") != std::string::npos);
    REQUIRE_FALSE(fresh.ok());
    CHECK(std::filesystem::file_size(target) == before.size());  // the old file, whole
    std::ifstream in(target, std::ios::binary);
    std::vector<char> back(before.size());
    in.read(back.data(), static_cast<std::streamsize>(back.size()));
    CHECK(std::all_of(back.begin(), back.end(), [](char c) { return c == 7; }));
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 1);  // no partial new.bin, no temp files
}

TEST_CASE("files saved together are published together or not at all", "[unit][io]") {
    hairline::test::TempDir dir;
    const std::string image = "image", sidecar = "{\"version\": 1}\n";
    const FileToSave both[] = {{dir / "a.png", text_bytes(image)}, {dir / "a.json", text_bytes(sidecar)}};
    REQUIRE(save_files_atomic(both).ok());
    CHECK(std::filesystem::file_size(dir / "a.png") == image.size());
    CHECK(std::filesystem::file_size(dir / "a.json") == sidecar.size());

    // The second target exists: the first is not left behind, nor any temp file.
    write_bytes(dir / "b.json", {'x'});
    const FileToSave blocked[] = {{dir / "b.png", text_bytes(image)}, {dir / "b.json", text_bytes(sidecar)}};
    const Status saved = save_files_atomic(blocked);
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.error().message().find("already exists") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "b.png"));
    CHECK(std::filesystem::file_size(dir / "b.json") == 1);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 3);
}
