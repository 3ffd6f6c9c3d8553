#pragma once
// Engine: owns the sensor source (and through it the I/O thread), the engine thread running
// the Pipeline, and the three queues of architecture.md §2:
//   queue A  SensorEvents   source I/O thread -> engine thread
//   queue C  Commands       controller thread (UI or CLI) -> engine thread
//   queue D  EngineEvents   engine thread -> controller thread (every beat / link change)
// plus Latest<Snapshot> for the UI.
//
// Threading contract: one controller thread calls post(), poll_event(), snapshot() and
// shutdown(); data_time_s() and summary() may be called from any thread. The destructor
// shuts down in order: source closed (I/O thread joined), engine thread drained and joined,
// recorder flushed (its thread joined).
#include <memory>
#include <string>

#include <resonant/engine/command.hpp>
#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/engine/summary.hpp>

namespace resonant::engine {

/// Where the session is saved (src/engine/src/session_recorder.hpp). An empty database path
/// records nothing; default_database_path() is the usual choice.
struct RecordingConfig {
  std::string database;     // SQLite file, created with mode 0600 when missing
  std::string client = "me";  // whose session it is; created when missing
  /// Whether data replayed from a stored session (SourceKind::kStoredSession) is recorded
  /// as new: false for reviewing on the dashboard (it is stored already), true for
  /// `resonant-cli session --replay ID --save` (the replay becomes a new session).
  bool record_replays = false;
};

struct EngineConfig {
  double hrv_window_s = 64.0;           // RMSSD/SDNN sliding window, [30, 600] (shown from 30 s)
  double snapshot_interval_s = 0.1;     // host time between periodic Snapshots, [0.01, 1]
  std::size_t sensor_queue_capacity = 8192;
  std::size_t event_queue_capacity = 16384;
  PacerSettings initial_pacer{};
  bool pacer_enabled = true;
  RecordingConfig recording{};
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Queue a command; returns false if the command queue is full (it never blocks).
  bool post(Command command);

  /// The newest Snapshot (wait-free). The reference is valid until the next call.
  const Snapshot& snapshot();

  /// Next beat / link / stream / gap record, in order; false when none is waiting.
  bool poll_event(EngineEvent& out);

  /// Session time of the newest sample received (NaN before any data).
  double data_time_s() const;

  /// Figures of the session so far (whole-session HRV, counters, link history).
  SessionSummary summary() const;

  /// Stops the source and the engine thread; idempotent. Afterwards poll_event() still
  /// returns what was queued, and summary() is final.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::engine
