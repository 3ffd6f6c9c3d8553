#include "progress_line.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

namespace resonant::cli {

ProgressLine::ProgressLine(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  if (enabled_ && last_percent_ >= 0) std::fprintf(stderr, "\r\033[K");
}

engine::ProgressFn ProgressLine::callback() {
  if (!enabled_) return {};
  return [this](double fraction) {
    const int percent = static_cast<int>(std::floor(fraction * 100.0));
    if (percent == last_percent_) return;
    last_percent_ = percent;
    std::fprintf(stderr, "\r%s %3d %%", label_.c_str(), percent);
    std::fflush(stderr);
  };
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::filesystem::path target(path);
  std::filesystem::path temp = target;
  temp += ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error(path + ": cannot create the file (" + std::strerror(errno) + ")");
    }
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw std::runtime_error(path + ": writing failed (disk full?); nothing was written");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error(path + ": cannot move the finished file into place (" + reason + ")");
  }
}

bool write_stdout(const std::string& text) {
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), stdout);
  return written == text.size() && std::fflush(stdout) == 0 && !std::ferror(stdout);
}

}  // namespace resonant::cli
