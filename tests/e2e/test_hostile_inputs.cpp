// The bad-input matrix: every kind of hostile file or name the entry points
// can be handed, each run through the real binary. For every case: the exit
// code, the one-line message, no output file, and the process stays well
// inside 2 seconds and 300 MB.

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <set>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/support/test_support.h"

using hairline::test::run_command;
using hairline::test::run_hairline;
using hairline::test::TempDir;

namespace {

using Bytes = std::vector<std::uint8_t>;

void write_file(const std::filesystem::path& p, const Bytes& bytes) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}
void write_text(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

Bytes encoded(const std::string& ext) {
    cv::Mat image(96, 128, CV_8UC3, cv::Scalar(60, 110, 170));
    Bytes out;
    REQUIRE(cv::imencode(ext, image, out));
    return out;
}

Bytes cut(Bytes b, std::size_t keep) {
    b.resize(std::min(b.size(), keep));
    return b;
}

void put_be32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
void put_le32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Headers that declare enormous images in a few bytes.
Bytes huge_png(std::uint32_t side) {
    Bytes b = encoded(".png");
    put_be32(b, 16, side);
    put_be32(b, 20, side);
    return b;
}
Bytes huge_jpeg() {
    return {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0x01, 0x22,
            0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
}
Bytes huge_bmp() {
    Bytes b = encoded(".bmp");
    put_le32(b, 18, 100'000);
    put_le32(b, 22, 100'000);
    return b;
}
Bytes huge_webp() {
    // VP8X: 24-bit (size - 1) fields.
    Bytes b{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0,
            0, 0, 0, 0, 0xFF, 0x3F, 0x00, 0xFF, 0x3F, 0x00};
    put_le32(b, 4, static_cast<std::uint32_t>(b.size() - 8));
    return b;
}
Bytes huge_tiff() {
    // Little-endian TIFF, one IFD with width and height 60000 (LONG).
    Bytes b{'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0};
    auto entry = [&](std::uint16_t tag, std::uint32_t value) {
        const Bytes e{static_cast<std::uint8_t>(tag), static_cast<std::uint8_t>(tag >> 8), 4, 0, 1, 0, 0, 0};
        b.insert(b.end(), e.begin(), e.end());
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    };
    entry(256, 60000);
    entry(257, 60000);
    b.insert(b.end(), {0, 0, 0, 0});
    return b;
}

Bytes with_magic(const std::string& magic, std::size_t garbage) {
    Bytes b(magic.begin(), magic.end());
    for (std::size_t i = 0; i < garbage; ++i) b.push_back(static_cast<std::uint8_t>((i * 131 + 7) & 0xFF));
    return b;
}

struct Case {
    std::string name;
    std::function<std::string(const std::filesystem::path& dir)> make;  // returns the argument to pass
    int exit_code;
    std::string message;  // expected in the one line
    bool photo = true;    // also refused by `sheet` (photos only) with the same message
};

std::vector<Case> file_cases() {
    auto file = [](std::string name, Bytes bytes) {
        return [name, bytes](const std::filesystem::path& dir) {
            write_file(dir / name, bytes);
            return (dir / name).string();
        };
    };
    auto named = [](std::string arg) { return [arg](const std::filesystem::path&) { return arg; }; };
    return {
        {"zero-byte JPEG", file("empty.jpg", {}), 2, "is empty (0 bytes)"},
        {"zero-byte MP4", file("empty.mp4", {}), 2, "is empty (0 bytes)", false},
        {"truncated JPEG", file("cut.jpg", cut(encoded(".jpg"), 300)), 2, "truncated: the JPEG end marker is missing"},
        {"truncated PNG", file("cut.png", cut(encoded(".png"), 60)), 2, "truncated: the PNG end chunk is missing"},
        {"truncated BMP", file("cut.bmp", cut(encoded(".bmp"), 2000)), 2, "truncated"},
        {"truncated WebP", file("cut.webp", cut(encoded(".webp"), 40)), 2, "truncated"},
        {"truncated TIFF", file("cut.tif", cut(encoded(".tiff"), encoded(".tiff").size() / 2)), 2, "TIFF"},
        {"50000x50000 PNG header", file("huge.png", huge_png(50000)), 2, "50000x50000 (2,500,000,000 pixels), over the limit"},
        {"4294967295-square PNG header", file("max.png", huge_png(0xFFFFFFFF)), 2, "over the limit"},
        {"65535-square JPEG header", file("huge.jpg", huge_jpeg()), 2, "65535x65535"},
        {"100000-square BMP header", file("huge.bmp", huge_bmp()), 2, "over the limit"},
        {"16384-square WebP header", file("huge.webp", huge_webp()), 2, "16384x16384"},
        {"60000-square TIFF header", file("huge.tif", huge_tiff()), 2, "60000x60000"},
        {"PDF named .jpg", file("doc.jpg", with_magic("%PDF-1.7\n", 200)), 2, "is a PDF document"},
        {"GIF named .png", file("anim.png", with_magic("GIF89a", 200)), 2, "is a GIF image"},
        {"ZIP named .jpg", file("zip.jpg", with_magic(std::string("PK\x03\x04", 4), 200)), 2, "is a ZIP archive"},
        {"text named .png", file("notes.png", with_magic("just some notes\n", 0)), 2, "is a text file"},
        {"random bytes", file("noise.jpg", with_magic(std::string("\x01\x02\x03\x00", 4), 4000)), 2,
         "is an unrecognised binary file"},
        {"JPEG magic then garbage", file("garbage.jpg", with_magic("\xFF\xD8\xFF\x01", 3000)), 2, "JPEG"},
        {"PNG magic then garbage", file("garbage.png", with_magic("\x89PNG\r\n\x1a\n", 3000)), 2, "PNG"},
        {"MP4 with no movie box", file("nomoov.mp4", with_magic(std::string("\0\0\0\x18" "ftypisom", 12), 4000)), 2,
         "cannot be opened as a video", false},
        {"Matroska magic then garbage", file("garbage.mkv", with_magic("\x1a\x45\xdf\xa3", 4000)), 2,
         "cannot be opened as a video", false},
        {"HLS playlist naming a URL", file("live.m3u8", with_magic("#EXTM3U\nhttp://example.com/a.ts\n", 0)), 2,
         "is a text file"},
        {"missing file", named("/nonexistent/hairline/photo.jpg"), 2, "no such file"},
        {"FIFO", [](const std::filesystem::path& dir) {
             REQUIRE(mkfifo((dir / "pipe.jpg").c_str(), 0600) == 0);
             return (dir / "pipe.jpg").string();
         }, 2, "is a FIFO"},
        {"symlink to a FIFO", [](const std::filesystem::path& dir) {
             REQUIRE(mkfifo((dir / "pipe2").c_str(), 0600) == 0);
             std::filesystem::create_symlink(dir / "pipe2", dir / "link.jpg");
             return (dir / "link.jpg").string();
         }, 2, "is a FIFO"},
        {"character device", named("/dev/zero"), 2, "is a device"},
        {"socket", [](const std::filesystem::path& dir) {
             const auto path = dir / "sock.jpg";
             const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
             sockaddr_un address{};
             address.sun_family = AF_UNIX;
             std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
             REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
             ::close(fd);  // the socket file stays
             return path.string();
         }, 2, "socket"},
        {"http URL", named("http://example.com/face.jpg"), 2, "network sources are refused"},
        {"https URL", named("https://example.com/clip.mp4"), 2, "network sources are refused"},
        {"rtsp URL", named("rtsp://camera.local/stream"), 2, "network sources are refused"},
        {"file URL", named("file:///etc/passwd"), 2, "network sources are refused"},
        {"ftp URL", named("ftp://example.com/a.png"), 2, "network sources are refused"},
        {"control characters in the name", file("bad\nname\x1b[31m.jpg", {}), 2, "is empty"},
    };
}

std::set<std::string> listing(const std::filesystem::path& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

void check_refusal(const hairline::test::CommandResult& r, const Case& c, const std::set<std::string>& before,
                   const std::filesystem::path& dir) {
    INFO(r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(hairline::test::line_count(r.err) == 1);
    CHECK(r.out.empty());
    CHECK(listing(dir) == before);  // no output, no temp file
    if (hairline::test::kSanitizedBuild) {
        CHECK(r.seconds < 20.0);  // still no hang (a FIFO would block forever)
    } else {
        CHECK(r.seconds < 2.0);
        CHECK(r.max_rss_kb < 300 * 1024);
    }
}

}  // namespace

TEST_CASE("hostile inputs: render, track and sheet refuse each with one line, exit 2, no output", "[e2e]") {
    for (const auto& c : file_cases()) {
        TempDir dir;
        const std::string input = c.make(dir.path());
        const auto before = listing(dir.path());
        const std::vector<std::vector<std::string>> commands{
            {"render", input, "-o", (dir / "out.png").string()},
            {"track", input, "--jsonl", (dir / "out.jsonl").string()},
            {"sheet", input, "-o", (dir / "sheet.png").string()},
        };
        for (const auto& args : commands) {
            if (args[0] == "sheet" && !c.photo) continue;
            INFO(c.name << ": hairline " << args[0]);
            check_refusal(run_hairline(args), c, before, dir.path());
        }
    }
}

TEST_CASE("hostile design files and values: one line naming the file, key and range", "[e2e]") {
    const std::string demo = hairline::test::source_path("assets/astronaut.png");
    auto design_file = [](std::string name, std::string text) {
        return [name, text](const std::filesystem::path& dir) {
            write_text(dir / name, text);
            return (dir / name).string();
        };
    };
    std::string deep = "{\"version\": 1, \"x\": " + std::string(5000, '[') + std::string(5000, ']') + "}";
    std::string huge = "{\"version\": 1, \"notes\": \"" + std::string(2 << 20, 'a') + "\"}";
    const std::vector<Case> cases{
        {"wrong type", design_file("t.json", R"({"version": 1, "density": "lots"})"), 2,
         "t.json: density: must be a number in 5..150"},
        {"1e30", design_file("big.json", R"({"version": 1, "hairline_height": 1e30})"), 2,
         "big.json: hairline_height: must be"},
        {"NaN is not JSON", design_file("nan.json", R"({"version": 1, "density": NaN})"), 2, "nan.json: not valid JSON"},
        {"unknown key", design_file("u.json", R"({"version": 1, "colour": 3})"), 2, "u.json: colour: unknown key"},
        {"missing version", design_file("v.json", R"({"density": 80})"), 2, "v.json: version: missing"},
        {"newer version", design_file("n.json", R"({"version": 99})"), 2, "newer than this build understands"},
        {"deep nesting", design_file("deep.json", deep), 2, "nested deeper than 16 levels"},
        {"2 MiB file", design_file("huge.json", huge), 2, "larger than 1024 KiB"},
        {"zero bytes", design_file("empty.json", ""), 2, "empty.json: not valid JSON"},
        {"a folder", [](const std::filesystem::path& dir) {
             std::filesystem::create_directory(dir / "folder.json");
             return (dir / "folder.json").string();
         }, 2, "is a directory"},
        {"a FIFO", [](const std::filesystem::path& dir) {
             REQUIRE(mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
             return (dir / "pipe.json").string();
         }, 2, "is a FIFO"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        TempDir dir;
        const std::string design = c.make(dir.path());
        const auto before = listing(dir.path());
        check_refusal(run_hairline({"render", demo, "-o", (dir / "out.png").string(), "--design", design}), c, before,
                      dir.path());
    }
    const std::vector<std::pair<std::string, std::string>> sets{
        {"density=nan", "density"}, {"density=inf", "density"}, {"density=1e30", "must be 5..150"},
        {"density=", "density"},    {"=5", "KEY=VALUE"},        {"hairline_height=8e", "hairline_height"},
    };
    for (const auto& [assignment, message] : sets) {
        INFO(assignment);
        TempDir dir;
        const auto before = listing(dir.path());
        check_refusal(run_hairline({"render", demo, "-o", (dir / "out.png").string(), "--set", assignment}),
                      Case{assignment, {}, 2, message}, before, dir.path());
    }
}

TEST_CASE("hostile inputs: a file the user may not read is refused as such", "[e2e]") {
    TempDir dir;
    const auto secret = dir / "secret.jpg";
    write_file(secret, encoded(".jpg"));
    ::chmod(secret.c_str(), 0000);
    ::chmod(dir.path().c_str(), 0755);
    std::vector<std::string> argv;
    std::string binary = HAIRLINE_BINARY;
    // root reads anything: run as nobody (util-linux setpriv) to see the refusal.
    if (::geteuid() == 0) {
        argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        // A checkout under /root (0700 on Debian) is out of nobody's reach:
        // run a copy of the binary from the test's own folder.
        const auto copy = dir / "hairline";
        std::filesystem::copy_file(binary, copy);
        ::chmod(copy.c_str(), 0755);
        binary = copy.string();
    }
    argv.insert(argv.end(), {binary, "render", secret.string(), "-o", (dir / "out.png").string()});
    const auto before = listing(dir.path());
    check_refusal(run_command(argv), Case{"unreadable", {}, 2, "permission denied"}, before, dir.path());
}
