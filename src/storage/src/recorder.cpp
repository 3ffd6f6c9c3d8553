#include <resonant/storage/recorder.hpp>

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <resonant/common/spsc_queue.hpp>
#include <resonant/storage/session_writer.hpp>

namespace resonant::storage {
namespace {

constexpr std::chrono::milliseconds kMinCommitInterval{10};
constexpr std::chrono::milliseconds kMaxCommitInterval{1000};
// Memory for the rows kept while saving is stopped. The simulated person's session makes
// about 3 kB a second (450 float32 samples across ECG, PPG, belt and EDA, and some 13 rows),
// so this holds some 6 hours of it, or about an hour of a 4-channel 1 kHz device. Beyond it
// rows are counted as not saved, except the session's own start, progress and end rows.
constexpr std::size_t kMaxBacklogBytes = std::size_t{64} << 20;
constexpr const char* kRetryPromise =
    "saving is tried again every few seconds, and what was not saved waits in memory until "
    "it works";

/// Memory a row holds (its sample values dominate).
std::size_t row_bytes(const Row& row) {
  const auto* chunk = std::get_if<SampleChunkRow>(&row);
  return sizeof(Row) + (chunk != nullptr ? chunk->values.size() * sizeof(float) : 0);
}

/// The session's own rows: without them a stored session has no start or no end.
bool is_session_row(const Row& row) {
  return std::holds_alternative<BeginSessionRow>(row) ||
         std::holds_alternative<ProgressRow>(row) || std::holds_alternative<EndSessionRow>(row);
}

/// Errors that may pass (a lock released, space freed, a disk remounted): worth retrying.
/// Others (not a database, a newer schema, a broken row) would fail the same way forever.
bool may_pass(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kLocked:
    case StoreErrorKind::kDiskFull:
    case StoreErrorKind::kReadOnly:
    case StoreErrorKind::kCantOpen:
    case StoreErrorKind::kIo: return true;
    default: return false;
  }
}
constexpr std::chrono::milliseconds kMinRetryInterval{10};
constexpr std::chrono::milliseconds kMaxRetryInterval{60'000};

}  // namespace

std::string_view to_string(RecorderState state) {
  switch (state) {
    case RecorderState::kOpening: return "opening";
    case RecorderState::kSaving: return "saving";
    case RecorderState::kFailed: return "failed";
    case RecorderState::kFinished: return "finished";
  }
  return "failed";
}

struct Recorder::Impl {
  explicit Impl(RecorderConfig c)
      : config(std::move(c)),
        interval(std::clamp(config.commit_interval, kMinCommitInterval, kMaxCommitInterval)),
        retry_interval(std::clamp(config.retry_interval, kMinRetryInterval, kMaxRetryInterval)),
        queue(config.queue_capacity) {
    thread = std::thread([this] { run(); });
  }

  // ---- recorder thread --------------------------------------------------------------
  void run() {
    pthread_setname_np(pthread_self(), "resonant-rec");
    open_writer(true);
    auto last_commit = std::chrono::steady_clock::now();
    for (;;) {
      bool stopping = false;
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, interval, [this] { return stop || sync_requested; });
        sync_requested = false;
        stopping = stop;  // read before draining: every row pushed before finish() is queued
      }
      batch.clear();
      queue.drain([this](Row& r) { batch.push_back(std::move(r)); });
      const auto now = std::chrono::steady_clock::now();
      if (failed()) {
        keep_for_retry();
        // The last chance comes at the end too: space may have been freed since the last try.
        if (stopping || now >= next_retry) {
          next_retry = now + retry_interval;
          retry();
        }
      } else if (!batch.empty() || now - last_commit >= kHeartbeatInterval) {
        write_batch();
        last_commit = now;
      }
      saved.notify_all();
      if (stopping) break;
    }
    if (failed()) {
      count_not_saved(backlog.size());  // the session ends before the database came back
      backlog.clear();
      backlog_bytes = 0;
      if (writer) writer->mark_partial();
    } else {
      set_state(RecorderState::kFinished);
    }
    saved.notify_all();
  }

  /// at_start: the first open, which says "saving" at once; a retry's open says so only once
  /// the waiting rows are in.
  void open_writer(bool at_start) {
    try {
      writer.emplace(Database::open(config.database, config.open));
      std::lock_guard lock(status_mutex);
      if (at_start) status.state = RecorderState::kSaving;
      status.recovered = writer->database().recovered_on_open();
    } catch (const StoreError& e) {
      fail(e);
    }
  }

  /// Writes rows as one transaction; the error (all rolled back, nothing half-written) if not.
  std::optional<StoreError> commit_rows(const std::vector<Row>& rows) {
    try {
      writer->begin();
      for (const Row& r : rows) writer->write(r);
      writer->commit();
      std::lock_guard lock(status_mutex);
      status.rows_saved += rows.size();
      ++status.commits;
      status.session_id = writer->session_id();
      return std::nullopt;
    } catch (const StoreError& e) {
      writer->rollback();  // only these rows: everything committed before stays as it was
      return e;
    }
  }

  void write_batch() {
    // A heartbeat with no session yet has nothing to refresh.
    if (batch.empty() && writer->session_id() == 0) return;
    if (const auto error = commit_rows(batch)) {
      fail(*error);
      keep_for_retry();
    }
  }

  /// While saving is stopped by an error that may pass, rows wait in memory (up to
  /// kMaxBacklogBytes; later ones are counted as not saved, except the session's own) for the
  /// next try. After an error that cannot pass they are counted as not saved at once.
  void keep_for_retry() {
    for (Row& r : batch) {
      const std::size_t bytes = row_bytes(r);
      if (retrying && (backlog_bytes + bytes <= kMaxBacklogBytes || is_session_row(r))) {
        backlog_bytes += bytes;
        backlog.push_back(std::move(r));
      } else {
        count_not_saved(1);
      }
    }
    batch.clear();
  }

  void retry() {
    if (!retrying) return;
    if (!writer) {
      open_writer(false);
      if (!writer) return;
    }
    if (const auto error = commit_rows(backlog)) {
      fail(*error);  // the newest reason (a lock may have become a full disk)
      return;
    }
    const bool caught_up = !backlog.empty();
    backlog.clear();
    backlog_bytes = 0;
    std::lock_guard lock(status_mutex);
    status.state = RecorderState::kSaving;
    status.message.clear();
    if (caught_up) ++status.resumed;
  }

  bool failed() const {
    std::lock_guard lock(status_mutex);
    return status.state == RecorderState::kFailed;
  }

  void fail(const StoreError& error) {
    retrying = may_pass(error.kind());
    next_retry = std::chrono::steady_clock::now() + retry_interval;
    std::lock_guard lock(status_mutex);
    status.state = RecorderState::kFailed;
    status.message = "not being saved: " + std::string(error.what()) + " \xE2\x80\x94 " +
                     (retrying ? std::string("the session goes on; ") + kRetryPromise
                               : std::string("the session goes on, but is not saved"));
  }

  void set_state(RecorderState s) {
    std::lock_guard lock(status_mutex);
    status.state = s;
  }

  void count_not_saved(std::size_t n) {
    std::lock_guard lock(status_mutex);
    status.rows_not_saved += n;
  }

  RecorderConfig config;
  std::chrono::milliseconds interval;
  std::chrono::milliseconds retry_interval;
  SpscQueue<Row> queue;
  std::mutex mutex;  // guards stop (with wake)
  std::condition_variable wake;
  bool stop = false;
  bool sync_requested = false;
  std::condition_variable saved;  // with status_mutex: a batch was written (or not saved)
  std::uint64_t pushed = 0;       // producer thread only
  mutable std::mutex status_mutex;
  RecorderStatus status;
  // Recorder-thread state
  std::optional<SessionWriter> writer;
  std::vector<Row> batch;
  std::vector<Row> backlog;  // not saved yet while saving is stopped, oldest first
  std::size_t backlog_bytes = 0;
  bool retrying = false;     // saving stopped by an error that may pass (may_pass)
  std::chrono::steady_clock::time_point next_retry{};
  std::thread thread;  // last: starts after everything above is constructed
};

Recorder::Recorder(RecorderConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Recorder::~Recorder() { finish(); }

bool Recorder::push(Row row) {
  if (impl_->queue.try_push(std::move(row))) {
    ++impl_->pushed;
    return true;
  }
  std::lock_guard lock(impl_->status_mutex);
  impl_->status.rows_dropped = impl_->queue.dropped();
  return false;
}

void Recorder::sync() {
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->sync_requested = true;
  }
  impl_->wake.notify_one();
  std::unique_lock lock(impl_->status_mutex);
  impl_->saved.wait(lock, [this] {
    const RecorderStatus& s = impl_->status;
    return s.state == RecorderState::kFailed || s.rows_saved + s.rows_not_saved >= impl_->pushed;
  });
}

void Recorder::finish() {
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->wake.notify_one();
  impl_->thread.join();
}

RecorderStatus Recorder::status() const {
  std::lock_guard lock(impl_->status_mutex);
  return impl_->status;
}

const std::filesystem::path& Recorder::database() const { return impl_->config.database; }

}  // namespace resonant::storage
