// A real full disk: a 256 kB tmpfs mounted in a private mount namespace of a child process
// (needs CAP_SYS_ADMIN, e.g. root; skipped with a message otherwise). The recorder must stop
// saving with the "disk is full" message, and what it committed must stay intact.
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

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

TEST(DiskFull, ARealFullDiskStopsSavingWithAClearMessageAndKeepsTheCommittedData) {
  testing::TempDir dir;
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mount("tmpfs", dir.path().c_str(), "tmpfs", 0, kTmpfsOptions) != 0) {
      _exit(kCannotMount);
    }
    std::string message;
    const std::string problem = fill_the_disk(dir.path(), message);
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
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == kCannotMount) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs CAP_SYS_ADMIN); the file size "
                    "limit test covers the same path";
  }
  std::printf("tmpfs %s: %s\n", kTmpfsOptions, report.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 0) << report;
}

}  // namespace
}  // namespace resonant::storage
