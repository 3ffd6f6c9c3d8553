#include "progress_line.hpp"

#include <cmath>
#include <cstdio>

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

bool write_stdout(const std::string& text) {
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), stdout);
  return written == text.size() && std::fflush(stdout) == 0 && !std::ferror(stdout);
}

}  // namespace resonant::cli
