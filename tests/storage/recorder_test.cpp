// The Recorder: batches committed while the session runs, a full queue counted (never
// blocking), crash recovery, and the failures that stop saving without damaging what is
// stored (disk full, read-only, locked), then saving catching up when they pass.
#include <resonant/storage/recorder.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/storage/database.hpp>
#include <resonant/storage/session_writer.hpp>

#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::storage {
namespace {

using test::RawDb;
using testing::TempDir;

RecorderConfig fast_config(const std::filesystem::path& db) {
  RecorderConfig c;
  c.database = db;
  c.commit_interval = std::chrono::milliseconds(10);
  c.retry_interval = std::chrono::milliseconds(20);
  return c;
}

void push_all(Recorder& r, std::vector<Row> rows) {
  for (Row& row : rows) ASSERT_TRUE(r.push(std::move(row)));
}

TEST(Recorder, SavesEverythingPushedAndCompletesTheSession) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  {
    Recorder r(fast_config(path));
    ASSERT_TRUE(r.push(test::begin_row("ann")));
    push_all(r, test::beat_rows(0, 20));
    ASSERT_TRUE(r.push(BeatLabelRow{800'000 * 2, FixedText<15>("ectopic")}));
    ASSERT_TRUE(r.push(NnRow{800'000 * 2, 790.0, false}));
    ASSERT_TRUE(r.push(MarkerRow{1'000'000, FixedText<15>("mark"), "breathing felt easy"}));
    ASSERT_TRUE(r.push(PacerRow{0, true, 5.5, 0.4, 0.0, 0.0}));
    ASSERT_TRUE(r.push(EndSessionRow{ProgressRow{16'000'000, 20, 75.0, 31.0, 42.0}, unix_now_us()}));
    r.finish();
    const RecorderStatus st = r.status();
    EXPECT_EQ(st.state, RecorderState::kFinished) << st.message;
    EXPECT_EQ(st.rows_saved, 1u + 20u * 4u + 5u);
    EXPECT_EQ(st.rows_dropped, 0u);
    EXPECT_EQ(st.rows_not_saved, 0u);
    EXPECT_GT(st.session_id, 0);
  }
  Database db = Database::open(path);
  const auto s = db.sessions("ann");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].status, SessionStatus::kComplete);
  EXPECT_EQ(s[0].beats, 20);
  EXPECT_DOUBLE_EQ(s[0].rmssd_ms, 31.0);
  RawDb raw(path);
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats"), 20.0);
  EXPECT_EQ(raw.text("SELECT label FROM beats WHERE t_us = 1600000"), "ectopic");
  EXPECT_EQ(raw.scalar("SELECT nn_ms FROM nn_intervals"), 790.0);
  EXPECT_EQ(raw.text("SELECT text FROM markers"), "breathing felt easy");
  EXPECT_EQ(raw.scalar("SELECT rate_bpm FROM pacer"), 5.5);
  EXPECT_EQ(raw.scalar("SELECT SUM(count) FROM samples"), 20.0 * 200.0);
  // One chunk read back exactly.
  raw.rows("SELECT data, count FROM samples WHERE t_first_us = 800000", [](sqlite3_stmt* st) {
    const auto values = decode_samples(sqlite3_column_blob(st, 0),
                                       static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
    ASSERT_EQ(values.size(), 200u);
    EXPECT_EQ(values[0], 1.0f);
    EXPECT_EQ(values[199], 1.0f + 0.001f * 199.0f);
  });
}

TEST(Recorder, CommitsWhileTheSessionRuns) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  Recorder r(fast_config(path));
  ASSERT_TRUE(r.push(test::begin_row()));
  push_all(r, test::beat_rows(0, 5));
  ASSERT_TRUE(test::wait_until([&] { return r.status().rows_saved == 21u; })) << r.status().rows_saved;
  // Another connection sees the committed rows and the session "recording" while it runs.
  Database other = Database::open(path);
  ASSERT_EQ(other.sessions().size(), 1u);
  EXPECT_EQ(other.sessions()[0].status, SessionStatus::kRecording) << "a live writer is not 'recovered'";
  EXPECT_EQ(other.sessions()[0].beats, 5);
}

TEST(Recorder, AFullQueueRefusesRowsWithoutBlockingAndCountsThem) {
  TempDir dir;
  RecorderConfig c;
  c.database = dir.path() / "r.db";
  c.queue_capacity = 4;
  c.commit_interval = std::chrono::milliseconds(1000);
  Recorder r(c);
  int accepted = 0;
  int refused = 0;
  for (Row& row : test::beat_rows(0, 50)) (r.push(std::move(row)) ? accepted : refused) += 1;
  EXPECT_GT(refused, 0);
  r.finish();
  const RecorderStatus st = r.status();
  EXPECT_EQ(st.rows_dropped, static_cast<std::uint64_t>(refused));
  // Without a BeginSessionRow (refused or never sent) nothing may be written out of order.
  EXPECT_EQ(st.rows_saved + st.rows_not_saved, static_cast<std::uint64_t>(accepted));
}

/// A child that writes a session (7 beats committed, 3 not) and exits without ending it, as
/// kill -9 would; not waited for.
pid_t fork_writer_that_dies(const std::filesystem::path& path) {
  const pid_t child = fork();
  if (child == 0) {
    int code = 0;
    try {
      SessionWriter w(Database::open(path));
      w.begin();
      w.write(test::begin_row());
      for (const Row& row : test::beat_rows(0, 7)) w.write(row);
      w.commit();
      w.begin();
      for (const Row& row : test::beat_rows(7, 3)) w.write(row);  // never committed
    } catch (...) {
      code = 1;
    }
    _exit(code);  // no destructors, no end of session: as if killed
  }
  return child;
}

// A writer killed without ending its session (as kill -9 would) leaves it "recording"; the
// next open marks it recovered, complete up to its last commit.
TEST(Recorder, ASessionWhoseWriterDiedIsRecoveredOnTheNextOpen) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  const pid_t child = fork_writer_that_dies(path);
  ASSERT_GE(child, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  Database db = Database::open(path);
  ASSERT_EQ(db.recovered_on_open().size(), 1u);
  const auto s = db.sessions();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].status, SessionStatus::kRecovered);
  EXPECT_EQ(s[0].beats, 7);
  EXPECT_NEAR(s[0].duration_s, 5.6, 1e-6);  // 0 s to the 7th beat at 5.6 s
  RawDb raw(path);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats"), 7.0);
  // Opening again recovers nothing more.
  EXPECT_TRUE(Database::open(path).recovered_on_open().empty());
}

// A writer that has ended but is not yet reaped (a zombie: its parent has not waited, or a
// container's first process never reaps) answers kill(pid, 0) as if alive; it writes nothing,
// so its session is recovered at once, not after the 60 s stale-heartbeat rule.
TEST(Recorder, ASessionWhoseWriterIsAZombieIsRecovered) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  const pid_t child = fork_writer_that_dies(path);
  ASSERT_GE(child, 0);
  siginfo_t info{};
  // Waits for the exit but leaves the child unreaped.
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  ASSERT_EQ(kill(child, 0), 0) << "a zombie still answers kill(pid, 0)";
  {
    Database db = Database::open(path);
    EXPECT_EQ(db.recovered_on_open().size(), 1u);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/// Runs with RLIMIT_FSIZE lowered and SIGXFSZ ignored (writes past the limit fail with EFBIG
/// like a full disk), restoring both on destruction.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit lim = old_;
    lim.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &lim);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_{};
  sighandler_t old_handler_ = nullptr;
};

/// A recorder that committed a first batch of `beats` beats.
void start_with_committed_beats(Recorder& r, int beats) {
  ASSERT_TRUE(r.push(test::begin_row()));
  push_all(r, test::beat_rows(0, beats));
  ASSERT_TRUE(test::wait_until([&] { return r.status().rows_saved == 1u + 4u * beats; }))
      << r.status().message;
}

void expect_committed_beats_intact(const std::filesystem::path& path, int beats) {
  RawDb raw(path, SQLITE_OPEN_READONLY);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats"), static_cast<double>(beats));
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM samples"), static_cast<double>(beats));
}

/// The larger of the database file and its WAL, in bytes: the base for a file size limit.
std::uintmax_t largest_file_bytes(const std::filesystem::path& path) {
  std::uintmax_t used = 0;
  for (const char* suffix : {"", "-wal"}) {
    used = std::max(used, std::filesystem::file_size(path.string() + suffix));
  }
  return used;
}

/// One batch of 500 000 ECG samples (2 MB as float32) at 9 s.
SampleChunkRow two_megabytes_of_samples() {
  SampleChunkRow big;
  big.kind = ChannelKind::kEcg;
  big.rate_hz = 250.0;
  big.t_first_us = 9'000'000;
  big.values.assign(500'000, 0.5f);
  return big;
}

TEST(Recorder, DiskFullStopsSavingRollsBackOnlyTheBatchAndKeepsWhatWasStored) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  Recorder r(fast_config(path));
  start_with_committed_beats(r, 10);
  const std::uintmax_t used = largest_file_bytes(path);
  constexpr rlim_t kRoomBytes = 64 * 1024;
  {
    FileSizeLimit limit(static_cast<rlim_t>(used) + kRoomBytes);
    ASSERT_TRUE(r.push(two_megabytes_of_samples()));  // more than the room left
    push_all(r, test::beat_rows(10, 5));
    ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kFailed; }));
    ASSERT_TRUE(r.push(BeatRow{99'000'000, 800.0, ChannelKind::kEcg, 0}));  // still never blocks
    r.finish();
  }
  const RecorderStatus st = r.status();
  std::printf("disk full: %s\n", st.message.c_str());
  EXPECT_NE(st.message.find("not being saved"), std::string::npos) << st.message;
  EXPECT_NE(st.message.find(path.string()), std::string::npos) << st.message;
  EXPECT_NE(st.message.find("the session goes on; saving is tried again"), std::string::npos)
      << st.message;
  EXPECT_TRUE(st.message.find("disk is full") != std::string::npos ||
              st.message.find("file size limit") != std::string::npos)
      << st.message;
  EXPECT_EQ(st.rows_saved, 41u);
  EXPECT_EQ(st.rows_not_saved, 1u + 20u + 1u);  // the failed batch and the row after it
  expect_committed_beats_intact(path, 10);
}

TEST(Recorder, AReadOnlyDatabaseIsReportedAndNothingIsChanged) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  {
    Recorder first(fast_config(path));
    start_with_committed_beats(first, 4);
  }
  // As a file on a read-only mount or without write permission opens (root ignores modes).
  RecorderConfig c = fast_config(path);
  c.open.read_only = true;
  Recorder r(c);
  ASSERT_TRUE(r.push(test::begin_row()));
  push_all(r, test::beat_rows(0, 3));
  ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kFailed; }));
  r.finish();
  const RecorderStatus st = r.status();
  EXPECT_NE(st.message.find("read-only"), std::string::npos) << st.message;
  EXPECT_NE(st.message.find("--db"), std::string::npos) << st.message;
  EXPECT_EQ(st.rows_saved, 0u);
  expect_committed_beats_intact(path, 4);
}

// Another program holds the write lock for a while: saving stops with a message, the rows wait
// in memory, and once the lock is gone a retry saves all of them: nothing is missing.
TEST(Recorder, ADatabaseLockedForAWhileIsReportedThenCaughtUpWithNothingMissing) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  RecorderConfig c = fast_config(path);
  c.open.busy_timeout_ms = 50;
  Recorder r(c);
  start_with_committed_beats(r, 6);
  {
    RawDb other(path);
    ASSERT_EQ(other.exec("BEGIN EXCLUSIVE"), SQLITE_OK) << other.last_error();
    push_all(r, test::beat_rows(6, 2));
    ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kFailed; }));
    const RecorderStatus failed = r.status();
    EXPECT_NE(failed.message.find("locked by another program"), std::string::npos)
        << failed.message;
    push_all(r, test::beat_rows(8, 3));  // arrive while the lock is held: they wait too
    other.exec("ROLLBACK");
  }
  ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kSaving; }))
      << r.status().message;
  push_all(r, test::beat_rows(11, 1));
  ASSERT_TRUE(r.push(EndSessionRow{ProgressRow{12'000'000, 12, 75.0, 31.0, 42.0}, unix_now_us()}));
  r.finish();
  const RecorderStatus st = r.status();
  EXPECT_EQ(st.state, RecorderState::kFinished);
  EXPECT_EQ(st.resumed, 1u);
  EXPECT_TRUE(st.message.empty()) << st.message;
  EXPECT_EQ(st.rows_not_saved, 0u);
  expect_committed_beats_intact(path, 12);
  Database db = Database::open(path);
  EXPECT_EQ(db.sessions().at(0).status, SessionStatus::kComplete);
}

// An error that cannot pass (here a database from a newer Resonant) is not retried, and the
// message does not promise that saving will come back.
TEST(Recorder, AnErrorThatCannotPassIsNotRetriedNorPromised) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  {
    RawDb newer(path);
    ASSERT_EQ(newer.exec("PRAGMA user_version = 9999"), SQLITE_OK) << newer.last_error();
  }
  Recorder r(fast_config(path));
  ASSERT_TRUE(r.push(test::begin_row()));
  push_all(r, test::beat_rows(0, 3));
  ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kFailed; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // ten retry intervals
  r.finish();
  const RecorderStatus st = r.status();
  EXPECT_NE(st.message.find("the session goes on, but is not saved"), std::string::npos)
      << st.message;
  EXPECT_EQ(st.message.find("tried again"), std::string::npos) << st.message;
  EXPECT_EQ(st.rows_saved, 0u);
  EXPECT_EQ(st.rows_not_saved, 1u + 4u * 3u);
  EXPECT_EQ(st.resumed, 0u);
}

// Space freed while saving is stopped (here: the file size limit lifted): the next retry
// saves the batch that failed and everything after it.
TEST(Recorder, AfterADiskFullSavingResumesOnceThereIsRoomAndLosesNothing) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  Recorder r(fast_config(path));
  start_with_committed_beats(r, 10);
  const std::uintmax_t used = largest_file_bytes(path);
  {
    FileSizeLimit limit(static_cast<rlim_t>(used) + 64 * 1024);
    ASSERT_TRUE(r.push(two_megabytes_of_samples()));  // more than the room left
    push_all(r, test::beat_rows(10, 5));
    ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kFailed; }));
  }
  ASSERT_TRUE(test::wait_until([&] { return r.status().state == RecorderState::kSaving; }))
      << r.status().message;
  r.finish();
  const RecorderStatus st = r.status();
  EXPECT_EQ(st.resumed, 1u);
  EXPECT_EQ(st.rows_not_saved, 0u);
  RawDb raw(path, SQLITE_OPEN_READONLY);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats"), 15.0);
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM samples"), 16.0);  // a chunk per beat + the big one
}

}  // namespace
}  // namespace resonant::storage
