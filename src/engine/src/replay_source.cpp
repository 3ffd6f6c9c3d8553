#include "replay_source.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include <resonant/engine/session_import.hpp>

#include "playback.hpp"

namespace resonant::engine::detail {
namespace {

class ReplaySource final : public drivers::SensorSource {
 public:
  ReplaySource(std::filesystem::path database, double speed, std::int64_t session_id,
               drivers::SensorQueue& queue, std::function<void()> wake)
      : database_(std::move(database)),
        speed_(speed),
        session_id_(session_id),
        publisher_(queue, counters_),
        wake_(std::move(wake)) {}

  ~ReplaySource() override { stop(); }

  void start() override {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
  }

  void stop() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  LinkState state() const override { return state_.load(std::memory_order_relaxed); }
  LinkCounters counters() const override { return counters_.load(); }
  std::string description() const override {
    return std::string(kReplaySourcePrefix) + std::to_string(session_id_) + " (x" + std::to_string(speed_).substr(0, 4) + ")";
  }

 private:
  void link(LinkState s, SteadyClock::time_point at, std::string_view message) {
    state_.store(s, std::memory_order_relaxed);
    drivers::LinkEvent e;
    e.state = s;
    e.t_rx = at;
    e.message.assign(message);
    publisher_.publish(e);
    wake_();
  }

  void run() {
    pthread_setname_np(pthread_self(), "resonant-replay");
    // Read here, not on the engine thread: a long session takes a moment to load.
    link(LinkState::kConnecting, SteadyClock::now(), "reading the stored session");
    try {
      playback_ = playback_of_session(database_, session_id_);
    } catch (const std::exception& e) {
      link(LinkState::kFailed, SteadyClock::now(), std::string("cannot replay: ") + e.what());
      return;
    }
    if (playback_.segments.empty() && playback_.beats.empty()) {
      link(LinkState::kFailed, SteadyClock::now(),
           "session " + std::to_string(session_id_) + " has no samples or beats to replay");
      return;
    }
    const SteadyClock::time_point start = SteadyClock::now();
    link(LinkState::kStreaming, start, "replaying a stored session");
    PlaybackCursor cursor(playback_, speed_);
    drivers::SensorEvent event;
    double t_s = 0.0;
    while (cursor.next(event, t_s)) {
      const SteadyClock::time_point due =
          start + std::chrono::duration_cast<SteadyClock::duration>(
                      std::chrono::duration<double>(t_s / speed_));
      {
        std::unique_lock lock(mutex_);
        if (cv_.wait_until(lock, due, [this] { return stop_; })) return;
      }
      std::visit([due](auto& e) { e.t_rx = due; }, event);
      publisher_.publish(event);
      wake_();
    }
    link(LinkState::kIdle, SteadyClock::now(), "replay finished");
  }

  std::filesystem::path database_;
  Playback playback_;  // replay thread only, loaded when it starts
  double speed_;
  std::int64_t session_id_;
  AtomicLinkCounters counters_;
  drivers::EventPublisher publisher_;
  std::function<void()> wake_;
  std::atomic<LinkState> state_{LinkState::kConnecting};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: started by start()
};

}  // namespace

std::unique_ptr<drivers::SensorSource> make_replay_source(const SourceSpec& spec,
                                                          drivers::SensorQueue& queue,
                                                          std::function<void()> wake,
                                                          std::string& error) {
  error.clear();
  if (spec.database.empty() || spec.session_id <= 0) {
    error = "no stored session named: give its id (resonant-cli sessions lists them)";
    return nullptr;
  }
  const double speed = std::clamp(spec.speed, kMinSimSpeed, kMaxSimSpeed);
  return std::make_unique<ReplaySource>(spec.database, speed, spec.session_id, queue, std::move(wake));
}

}  // namespace resonant::engine::detail
