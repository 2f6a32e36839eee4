#include "engine/io/local_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace hairline {
namespace {

std::string file_type_problem(mode_t mode) {
    if (S_ISDIR(mode)) return "is a directory, not a file";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    if (!S_ISREG(mode)) return "is not a regular file";
    return {};
}

// Owns one file descriptor; closes it on every path out.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { if (fd_ >= 0) ::close(fd_); }
    int get() const { return fd_; }
private:
    int fd_;
};

Result<int> open_regular(const std::string& path, struct stat& st) {
    if (path.empty()) return bad_input("(input)", "empty file name");
    if (looks_like_url(path))
        return bad_input(path, "network sources are refused: hairline reads local files only");
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) return bad_input(path, "no such file");
        if (err == EACCES || err == EPERM) return bad_input(path, "permission denied");
        if (err == ENXIO) return bad_input(path, "is a socket or unconnected device, not a regular file");
        return bad_input(path, std::string("cannot open: ") + std::strerror(err));
    }
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return bad_input(path, std::string("cannot stat: ") + std::strerror(err));
    }
    if (auto problem = file_type_problem(st.st_mode); !problem.empty()) {
        ::close(fd);
        return bad_input(path, problem);
    }
    return fd;
}

}  // namespace

bool looks_like_url(const std::string& name) {
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ':'
    const auto colon = name.find(':');
    if (colon == std::string::npos || colon < 2) return false;  // "C:" style and "a:" are not schemes here
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        const bool ok = std::isalpha(c) || (i > 0 && (std::isdigit(c) || c == '+' || c == '-' || c == '.'));
        if (!ok) return false;
    }
    if (name.compare(colon, 3, "://") == 0) return true;
    static constexpr const char* kNetworkSchemes[] = {"http", "https", "rtsp", "rtmp", "rtp", "udp", "tcp",
                                                      "ftp", "srt", "mms", "file", "data", "pipe", "tls"};
    std::string scheme = name.substr(0, colon);
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* known : kNetworkSchemes)
        if (scheme == known) return true;
    return false;
}

Result<FileBytes> read_local_file(const std::string& path, std::int64_t max_bytes_to_read,
                                  std::int64_t max_file_bytes) {
    struct stat st {};
    auto opened = open_regular(path, st);
    if (!opened) return opened.error();
    Fd fd(opened.value());
    if (st.st_size > max_file_bytes)
        return bad_input(path, "file is " + std::to_string(st.st_size >> 20) + " MiB, over the " +
                                   std::to_string(max_file_bytes >> 20) + " MiB limit");
    FileBytes out;
    out.file_size = st.st_size;
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(st.st_size, max_bytes_to_read));
    out.bytes.resize(want);
    std::size_t got = 0;
    while (got < want) {
        const ssize_t n = ::read(fd.get(), out.bytes.data() + got, want - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return bad_input(path, std::string("read failed: ") + std::strerror(errno));
        if (n == 0) break;  // file shrank while reading
        got += static_cast<std::size_t>(n);
    }
    out.bytes.resize(got);
    return out;
}

Result<std::string> read_small_text_file(const std::string& path, std::int64_t max_bytes, const std::string& what) {
    // One byte past the cap tells "too large" from "exactly at the cap" without reading more.
    auto file = read_local_file(path, max_bytes + 1, INT64_MAX);
    if (!file) return file.error();
    if (file->file_size > max_bytes)
        return bad_input(path, what + " is larger than " + std::to_string(max_bytes >> 10) + " KiB");
    return std::string(file->bytes.begin(), file->bytes.end());
}

Status check_local_regular_file(const std::string& path) {
    struct stat st {};
    auto opened = open_regular(path, st);
    if (!opened) return opened.error();
    ::close(opened.value());
    return ok_status();
}

}  // namespace hairline
