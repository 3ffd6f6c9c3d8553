#include "private_file.hpp"

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

}  // namespace

PrivateFile::PrivateFile(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  std::string pattern = (folder_of(final_path_) / ("." + final_path_.filename().string() + ".XXXXXX")).string();
  // mkstemp creates the file with mode 0600 whatever the umask.
  fd_ = mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) fail(reason(errno));
  temp_path_ = pattern;
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_ && !temp_path_.empty()) unlink(temp_path_.c_str());
}

void PrivateFile::fail(std::string_view why) const {
  throw std::runtime_error("cannot write " + final_path_.string() + ": " + std::string(why) +
                           " (choose a folder you can write to with --out, or free some space)");
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

}  // namespace resonant::engine
