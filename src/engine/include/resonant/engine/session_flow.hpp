#pragma once
// The guided session flow: prepare -> resting baseline -> practice -> debrief.
//
//   prepare   sensor check and the optional "before" self-ratings; nothing is timed
//   baseline  rest without a pacer (resting_baseline.toml's step), default 2 min
//   practice  resonance breathing with the pacer at the chosen rate, default 10 min
//   debrief   the "after" self-ratings and the figures of baseline against practice
//
// SessionFlow is a plain state machine on session time (no clock, no threads): the engine
// calls it with its session time, beats and live figures and applies the FlowEffects it
// returns; tests call it with made-up times and beats. Beats are assigned to a phase by
// their own time (not by when they arrive), so a beat that arrives after the phase changed
// still counts where it happened.
//
// Threading contract: SessionFlow is not synchronised; one owner (the engine thread).
// FlowProgress is plain fixed-size data in the Snapshot: copying never allocates.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/engine/live_figures.hpp>

namespace resonant::engine {

enum class FlowPhase : std::uint8_t { kPrepare, kBaseline, kPractice, kDebrief };
std::string_view to_string(FlowPhase phase);

inline constexpr double kDefaultBaselineS = 120.0;
inline constexpr double kDefaultPracticeS = 600.0;
inline constexpr double kMaxFlowPhaseS = 60.0 * 60.0;  // one phase of at most an hour
/// Chart series: one value per kFlowSeriesStepS from the start of the baseline; capacity for
/// two full-length phases (later values are not kept).
inline constexpr double kFlowSeriesStepS = 5.0;
inline constexpr std::size_t kFlowSeriesCapacity =
    static_cast<std::size_t>(2.0 * kMaxFlowPhaseS / kFlowSeriesStepS);
inline constexpr double kMinRating = 0.0;
inline constexpr double kMaxRating = 10.0;

/// Lengths and the practice pacer. baseline_s 0 = no baseline; practice_s in (0, kMaxFlowPhaseS].
struct FlowSettings {
  double baseline_s = kDefaultBaselineS;  // [0, kMaxFlowPhaseS]
  double practice_s = kDefaultPracticeS;  // (0, kMaxFlowPhaseS]
  PacerSettings practice_pacer{};         // resonance breathing (e.g. a preset's settings)
};
/// The settings with lengths clamped to their ranges and the pacer clamped (pacer.hpp).
FlowSettings clamped(const FlowSettings& s);

enum class RatingScale : std::uint8_t { kCalm, kTension };
enum class RatingWhen : std::uint8_t { kBefore, kAfter };
/// "calm_before", "tension_after", ...: the scale name stored with the session.
std::string_view rating_name(RatingScale scale, RatingWhen when);

/// A 0..10 self-rating (NaN values are ignored).
struct RateCommand {
  RatingScale scale = RatingScale::kCalm;
  RatingWhen when = RatingWhen::kBefore;
  double value = 0.0;  // [kMinRating, kMaxRating]
};

/// Self-ratings as last given (NaN = not given).
struct FlowRatings {
  double calm_before = kLiveNaN;
  double tension_before = kLiveNaN;
  double calm_after = kLiveNaN;
  double tension_after = kLiveNaN;
  double get(RatingScale scale, RatingWhen when) const;
  void set(RatingScale scale, RatingWhen when, double value);
};

/// What "too short" in the debrief means, for the dashboard and the terminal alike.
inline constexpr const char* kPhaseTooShortNote =
    "Too short to measure: RMSSD needs 30 s of beats; coherence, breathing rate and swing "
    "about a minute and a half of one phase.";

/// One phase's figures for the debrief, from that phase's own data only (NaN = not enough).
///   mean_hr_bpm, rmssd_ms, ln_rmssd: dsp::time_domain_hrv over the phase's plausible beat
///     intervals (successive differences never across a gap); rmssd_ms and ln_rmssd only
///     once they span 30 s (dsp::hrv_is_settled), as live
///   coherence_*, rsa_bpm: means of the live figures at each coherence update (every 5 s)
///     whose window (CoherenceFigures::window_s, 64 s; ResonanceFigures::window_s for the
///     RSA) lies wholly inside the phase; breathing_rate_bpm: the mean of the clear
///     (RespirationFigures::clear) breathing-rate estimates whose 64 s window lies inside it
///     (NaN when none was clear, e.g. without a belt while the estimate stayed unclear). A window reaching back into the phase
///     before is never used, so the first minute of a phase gives none of these.
///   too_short: the ended phase is shorter than the longest of those windows plus one update
///     (about 85 s), so some of them may be missing: show a figure that was measured, and
///     "too short to measure" (not a number) for one that was not.
///   hrv_too_short: the ended phase has intervals, but under the 30 s rmssd_ms needs (a short
///     phase, or one mostly lost to a lost sensor or poor signal).
///   rhythm_jump_share, rhythm_uneven: dsp::check_rhythm over the same intervals (NaN and
///     false below its 20 successive pairs): uneven = RMSSD measures early beats or an
///     irregular rhythm there, not HRV.
struct PhaseFigures {
  double duration_s = 0.0;
  bool too_short = false;
  bool hrv_too_short = false;
  std::uint32_t intervals = 0;           // beat intervals used
  double mean_hr_bpm = kLiveNaN;
  double rmssd_ms = kLiveNaN;
  double ln_rmssd = kLiveNaN;
  double coherence_mean = kLiveNaN;      // coherence ratio
  double coherence_med_high_pct = kLiveNaN;  // % of updates at medium or high coherence
  double breathing_rate_bpm = kLiveNaN;  // breaths/min
  double rsa_bpm = kLiveNaN;             // heart-rate peak-to-trough per breath (bpm)
  double rhythm_jump_share = kLiveNaN;   // [0, 1]: share of successive intervals that jump
  bool rhythm_uneven = false;
};

/// The debrief's sentence when either phase's rhythm was uneven ("" when neither was), for
/// the dashboard and the terminal alike.
std::string uneven_rhythm_note(const PhaseFigures& baseline, const PhaseFigures& practice);

/// The flow as the Snapshot carries it.
struct FlowProgress {
  FlowPhase phase = FlowPhase::kPrepare;
  bool waiting_for_data = false;  // start asked for; the baseline starts with the first data
  FlowSettings settings{};        // of the run in progress or last run
  double flow_start_s = kLiveNaN;      // session time the baseline began
  double practice_start_s = kLiveNaN;  // ... the practice began
  double practice_end_s = kLiveNaN;    // ... the debrief began
  double phase_start_s = kLiveNaN;
  double phase_end_s = kLiveNaN;       // scheduled end of baseline/practice (NaN otherwise)
  FlowRatings ratings{};
  PhaseFigures baseline{};
  PhaseFigures practice{};
  // Chart series on the same grid: value i covers [flow_start_s + i*step, + step). NaN = none.
  std::uint32_t series_size = 0;
  std::array<float, kFlowSeriesCapacity> hr_bpm{};     // mean HR of the intervals in the step
  std::array<float, kFlowSeriesCapacity> coherence{};  // the coherence ratio updated in the step
};

/// What the engine must do after a call (apply the pacer, record a marker, publish).
struct FlowEffects {
  bool changed = false;                 // the phase changed: publish
  struct Pacer {
    PacerSettings settings{};
    bool enabled = false;
  };
  std::optional<Pacer> pacer;           // apply now
  std::vector<std::string> markers;     // kind "flow", at the call's time
};

class SessionFlow {
 public:
  FlowPhase phase() const { return progress_.phase; }
  const FlowProgress& progress() const { return progress_; }

  /// Prepare -> baseline (practice when baseline_s is 0) at t_s. pacer_before: restored by
  /// done(). Ignored outside prepare.
  FlowEffects start(double t_s, const FlowSettings& settings, const PacerSettings& pacer_before,
                    bool pacer_before_enabled);
  /// Baseline -> practice now.
  FlowEffects skip_baseline(double t_s);
  /// Baseline or practice -> debrief now, keeping everything measured so far.
  FlowEffects stop(double t_s);
  /// Debrief -> prepare: figures and ratings are cleared for the next run; the pacer returns
  /// to how it was before start().
  FlowEffects done();
  /// The timed changes up to t_s (a late call passes each phase at its scheduled end).
  FlowEffects advance(double t_s);

  /// A self-rating; false (ignored) when the value is outside 0..10 or NaN.
  bool rate(const RateCommand& r);

  /// One NN interval ending at t_s (the engine feeds the artifact-corrected series; rr_ms
  /// NaN or after_gap: the series was broken before it); implausible intervals
  /// (dsp::is_plausible_rr_ms) are left out and break the series.
  void on_interval(double t_s, double rr_ms, bool after_gap = false);
  /// The live figures as published; counted once per coherence update (live.coherence.t_s).
  void on_live(const LiveFigures& live);

  /// progress() with the figures computed up to now_s (session time; call before publishing).
  void fill(FlowProgress& out, double now_s) const;

 private:
  void enter(FlowPhase phase, double t_s, FlowEffects& fx);
  PhaseFigures figures(int phase_index, double now_s) const;
  int phase_index_at(double t_s) const;  // 0 baseline, 1 practice, -1 neither

  struct LiveSums {
    std::uint32_t updates = 0;
    std::uint32_t coherence_n = 0;
    double coherence_sum = 0.0;
    std::uint32_t med_high_n = 0;
    std::uint32_t breathing_n = 0;
    double breathing_sum = 0.0;
    std::uint32_t rsa_n = 0;
    double rsa_sum = 0.0;
  };

  FlowProgress progress_{};
  PacerSettings pacer_before_{};
  bool pacer_before_enabled_ = true;
  std::array<std::vector<dsp::RrInterval>, 2> intervals_{};  // baseline, practice
  std::array<LiveSums, 2> live_{};
  /// The phase (kBaselineIndex, kPracticeIndex) whose span holds all of [t_s - window_s,
  /// t_s], or -1.
  int phase_holding_window(double t_s, double window_s) const;
  double phase_start_s(int phase_index) const;

  bool previous_valid_ = false;     // the last interval seen was used (adjacency)
  double last_coherence_t_s_ = kLiveNaN;
  double last_respiration_t_s_ = kLiveNaN;
  double longest_window_s_ = kLiveNaN;  // the longest live-figure window seen (for too_short)
  std::vector<double> hr_sum_;      // per series step
  std::vector<std::uint32_t> hr_n_;
};

}  // namespace resonant::engine
