#include "piped_input.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace resonant::cli {
namespace {

constexpr std::size_t kCopyChunkBytes = std::size_t{1} << 16;
// More than any recording the readers take through a pipe (a day of 4-channel EDF is ~180 MB):
// /dev/zero or a runaway producer stops here instead of filling the temporary folder.
constexpr std::uintmax_t kMaxCopyBytes = std::uintmax_t{2} << 30;
constexpr const char* kStandardInput = "-";
constexpr std::array<int, 3> kCleanupSignals{SIGINT, SIGTERM, SIGHUP};

// The copy's paths for the signal handler (async-signal-safe: fixed buffers, unlink, rmdir).
char g_copy_path[4096];
char g_copy_dir[4096];
std::array<struct sigaction, kCleanupSignals.size()> g_previous{};
bool g_installed = false;  // g_previous holds what set_cleanup replaced

/// Ctrl-C or a kill while the copy exists: the copy (health data) goes, then the signal does
/// what it did before.
extern "C" void remove_copy_and_reraise(int sig) {
  if (g_copy_path[0] != '\0') ::unlink(g_copy_path);
  if (g_copy_dir[0] != '\0') ::rmdir(g_copy_dir);
  for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
    if (kCleanupSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
  }
  ::raise(sig);
}

void set_cleanup(const std::string& copy, const std::string& dir) {
  if (copy.size() >= sizeof g_copy_path || dir.size() >= sizeof g_copy_dir) return;
  std::memcpy(g_copy_path, copy.c_str(), copy.size() + 1);
  std::memcpy(g_copy_dir, dir.c_str(), dir.size() + 1);
  g_installed = true;
  struct sigaction action {};
  action.sa_handler = remove_copy_and_reraise;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
    struct sigaction previous {};
    ::sigaction(kCleanupSignals[i], nullptr, &previous);
    g_previous[i] = previous;
    // An ignored signal (nohup) stays ignored.
    if (previous.sa_handler != SIG_IGN) ::sigaction(kCleanupSignals[i], &action, nullptr);
  }
}

void clear_cleanup() {
  if (!g_installed) return;  // nothing replaced (a path too long for the buffers)
  for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
    ::sigaction(kCleanupSignals[i], &g_previous[i], nullptr);
  }
  g_installed = false;
  g_copy_path[0] = '\0';
  g_copy_dir[0] = '\0';
}

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
    // Only what can be read once: a pipe or a socket. Files, folders and devices (a terminal,
    // /dev/zero) go to the readers as before.
    const fs::file_status st = fs::status(path, ec);
    if (ec || !(fs::is_fifo(st) || fs::is_socket(st))) return;
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
  set_cleanup(copy.string(), dir_.string());
  const int out = ::open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int error = out < 0 ? errno : 0;
  std::array<char, kCopyChunkBytes> buffer{};
  std::uintmax_t total = 0;
  bool too_large = false;
  while (error == 0 && !too_large) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      break;
    }
    if (n == 0) break;
    if (!write_all(out, buffer.data(), static_cast<std::size_t>(n))) error = errno;
    total += static_cast<std::uintmax_t>(n);
    too_large = total > kMaxCopyBytes;
  }
  if (out >= 0 && ::close(out) != 0 && error == 0) error = errno;
  if (in != STDIN_FILENO) ::close(in);
  if (error != 0 || too_large) {
    fs::remove_all(dir_, ec);
    dir_.clear();
    clear_cleanup();
    if (too_large) {
      throw PipedInputError("more than " + std::to_string(kMaxCopyBytes >> 30) + " GB came "
                            "through " + shown + ", more than a recording: save it to a file "
                            "and give its name");
    }
    throw PipedInputError("cannot copy " + shown + " to a temporary file in " +
                          temp_root().string() + " (" + errno_text(error) +
                          "); save it to a file and give its name");
  }
  if (total == 0) {
    fs::remove_all(dir_, ec);
    dir_.clear();
    clear_cleanup();
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
  clear_cleanup();
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
