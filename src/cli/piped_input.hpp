#pragma once
// A recording given as "-" or through a pipe (cat rr.txt | resonant-cli analyze -, or
// /dev/stdin, <(...)). The readers open a file more than once (to tell its format, then to
// read it), which a pipe cannot do: it said "no data". So the input is first copied, in
// chunks (at most 2 GB), to a private temporary file that is removed when the command ends,
// or by Ctrl-C / SIGTERM / SIGHUP while it exists.
//
// Threading: main thread only (the CLI's file commands run on it).
#include <filesystem>
#include <stdexcept>
#include <string>

namespace resonant::cli {

/// Copying standard input failed (a terminal instead of a pipe, a full disk); the message says
/// what to do.
class PipedInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PipedInput {
 public:
  /// Nothing happens for a file, a folder, a device or a path that does not exist (the readers
  /// say what they make of it). For "-" (standard input), a pipe or a socket, copies it and
  /// points path at the copy.
  explicit PipedInput(std::filesystem::path& path);
  ~PipedInput();
  PipedInput(const PipedInput&) = delete;
  PipedInput& operator=(const PipedInput&) = delete;

  bool copied() const { return !copy_.empty(); }

 private:
  std::filesystem::path dir_;
  std::filesystem::path copy_;
};

/// text with a piped input's temporary copy named as the person gave it ("standard input",
/// "/dev/stdin"); unchanged when nothing was copied.
std::string shown_input_text(std::string text);

}  // namespace resonant::cli
