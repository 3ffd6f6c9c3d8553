#include "private_file.hpp"

#include <resonant/engine/private_output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace resonant::engine {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& p) {
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
}

// strerror(EFBIG) says only "File too large"; the cause to fix is the limit.
std::string reason(int error) {
  return error == EFBIG ? "the file size limit (ulimit -f) was reached" : std::strerror(error);
}

/// The descriptor a path names when it is the process's own stream (/dev/stdout, /dev/stderr,
/// /dev/fd/N, /proc/self/fd/N), else -1. Written through a copy of it, the output goes where
/// the shell sent it, at its offset and with its append mode: reopening the path would start
/// a redirected file over from its first byte.
int own_stream(const std::filesystem::path& path) {
  const std::string p = path.lexically_normal().string();
  if (p == "/dev/stdout") return STDOUT_FILENO;
  if (p == "/dev/stderr") return STDERR_FILENO;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (p.starts_with(prefix) && p.size() > prefix.size() &&
        p.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
      return std::stoi(p.substr(prefix.size()));
    }
  }
  return -1;
}

constexpr int kMaxLinkHops = 40;  // as the kernel's limit on the links in a path

}  // namespace

bool is_stream_path(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  return own_stream(path) >= 0 || std::filesystem::is_fifo(st) || std::filesystem::is_character_file(st);
}

PrivateFile::PrivateFile(std::filesystem::path final_path, FollowLinks links)
    : final_path_(std::move(final_path)) {
  namespace fs = std::filesystem;
  if (const int stream = own_stream(final_path_); stream >= 0) {
    straight_through_ = true;
    temp_path_ = final_path_;
    fd_ = fcntl(stream, F_DUPFD_CLOEXEC, 0);
    if (fd_ < 0) fail(reason(errno));
    return;
  }
  std::error_code ec;
  const fs::file_status target = fs::status(final_path_, ec);  // follows links
  if (fs::is_fifo(target) || fs::is_character_file(target)) {
    straight_through_ = true;
    temp_path_ = final_path_;
    fd_ = ::open(final_path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail(reason(errno));
    return;
  }
  // The person's own config file: its link chain is followed to the file it names.
  for (int hops = 0; links == FollowLinks::kYes && hops < kMaxLinkHops &&
                     fs::is_symlink(fs::symlink_status(final_path_, ec));
       ++hops) {
    const fs::path to = fs::read_symlink(final_path_, ec);
    if (ec) break;
    final_path_ = to.is_absolute() ? to : folder_of(final_path_) / to;
  }
  // A link is not followed (in a shared folder it may be someone else's, pointing at one of
  // your files) and not replaced (it was put there for a reason): say where it points.
  if (fs::is_symlink(fs::symlink_status(final_path_, ec))) {
    const fs::path to = fs::read_symlink(final_path_, ec);
    fail("it is a link" + (ec ? std::string() : " to " + to.string()) +
             ": give the name of the file itself",
         false);
  }
  if (fs::exists(target) && !fs::is_regular_file(target)) {
    fail("it is not a file (a folder or a device): give a file's name", false);
  }
  std::string pattern = (folder_of(final_path_) / ("." + final_path_.filename().string() + ".XXXXXX")).string();
  // mkstemp creates the file with mode 0600 whatever the umask.
  fd_ = mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) fail(reason(errno));
  temp_path_ = pattern;
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_ && !straight_through_ && !temp_path_.empty()) unlink(temp_path_.c_str());
}

void PrivateFile::fail(std::string_view why, bool advise) const {
  throw std::runtime_error("cannot write " + final_path_.string() + ": " + std::string(why) +
                           (advise ? " (choose a folder you can write to with --out, or free "
                                     "some space)"
                                   : ""));
}

void PrivateFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(reason(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void PrivateFile::commit() {
  if (straight_through_) {
    const int closed = close(fd_);
    fd_ = -1;
    if (closed != 0) fail(reason(errno));
    committed_ = true;
    return;
  }
  if (fsync(fd_) != 0) fail(reason(errno));
  if (close(fd_) != 0) {
    fd_ = -1;
    fail(reason(errno));
  }
  fd_ = -1;
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) fail(reason(errno));
  committed_ = true;
  // The rename itself reaches the disk when the folder is flushed.
  const int dir = open(folder_of(final_path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
}

void write_private_file(const std::filesystem::path& path, std::string_view text) {
  PrivateFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace resonant::engine
