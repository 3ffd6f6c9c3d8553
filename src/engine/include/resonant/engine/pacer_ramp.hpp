#pragma once
// The adaptive pacer ramp: start where the person breathes now and slow the pacer by small
// steps toward a target rate, only while they keep up.
//
// Pure and synchronous (no clock, no threads): the engine calls update() with the pacer's
// breath count and the live adherence figures; tests drive it with synthetic adherence.
// The ramp only decides the rate; the engine applies it with PacerSchedule::set(), which
// keeps the breath's phase continuous.
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <cstdint>

namespace resonant::engine {

struct PacerRampConfig {
  double target_bpm = 6.0;            // where to end, [3, 10] (rounded to 0.1)
  double step_bpm = 0.2;              // slow by this much per step, [0.1, 0.5]
  int breaths_per_step = 4;           // good breaths in a row before each step, [1, 20]
  double max_rate_error_bpm = 0.5;    // keeping up: |measured - pacer rate| below this, (0, 2]
};

/// One breath's view of the adherence (engine LiveFigures: AdherenceFigures).
struct RampAdherence {
  bool keeping_up = false;     // the engine's hysteresis decision
  double rate_error_bpm = 0.0; // median measured - target (breaths/min); NaN = unknown
};

class PacerRamp {
 public:
  /// Starts at the measured breathing rate (clamped to [3, 10], rounded to 0.1); a missing
  /// (NaN) measurement starts at fallback_bpm. A start already at or below the target
  /// starts at the target: the ramp only ever slows.
  PacerRamp(const PacerRampConfig& config, double measured_rate_bpm, double fallback_bpm);

  /// Call as often as convenient with the pacer's whole-breath count; counts each new breath
  /// as good or not and returns the rate the pacer should have from now on. A breath that
  /// was not good starts the count again (the rate holds).
  double update(std::int64_t breath_index, const RampAdherence& adherence);

  double rate_bpm() const { return rate_bpm_; }
  double target_bpm() const { return config_.target_bpm; }
  bool reached() const { return rate_bpm_ <= config_.target_bpm + kRateEpsilon; }
  int good_breaths() const { return good_breaths_; }

 private:
  static constexpr double kRateEpsilon = 1e-9;
  PacerRampConfig config_;
  double rate_bpm_;
  std::int64_t last_breath_index_ = -1;  // -1: no breath seen yet
  int good_breaths_ = 0;
};

}  // namespace resonant::engine
