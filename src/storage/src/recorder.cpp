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
// Rows kept in memory while saving is stopped: a live session makes about 13 rows a second
// (measured: a chunk of samples per channel and second, a beat and its interval, metrics),
// so this is over 2 hours, some 20 MB.
constexpr std::size_t kMaxBacklogRows = std::size_t{1} << 17;
constexpr const char* kRetryPromise =
    "saving is tried again every few seconds, and what was not saved waits in memory until "
    "it works";
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
    open_writer();
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
      if (writer) writer->mark_partial();
    } else {
      set_state(RecorderState::kFinished);
    }
    saved.notify_all();
  }

  void open_writer() {
    try {
      writer.emplace(Database::open(config.database, config.open));
      std::lock_guard lock(status_mutex);
      status.state = RecorderState::kSaving;
      status.recovered = writer->database().recovered_on_open();
    } catch (const StoreError& e) {
      fail(e.what());
      next_retry = std::chrono::steady_clock::now() + retry_interval;
    }
  }

  /// Writes rows as one transaction; false (rolled back, nothing half-written) on an error.
  bool commit_rows(const std::vector<Row>& rows, std::string& error) {
    try {
      writer->begin();
      for (const Row& r : rows) writer->write(r);
      writer->commit();
      std::lock_guard lock(status_mutex);
      status.rows_saved += rows.size();
      ++status.commits;
      status.session_id = writer->session_id();
      return true;
    } catch (const StoreError& e) {
      writer->rollback();  // only these rows: everything committed before stays as it was
      error = e.what();
      return false;
    }
  }

  void write_batch() {
    // A heartbeat with no session yet has nothing to refresh.
    if (batch.empty() && writer->session_id() == 0) return;
    std::string error;
    if (commit_rows(batch, error)) return;
    fail(error);
    next_retry = std::chrono::steady_clock::now() + retry_interval;
    keep_for_retry();
  }

  /// While saving is stopped, rows wait in memory (up to kMaxBacklogRows, about an hour of a
  /// session; later ones are counted as not saved) for the next try.
  void keep_for_retry() {
    const std::size_t room = kMaxBacklogRows - std::min(kMaxBacklogRows, backlog.size());
    const std::size_t kept = std::min(room, batch.size());
    std::move(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(kept),
              std::back_inserter(backlog));
    count_not_saved(batch.size() - kept);
    batch.clear();
  }

  void retry() {
    if (!writer) {
      open_writer();
      if (!writer) return;
      set_state(RecorderState::kFailed);  // saving again only once the rows are in
    }
    std::string error;
    if (!commit_rows(backlog, error)) {
      fail(error);  // the newest reason (a lock may have become a full disk)
      return;
    }
    backlog.clear();
    std::lock_guard lock(status_mutex);
    status.state = RecorderState::kSaving;
    status.message.clear();
    ++status.resumed;
  }

  bool failed() const {
    std::lock_guard lock(status_mutex);
    return status.state == RecorderState::kFailed;
  }

  void fail(const std::string& why) {
    std::lock_guard lock(status_mutex);
    status.state = RecorderState::kFailed;
    status.message = "not being saved: " + why + " \xE2\x80\x94 the session goes on; " +
                     kRetryPromise;
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
