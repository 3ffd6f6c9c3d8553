#pragma once
// Pipeline: the engine's synchronous core (architecture.md §2 (2)), testable without threads.
// SensorEvents in, in order -> time mapping -> beat detection (ECG preferred, else PPG)
// -> RR (beat_series.hpp) -> artifact correction -> HR, HRV (64 s sliding, 64/120/300 s live
// windows, whole session), coherence, resonance indicators, respiration, pacer adherence,
// signal quality and the feedback gate, arousal (src/live_metrics.hpp) -> EngineEvents out +
// Snapshot fields + SessionSummary.
//
// Series breaks: a sequence gap, a dropped event, a device-time discontinuity or any link
// loss resets the detector and marks the next beat "after gap": no RR is ever computed across
// missing data. A device clock that jumps (a device reset behind an adapter that stayed
// open) is noticed because blocks stop arriving when their mapped time says; the stream is
// then re-anchored instead of running on with a wrong time base.
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include <resonant/common/pacer.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/sensor_event.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/engine/summary.hpp>

namespace resonant::engine {

/// What a recorder needs from the pipeline beyond EngineEvents: every sample on session time
/// and the artifact corrector's decisions. Called on the pipeline's thread, in data order.
class PipelineTap {
 public:
  virtual ~PipelineTap() = default;
  /// Consecutive samples of `channel` (physical units), the first at session time t0_s.
  virtual void on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz, double t0_s,
                          std::span<const float> values) = 0;
  /// Raw intervals the corrector decided (label, corrected NN), 2 beats after they ended.
  virtual void on_decided(std::span<const dsp::DecidedRr> decided) = 0;
};

struct PipelineConfig {
  double hrv_window_s = 64.0;  // [30, 600]: RMSSD/SDNN are shown from 30 s of intervals
};

class Pipeline {
 public:
  using Listener = std::function<void(const EngineEvent&)>;

  Pipeline(PipelineConfig config, Listener listener);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  /// Host time -> session time, used to anchor streams and stamp link events.
  void set_session_clock(const SessionClock& clock);
  /// The clock in use: as set, or re-anchored to the speed a device declared in its HELLO
  /// (a sped-up simulation), so pacer, plots and link events share the data's time base.
  const SessionClock& session_clock() const;

  void push(const drivers::SensorEvent& event);

  /// The source was replaced or closed: end the stream, break the series.
  void end_stream();

  /// The pacer as shown (session time) and whether it runs: resonance indicators use its
  /// cycles when no belt is worn, adherence compares breathing with it, arousal leaves the
  /// paced inputs out. Copies the schedule (call on changes only).
  void set_pacer(const PacerSchedule& schedule, bool enabled);

  /// Receives samples and artifact decisions from now on (nullptr: none). Not owned.
  void set_tap(PipelineTap* tap);

  /// Copies link, beat, HRV and tachogram fields into s (now: for "data flowing").
  void fill(Snapshot& s, SteadyClock::time_point now) const;
  SessionSummary summary() const;

  /// Session time of the newest sample (NaN before data).
  double data_time_s() const;
  /// True if at least one beat arrived since the last call (to publish a Snapshot at once).
  bool take_beat_flag();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::engine
