#include "piped_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace resonant::cli {
namespace {

constexpr std::size_t kCopyChunkBytes = std::size_t{1} << 16;
constexpr const char* kStandardInput = "-";

/// The copy's path and the name to show for it, while a PipedInput lives.
struct ShownCopy {
  std::string copy_path;
  std::string shown;
};
ShownCopy& shown_copy() {
  static ShownCopy s;
  return s;
}

std::string errno_text(int error) { return std::generic_category().message(error); }

/// Writes all of data to fd, retrying short writes; false with errno set on failure.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::filesystem::path temp_root() {
  const char* tmpdir = std::getenv("TMPDIR");
  return (tmpdir && *tmpdir) ? std::filesystem::path(tmpdir) : std::filesystem::path("/tmp");
}

}  // namespace

PipedInput::PipedInput(std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const bool from_stdin = path == kStandardInput;
  std::error_code ec;
  if (!from_stdin) {
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st) || fs::is_regular_file(st) || fs::is_directory(st)) return;
  }
  const std::string shown = from_stdin ? "standard input" : path.string();
  int in = STDIN_FILENO;
  if (from_stdin) {
    if (::isatty(STDIN_FILENO) == 1) {
      throw PipedInputError("'-' reads the recording from a pipe, e.g. cat rr.txt | resonant-cli "
                            "analyze -; standard input is a terminal here: give the file's name");
    }
  } else {
    in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw PipedInputError(shown + ": cannot open (" + errno_text(errno) + ")");
  }
  std::string pattern = (temp_root() / "resonant-input-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    const int error = errno;
    if (in != STDIN_FILENO) ::close(in);
    throw PipedInputError("cannot make a temporary folder to hold " + shown + " in " +
                          temp_root().string() + " (" + errno_text(error) + "; set TMPDIR to " +
                          "another folder)");
  }
  dir_ = pattern;
  // Named as given, so messages that name only the file say what the person typed.
  const fs::path given = path.filename().empty() ? fs::path("input") : path.filename();
  const fs::path copy = dir_ / (from_stdin ? fs::path("standard input") : given);
  const int out = ::open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int error = out < 0 ? errno : 0;
  std::array<char, kCopyChunkBytes> buffer{};
  std::size_t total = 0;
  while (error == 0) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      break;
    }
    if (n == 0) break;
    if (!write_all(out, buffer.data(), static_cast<std::size_t>(n))) error = errno;
    total += static_cast<std::size_t>(n);
  }
  if (out >= 0 && ::close(out) != 0 && error == 0) error = errno;
  if (in != STDIN_FILENO) ::close(in);
  if (error != 0) {
    fs::remove_all(dir_, ec);
    dir_.clear();
    throw PipedInputError("cannot copy " + shown + " to a temporary file in " +
                          temp_root().string() + " (" + errno_text(error) +
                          "); save it to a file and give its name");
  }
  if (total == 0) {
    fs::remove_all(dir_, ec);
    dir_.clear();
    throw PipedInputError(shown + ": no data came through (an empty pipe)");
  }
  copy_ = copy;
  path = copy_;
  shown_copy() = {copy_.string(), shown};
}

PipedInput::~PipedInput() {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  shown_copy() = {};
}

std::string shown_input_text(std::string text) {
  const ShownCopy& s = shown_copy();
  if (s.copy_path.empty()) return text;
  for (std::size_t at = text.find(s.copy_path); at != std::string::npos;
       at = text.find(s.copy_path, at + s.shown.size())) {
    text.replace(at, s.copy_path.size(), s.shown);
  }
  return text;
}

}  // namespace resonant::cli
