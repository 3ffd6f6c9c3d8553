#pragma once
// Artifact schedule (artifacts and mixed scenarios), decided on the model's look-ahead clock.
//
// Each kind recurs independently; the gap to the next one is uniform in [0.5, 1.5] x the mean
// interval (75 s: about four of each kind per 5 minutes), so every kind shows up within a
// few minutes and none clusters.
// - ectopic: the next sinus beat is followed by a premature beat at 60-70 % of the RR
//   interval and a full compensatory pause (beat_builder.hpp);
// - missed beat: the next sinus beat has no QRS in the ECG (TruthBeat::missing_in_ecg);
// - motion: 2-6 s of large low-frequency and broadband noise on ECG, PPG and belt;
// - electrode off: 3-10 s with a lost contact: usually the ECG electrodes (ECG at the
//   amplifier rail, ecg_contact false), sometimes the finger PPG clip (ppg_contact false).
#include <array>
#include <cstdint>
#include <vector>

#include "random.hpp"
#include "scenario_config.hpp"
#include "truth_queue.hpp"

namespace resonant::drivers::sim::detail {

/// Artifact state at one output time.
struct ArtifactState {
  double motion = 0.0;  // motion envelope, [0, 1]
  bool ecg_off = false;
  bool ppg_off = false;
};

class ArtifactScheduler {
 public:
  ArtifactScheduler(const ScenarioConfig& config, std::uint64_t seed);

  /// On the look-ahead clock: starts motion / contact episodes that are due and arms the
  /// beat artifacts.
  void step(double t_s, EventSchedule& events);
  /// The beat artifacts armed so far; each request is consumed by the next sinus beat.
  /// Ectopic: the premature beat's share of the RR interval (0.6-0.7), or 0 if none armed.
  double take_ectopic_request();
  bool take_missed_request();

  /// On the output clock (non-decreasing t_s, behind the look-ahead clock).
  ArtifactState state_at(double t_s);

 private:
  enum Kind : std::size_t { kEctopicKind, kMissedKind, kMotionKind, kContactKind, kKinds };
  struct Interval {
    double t_start_s = 0.0;
    double t_end_s = 0.0;
    ArtifactKind kind = ArtifactKind::kMotion;
    bool finger = false;  // electrode off: the PPG finger clip rather than the ECG electrodes
  };
  double next_gap_s();
  double start_interval(double t_s, double length_s, ArtifactKind kind, bool finger,
                        EventSchedule& events);

  bool enabled_;
  double mean_interval_s_;
  Rng rng_;
  std::array<double, kKinds> next_s_{};
  bool ectopic_armed_ = false;
  bool missed_armed_ = false;
  std::vector<Interval> intervals_;  // started, not yet over on the output clock
};

}  // namespace resonant::drivers::sim::detail
