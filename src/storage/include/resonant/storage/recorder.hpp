#pragma once
// Recorder: writes a live session into the database on its own thread, so the engine thread
// never waits for the disk.
//
// The engine thread push()es rows (rows.hpp) into a bounded queue; push never blocks: when
// the queue is full the row is refused and counted (rows_dropped), and the session is then
// saved with that hole. The recorder thread wakes every commit_interval, writes everything
// queued as one transaction and commits, so a crash loses at most the last commit interval
// plus what the engine had not yet handed over (under a second in all).
//
// Failures: any database error (disk full, read-only, locked past the busy timeout, I/O)
// rolls back the uncommitted batch only, so what was committed stays intact, and stops
// saving: state kFailed with one message saying why and what to do. When the error may pass
// (locked, disk full or size limit, read-only, cannot open, I/O), the rows not saved wait in
// memory (up to 64 MB, some 6 hours of the simulated person; beyond it rows are counted as not
// saved, but never the session's start, progress and end rows) and every retry_interval all
// of them are tried again as one transaction; when that works (the lock was released, space
// was freed) the state is kSaving again and `resumed` counts it (rows_not_saved says whether
// any were lost meanwhile). Other errors (not a database, a newer schema) stop saving for the
// rest of the session. If the session ends while saving is stopped, after one last try, the
// waiting rows are counted as not saved and the session is marked "partial" if the database
// still accepts that; otherwise the next open marks it "recovered".
//
// Threading contract: one producer thread calls push() and finish(); status() may be called
// from any thread; the recorder thread is owned and joined by this object (destructor =
// finish()).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <resonant/storage/database.hpp>
#include <resonant/storage/rows.hpp>

namespace resonant::storage {

enum class RecorderState : std::uint8_t {
  kOpening,   // the thread is opening the database
  kSaving,    // rows are being committed
  kFailed,    // saving stopped (message says why); retried, the rows wait in memory
  kFinished,  // finish() wrote and committed everything
};
std::string_view to_string(RecorderState state);

struct RecorderConfig {
  std::filesystem::path database;
  OpenOptions open{};
  std::size_t queue_capacity = 32768;                  // rows; rounded up to a power of two
  std::chrono::milliseconds commit_interval{250};      // [10, 1000]
  std::chrono::milliseconds retry_interval{5000};      // [10, 60000]: after saving stopped
};

struct RecorderStatus {
  RecorderState state = RecorderState::kOpening;
  std::int64_t session_id = 0;       // 0 until the session row is committed
  std::string message;               // why saving stopped (kFailed), else empty
  std::uint64_t rows_saved = 0;      // committed
  std::uint64_t rows_dropped = 0;    // refused by the full queue
  std::uint64_t rows_not_saved = 0;  // lost: past the backlog's cap, or saving never came back
  std::uint64_t commits = 0;
  std::uint32_t resumed = 0;         // times saving stopped, then caught up on a retry
  // Sessions that opening the database found interrupted (an earlier run stopped while
  // recording) and marked recovered: worth telling the person once.
  std::vector<std::int64_t> recovered;
};

class Recorder {
 public:
  explicit Recorder(RecorderConfig config);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  /// Producer thread. Never blocks; false (counted) when the queue is full.
  bool push(Row row);
  /// Producer thread: commits everything pushed so far now and waits until it is committed
  /// (or saving failed). For a producer faster than the disk (an import at full speed), so
  /// the queue never overflows.
  void sync();
  /// Producer thread: writes and commits everything pushed so far, stops the thread.
  /// Idempotent.
  void finish();
  /// Any thread.
  RecorderStatus status() const;
  const std::filesystem::path& database() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::storage
