#pragma once
// The breathing pacer as a pure function of a schedule and session time.
//
// The UI draws it, the engine scores adherence with it and the simulated person follows it:
// all three call pacer_state() on the same schedule, so they cannot drift apart.
//
// A breath cycle has four parts, in order: inhale, hold after inhale, exhale, hold after
// exhale. The cycle phase (0..1) advances uniformly at rate_bpm/60 per second. Lung volume
// (0 = empty, 1 = full) eases with a raised cosine inside inhale and exhale, so the turn
// points have zero velocity (no sudden motion on screen).
//
// Continuity: PacerSchedule::set() starts a new segment in which the current part and the
// progress through it are kept; the volume is therefore continuous whatever changes
// (rate, ratio, holds). Only its speed changes.
#include <cstdint>
#include <string_view>
#include <vector>

namespace resonant {

inline constexpr double kPacerMinRateBpm = 3.0;
inline constexpr double kPacerMaxRateBpm = 10.0;
/// The step a person's +/- and a ramp move the rate by.
inline constexpr double kPacerRateStepBpm = 0.1;
/// The rate's own resolution: fine enough that a preset given in seconds keeps them (4-7-8 is
/// 60 / 19 s = 3.158 /min; on the 0.1 step grid it would pace 3.9 / 6.9 / 7.9 s, on this one
/// 4.00 / 7.00 / 8.00 s to the nearest hundredth).
inline constexpr double kPacerRateResolutionBpm = 0.01;
inline constexpr double kPacerMinInhaleFraction = 0.2;
inline constexpr double kPacerMaxInhaleFraction = 0.8;
inline constexpr double kPacerMaxHoldS = 10.0;
/// Holds may take at most this share of a cycle: breathing itself needs the rest.
inline constexpr double kPacerMaxHoldShareOfCycle = 0.5;

struct PacerSettings {
  double rate_bpm = 6.0;            // breaths per minute, [3, 10], 0.01 resolution
  double inhale_fraction = 0.4;     // inhale share of (inhale + exhale), [0.2, 0.8]; 0.4 = 40:60
  double hold_after_inhale_s = 0.0; // [0, 10]
  double hold_after_exhale_s = 0.0; // [0, 10]

  bool operator==(const PacerSettings&) const = default;
};

/// Decimals to show a rate with: 1 on the step grid (6.0), 2 between its steps (4-7-8's 3.16).
inline int rate_decimals(double rate_bpm) {
  const double steps = rate_bpm / kPacerRateStepBpm;
  const double off_grid = steps - static_cast<double>(static_cast<long long>(steps + 0.5));
  return off_grid > 1e-6 || off_grid < -1e-6 ? 2 : 1;
}

/// Returns settings inside their valid ranges (rate rounded to 0.01 breaths/min; holds
/// shortened proportionally when they would take more than half the cycle).
PacerSettings clamped(PacerSettings settings);

enum class BreathPart : std::uint8_t { kInhale, kHoldIn, kExhale, kHoldOut };
std::string_view to_string(BreathPart part);

struct PacerState {
  std::int64_t breath_index = 0;  // whole cycles since the schedule began
  double cycle_phase = 0.0;       // [0, 1)
  BreathPart part = BreathPart::kInhale;
  double part_progress = 0.0;     // [0, 1) through the current part
  double volume = 0.0;            // [0, 1] target lung volume
  double rate_bpm = 0.0;
  double cycle_s = 0.0;           // seconds per breath at this rate
};

/// One stretch of constant settings. start_cycles = breath index + cycle phase at t_start_s.
struct PacerSegment {
  double t_start_s = 0.0;
  PacerSettings settings{};
  double start_cycles = 0.0;
};

/// Where each part starts and how long it is, as fractions of the cycle.
struct CycleLayout {
  double inhale = 0.0, hold_in = 0.0, exhale = 0.0, hold_out = 0.0;  // fractions, sum = 1
};
CycleLayout cycle_layout(const PacerSettings& settings);

/// The pacer at session time t_s inside one segment (t_s may precede t_start_s slightly).
PacerState pacer_state(const PacerSegment& segment, double t_s);

/// Volume for a given cycle phase under the given settings (raised-cosine easing).
double pacer_volume(const PacerSettings& settings, double cycle_phase);

/// A growing list of segments over session time.
/// Threading contract: not synchronised; one owner (the engine thread). Others get copies of
/// the current segment through the Snapshot.
class PacerSchedule {
 public:
  explicit PacerSchedule(const PacerSettings& initial = {}, double t_start_s = 0.0);

  /// From t_s on, use new settings, keeping part and progress (continuous volume).
  /// Calls with t_s earlier than the last segment's start are applied at that start.
  void set(double t_s, const PacerSettings& settings);

  PacerState at(double t_s) const;
  const PacerSegment& segment_at(double t_s) const;
  const PacerSegment& current() const { return segments_.back(); }
  const std::vector<PacerSegment>& segments() const { return segments_; }

 private:
  std::vector<PacerSegment> segments_;
};

}  // namespace resonant
