// Real file systems in a private mount namespace of a child process (needs CAP_SYS_ADMIN,
// e.g. root; skipped with a message otherwise): a 256 kB tmpfs that fills up, and a read-only
// bind mount. The recorder must stop saving with one clear message, what it committed must
// stay intact, and a database on a read-only medium can still be listed.
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <resonant/storage/database.hpp>
#include <resonant/storage/recorder.hpp>

#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::storage {
namespace {

constexpr int kCannotMount = 77;
constexpr int kCommittedBeats = 10;
constexpr const char* kTmpfsOptions = "size=256k,mode=0700";

/// Runs in the child: returns "" when every expectation held, else what went wrong; the
/// recorder's message goes to `message`.
std::string fill_the_disk(const std::filesystem::path& dir, std::string& message) {
  const auto path = dir / "r.db";
  RecorderConfig c;
  c.database = path;
  c.commit_interval = std::chrono::milliseconds(10);
  Recorder r(c);
  r.push(test::begin_row());
  for (Row& row : test::beat_rows(0, kCommittedBeats)) r.push(std::move(row));
  if (!test::wait_until([&] { return r.status().rows_saved == 1u + 4u * kCommittedBeats; })) {
    return "the first batch was not committed: " + r.status().message;
  }
  // 1 MB of samples: four times the disk.
  SampleChunkRow big;
  big.kind = ChannelKind::kEcg;
  big.rate_hz = 250.0;
  big.t_first_us = 9'000'000;
  big.values.assign(250'000, 0.5f);
  r.push(std::move(big));
  if (!test::wait_until([&] { return r.status().state == RecorderState::kFailed; })) {
    return "saving did not stop on a full disk";
  }
  r.finish();
  message = r.status().message;
  if (message.find("the disk is full at " + path.string()) == std::string::npos) {
    return "unexpected message";
  }
  test::RawDb raw(path, SQLITE_OPEN_READONLY);
  if (raw.text("PRAGMA integrity_check") != "ok") return "integrity check failed";
  if (raw.scalar("SELECT COUNT(*) FROM beats") != kCommittedBeats) return "committed beats lost";
  return {};
}

/// Runs body(dir) in a child with its own mount namespace after mount_dir(dir) succeeded;
/// returns the child's report, or nothing (the test is skipped) when mounting is not allowed.
std::optional<std::string> in_mount_namespace(
    const std::filesystem::path& dir, const std::function<bool(const std::filesystem::path&)>& mount_dir,
    const std::function<std::string(const std::filesystem::path&, std::string&)>& body, int& exit_code) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return std::string("pipe failed");
  const pid_t child = fork();
  if (child < 0) return std::string("fork failed");
  if (child == 0) {
    close(pipe_fds[0]);
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        !mount_dir(dir)) {
      _exit(kCannotMount);
    }
    std::string message;
    const std::string problem = body(dir, message);
    const std::string report = (problem.empty() ? "ok" : problem) + "\n" + message;
    (void)!write(pipe_fds[1], report.data(), report.size());
    _exit(problem.empty() ? 0 : 1);
  }
  close(pipe_fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) report.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (exit_code == kCannotMount) return std::nullopt;
  return report;
}

TEST(MountedFileSystem, ARealFullDiskStopsSavingWithAClearMessageAndKeepsTheCommittedData) {
  testing::TempDir dir;
  int code = 0;
  const auto report = in_mount_namespace(
      dir.path(),
      [](const std::filesystem::path& d) {
        return mount("tmpfs", d.c_str(), "tmpfs", 0, kTmpfsOptions) == 0;
      },
      fill_the_disk, code);
  if (!report) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs CAP_SYS_ADMIN); the file size "
                    "limit test covers the same path";
  }
  std::printf("tmpfs %s: %s\n", kTmpfsOptions, report->c_str());
  EXPECT_EQ(code, 0) << *report;
}

/// In the child: the folder holding a saved session is now a read-only bind mount.
std::string use_read_only_medium(const std::filesystem::path& dir, std::string& message) {
  const auto path = dir / "r.db";
  try {
    Database db = Database::open(path, OpenOptions{.immutable = true});
    if (db.sessions().size() != 1 || db.sessions()[0].beats != kCommittedBeats) {
      return "the saved session is not listed";
    }
  } catch (const StoreError& e) {
    return std::string("listing failed: ") + e.what();
  }
  RecorderConfig c;
  c.database = path;
  c.commit_interval = std::chrono::milliseconds(10);
  Recorder r(c);
  r.push(test::begin_row());
  if (!test::wait_until([&] { return r.status().state == RecorderState::kFailed; })) {
    return "saving onto a read-only medium did not fail";
  }
  r.finish();
  message = r.status().message;
  if (message.find("cannot write " + path.string() + " (Read-only file system)") == std::string::npos) {
    return "unexpected message";
  }
  return {};
}

TEST(MountedFileSystem, AReadOnlyMediumIsListedButNotWrittenAndSaysSo) {
  testing::TempDir dir;
  {
    Recorder r(RecorderConfig{dir.path() / "r.db"});
    r.push(test::begin_row());
    for (Row& row : test::beat_rows(0, kCommittedBeats)) r.push(std::move(row));
    r.push(EndSessionRow{ProgressRow{8'000'000, kCommittedBeats, 75.0, 30.0, 40.0}, unix_now_us()});
  }
  int code = 0;
  const auto report = in_mount_namespace(
      dir.path(),
      [](const std::filesystem::path& d) {
        return mount(d.c_str(), d.c_str(), nullptr, MS_BIND, nullptr) == 0 &&
               mount(nullptr, d.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
      },
      use_read_only_medium, code);
  if (!report) GTEST_SKIP() << "cannot make a read-only bind mount here (needs CAP_SYS_ADMIN)";
  std::printf("read-only bind mount: %s\n", report->c_str());
  EXPECT_EQ(code, 0) << *report;
}

}  // namespace
}  // namespace resonant::storage
