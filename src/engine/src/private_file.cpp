#include "private_file.hpp"

#include <resonant/engine/private_output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace resonant::engine {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& p) {
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
}

// strerror(EFBIG) says only "File too large"; the cause to fix is the limit.
std::string reason(int error) {
  return error == EFBIG ? "the file size limit (ulimit -f) was reached" : std::strerror(error);
}

constexpr int kMaxLinkHops = 40;  // as the kernel's limit on a path's links

}  // namespace

PrivateFile::PrivateFile(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status target = fs::status(final_path_, ec);  // follows links
  if (fs::is_fifo(target) || fs::is_character_file(target)) {
    straight_through_ = true;
    temp_path_ = final_path_;
    fd_ = ::open(final_path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail(reason(errno));
    return;
  }
  if (fs::exists(target) && !fs::is_regular_file(target)) {
    fail("it is not a file (a folder or a device): give a file's name", false);
  }
  // A link: its target is replaced (made when missing), the link stays.
  for (int hops = 0; hops < kMaxLinkHops && fs::is_symlink(fs::symlink_status(final_path_, ec)); ++hops) {
    const fs::path to = fs::read_symlink(final_path_, ec);
    if (ec) break;
    final_path_ = to.is_absolute() ? to : folder_of(final_path_) / to;
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
