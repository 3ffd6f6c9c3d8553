#include <resonant/storage/recorder.hpp>

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
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
        queue(config.queue_capacity) {
    thread = std::thread([this] { run(); });
  }

  // ---- recorder thread --------------------------------------------------------------
  void run() {
    pthread_setname_np(pthread_self(), "resonant-rec");
    try {
      writer.emplace(Database::open(config.database, config.open));
      set_state(RecorderState::kSaving);
    } catch (const StoreError& e) {
      fail(e.what());
    }
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
      const bool heartbeat_due = now - last_commit >= kHeartbeatInterval;
      if (!batch.empty() || heartbeat_due) {
        write_batch();
        last_commit = now;
      }
      saved.notify_all();
      if (stopping) break;
    }
    if (failed()) {
      if (writer) writer->mark_partial();
    } else {
      set_state(RecorderState::kFinished);
    }
  }

  void write_batch() {
    if (failed() || !writer) {
      count_not_saved(batch.size());
      return;
    }
    // A heartbeat with no session yet has nothing to refresh.
    if (batch.empty() && writer->session_id() == 0) return;
    try {
      writer->begin();
      for (const Row& r : batch) writer->write(r);
      writer->commit();
      std::lock_guard lock(status_mutex);
      status.rows_saved += batch.size();
      ++status.commits;
      status.session_id = writer->session_id();
    } catch (const StoreError& e) {
      writer->rollback();  // only this batch: everything committed before stays as it was
      count_not_saved(batch.size());
      fail(e.what());
    }
  }

  bool failed() const {
    std::lock_guard lock(status_mutex);
    return status.state == RecorderState::kFailed;
  }

  void fail(const std::string& why) {
    std::lock_guard lock(status_mutex);
    status.state = RecorderState::kFailed;
    status.message = "not being saved: " + why + " \xE2\x80\x94 the session goes on in memory";
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
