#pragma once
// A one-line progress indicator on stderr for long file work, shown only when stderr is a
// terminal (scripts and tests get clean output). Redraws at most once per whole percent.
#include <string>

#include <resonant/engine/file_source.hpp>

namespace resonant::cli {

class ProgressLine {
 public:
  explicit ProgressLine(std::string label);
  ~ProgressLine();  // clears the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// A callback for the engine; empty when stderr is not a terminal.
  engine::ProgressFn callback();

 private:
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
};

/// Writes text to stdout and flushes; false when it could not (a full disk, a closed pipe).
bool write_stdout(const std::string& text);

}  // namespace resonant::cli
