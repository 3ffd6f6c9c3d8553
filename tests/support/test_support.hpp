#pragma once
// Shared test helpers: where the built programs and the shared recordings are, and running
// a program as a child process with its output captured.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::testing {

/// ../shared/data (the real recordings); may not exist on every machine.
std::filesystem::path shared_data_dir();

/// A file under ../shared/data, or an empty path when the folder or file is absent.
std::filesystem::path shared_data_file(const std::string& relative);

/// The build tree (where resonant-cli and resonant are).
std::filesystem::path binary_dir();
std::filesystem::path source_dir();

/// Skips the current test with a message naming the missing file (never passes silently).
#define RESONANT_REQUIRE_SHARED_DATA(path_var, relative)                                     \
  const std::filesystem::path path_var = ::resonant::testing::shared_data_file(relative);  \
  if (path_var.empty()) {                                                                   \
    GTEST_SKIP() << "shared recording " << (relative) << " not found under "               \
                 << ::resonant::testing::shared_data_dir()                                  \
                 << " (clone the shared data set beside the repository to run this test)"; \
  }

struct ProcessResult {
  int exit_code = -1;       // -1 if killed by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  std::string out;          // stdout
  std::string err;          // stderr
};

/// Runs argv[0] with arguments, captures stdout and stderr, kills it after timeout.
/// env entries "NAME=value" are added to the environment; "NAME=" with nothing after the
/// '=' removes NAME.
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120),
                          const std::vector<std::string>& env = {});

/// A child process running while the test goes on: read its stdout line by line, then wait.
class ChildProcess {
 public:
  /// env: as for run_process().
  explicit ChildProcess(const std::vector<std::string>& argv,
                        const std::vector<std::string>& env = {});
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Next line of stdout (without the newline), or nothing on timeout / end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  /// Sends a signal (e.g. SIGINT).
  void signal(int sig);
  /// Waits for the exit; the rest of stdout and all of stderr are collected into the result.
  ProcessResult wait(std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buffer_;
  std::string err_;
  bool reaped_ = false;
};

/// A fresh empty directory under the system temp folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Sets (value) or removes (nullptr) an environment variable for one test and restores it
/// afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace resonant::testing
