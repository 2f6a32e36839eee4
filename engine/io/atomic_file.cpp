#include "engine/io/atomic_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace hairline {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

std::string random_suffix() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s(10, 'x');
    for (auto& c : s) c = kChars[rng() % (sizeof(kChars) - 1)];
    return s;
}

Status write_all(int fd, std::span<const std::uint8_t> data, const std::string& where) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return runtime_error(where, "write failed: " + errno_text(errno));
        done += static_cast<std::size_t>(n);
    }
    return ok_status();
}

// Moves tmp to name in dirfd; refuses to replace unless `overwrite`.
int rename_into_place(int dirfd, const std::string& tmp, const std::string& name, bool overwrite) {
    if (overwrite) return ::renameat(dirfd, tmp.c_str(), dirfd, name.c_str());
    if (::renameat2(dirfd, tmp.c_str(), dirfd, name.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    // File systems without RENAME_NOREPLACE: link() also refuses to replace.
    if (::linkat(dirfd, tmp.c_str(), dirfd, name.c_str(), 0) != 0) return -1;
    ::unlinkat(dirfd, tmp.c_str(), 0);
    return 0;
}

}  // namespace

Result<std::unique_ptr<AtomicWriter>> AtomicWriter::open(const std::filesystem::path& target, const SaveOptions& options) {
    const std::string where = target.string();
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    const std::string name = target.filename().string();
    if (name.empty() || name == "." || name == "..") return bad_input(where, "not a file name");
    std::unique_ptr<AtomicWriter> writer(new AtomicWriter());
    writer->target_ = target;
    writer->overwrite_ = options.overwrite;
    writer->dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (writer->dir_fd_ < 0) return bad_input(where, "cannot open folder " + dir.string() + ": " + errno_text(errno));
    if (!options.overwrite) {
        struct stat st {};
        if (::fstatat(writer->dir_fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
            return bad_input(where, "already exists; not overwriting it");
    }
    // Hidden, unique, and ending in the target's extension (encoders pick
    // the container from it).
    std::string temp_name(".");  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "." + string
    temp_name.append(target.stem().string()).append(".tmp-").append(random_suffix()).append(target.extension().string());
    writer->temp_name_ = std::move(temp_name);
    writer->fd_ = ::openat(writer->dir_fd_, writer->temp_name_.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (writer->fd_ < 0) {
        writer->temp_name_.clear();
        return runtime_error(where, "cannot create a file in " + dir.string() + ": " + errno_text(errno));
    }
    if (::fchmod(writer->fd_, 0600) != 0) return runtime_error(where, "chmod failed: " + errno_text(errno));
    return writer;
}

AtomicWriter::~AtomicWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_name_.empty() && dir_fd_ >= 0) ::unlinkat(dir_fd_, temp_name_.c_str(), 0);
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::filesystem::path AtomicWriter::temp_path() const {
    const std::filesystem::path dir = target_.has_parent_path() ? target_.parent_path() : ".";
    return dir / temp_name_;
}

Status AtomicWriter::write(std::span<const std::uint8_t> data) {
    if (fd_ < 0 || committed_) return runtime_error(target_.string(), "writer is closed");
    return write_all(fd_, data, target_.string());
}

Status AtomicWriter::write(std::string_view text) {
    return write(text_bytes(text));
}

Status AtomicWriter::commit() {
    const std::string where = target_.string();
    if (fd_ < 0 || committed_) return runtime_error(where, "writer is closed");
    if (::fsync(fd_) != 0) return runtime_error(where, "fsync failed: " + errno_text(errno));
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return runtime_error(where, "close failed: " + errno_text(errno));
    if (rename_into_place(dir_fd_, temp_name_, target_.filename().string(), overwrite_) != 0) {
        const int err = errno;
        if (err == EEXIST) return bad_input(where, "already exists; not overwriting it");
        return runtime_error(where, "rename failed: " + errno_text(err));
    }
    committed_ = true;
    // Make the new directory entry durable too.
    if (::fsync(dir_fd_) != 0) return runtime_error(where, "folder fsync failed: " + errno_text(errno));
    return ok_status();
}

Status save_file_atomic(const std::filesystem::path& target, std::span<const std::uint8_t> data,
                        const SaveOptions& options) {
    auto writer = AtomicWriter::open(target, options);
    if (!writer) return writer.error();
    if (auto written = (*writer)->write(data); !written) return written;
    return (*writer)->commit();
}

Status save_files_atomic(std::span<const FileToSave> files, const SaveOptions& options) {
    std::vector<std::unique_ptr<AtomicWriter>> writers;
    for (const FileToSave& file : files) {
        auto writer = AtomicWriter::open(file.target, options);
        if (!writer) return writer.error();
        if (auto written = (*writer)->write(file.data); !written) return written;
        writers.push_back(std::move(*writer));
    }
    for (std::size_t i = 0; i < writers.size(); ++i) {
        if (auto committed = writers[i]->commit(); !committed) {
            std::error_code ec;
            for (std::size_t k = 0; k < i; ++k) std::filesystem::remove(files[k].target, ec);  // ours: just created
            return committed;
        }
    }
    return ok_status();
}

Status make_private_dirs(const std::filesystem::path& dir) {
    if (dir.empty()) return ok_status();
    std::filesystem::path partial;
    for (const auto& part : dir) {
        partial /= part;
        if (::mkdir(partial.c_str(), 0700) == 0) continue;
        if (errno != EEXIST) return bad_input(partial.string(), "cannot create folder: " + errno_text(errno));
        struct stat st {};
        if (::stat(partial.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            return bad_input(partial.string(), "exists and is not a folder");
    }
    return ok_status();
}

std::filesystem::path unused_path(const std::filesystem::path& dir, const std::string& stem,
                                  const std::string& suffix) {
    std::error_code ec;
    auto candidate = dir / (stem + suffix);
    for (int n = 2; std::filesystem::exists(std::filesystem::symlink_status(candidate, ec)); ++n)
        candidate = dir / (stem + "-" + std::to_string(n) + suffix);
    return candidate;
}

}  // namespace hairline
