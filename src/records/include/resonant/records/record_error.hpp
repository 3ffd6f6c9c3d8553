#pragma once
// The one exception type of resonant::records. Every message names the file and says the
// problem in plain words ("100.hea line 2: ..."), so a command can print it as it is.
#include <stdexcept>
#include <string>

namespace resonant::records {

class RecordError : public std::runtime_error {
 public:
  /// "<file>: <problem>"; file may be a path or a name given for in-memory text.
  RecordError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem) {}
};

}  // namespace resonant::records
