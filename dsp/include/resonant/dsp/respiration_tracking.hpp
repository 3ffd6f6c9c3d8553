#pragma once
// Breathing rate tracked across consecutive windows of surrogate estimates (RSA, EDR, PPG):
// a hidden-Markov track on a rate grid through each window's candidate spectral peaks
// (RespirationRate::peaks, up to kMaxRatePeaks per estimate): a Viterbi (max-product) path
// through per-window candidates, the usual way of tracking a rate through noisy spectra
// (physiology-and-metrics.md §6.4).
//
// Emission of a grid rate r in one window: log(floor + sum over estimates and peaks of
// share x exp(-(r - peak)^2 / (2 sigma^2))), so a rate on which several estimates put a peak
// (agreement) and a prominent peak (large share) both score high. A peak at 2x or 0.5x
// (within harmonic_tolerance) of a larger peak of the same estimate is dropped (a harmonic of a
// non-sinusoidal modulation, or its subharmonic). Transition between steps: free within
// free_change_bpm per step_s, then jump_cost per /min beyond it (a person's rate drifts; a
// 60 s window changes slowly between 5 s steps). Optional soft prior (the live pacer):
// -0.5 min((r - prior) / prior_sd, prior_cap_sd)^2 added to the emission, capped so that a
// person clearly not following the pacer is still tracked.
//
// One implementation, two forms: push() runs the forward (Viterbi max-product) recursion and
// returns the causal estimate (the best state now; the live form, allocation-free after
// construction); with keep_path the tracker also stores back-pointers and path() returns the
// Viterbi path over all windows pushed (the batch form, track_respiration_rates()).
//
// Settings were fixed before measuring (a 60 s spectral peak is ~1 /min wide at 4 Hz with a
// Hann taper, hence sigma 0.5 /min; free change 1.5 /min per 5 s as the task suggests; grid
// 0.25 /min < the 1 /min tolerance) and are the same for every record (respiration.md).
// Latency: none beyond the estimates' (causal form); the batch path uses future windows.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_rate.hpp>

namespace resonant::dsp {

struct RespirationTrackingConfig {
  double min_rate_bpm = 3.0;            // [2, 10]: grid start (the spectral band's)
  double max_rate_bpm = 30.0;           // [15, 60]: grid end
  double grid_step_bpm = 0.25;          // [0.05, 0.5]
  double sigma_bpm = 0.5;               // [0.2, 2]: emission kernel width
  double emission_floor = 0.02;         // [1e-4, 0.5]: a rate no peak supports
  double step_s = 5.0;                  // [1, 30]: the windows' spacing the costs refer to
  double free_change_bpm = 1.5;         // [0, 5]: per step_s, no cost
  double jump_cost_per_bpm = 1.0;       // [0.1, 10]: log-score per /min beyond the free change
  double harmonic_tolerance = 0.05;     // [0, 0.15]: relative, for the 2x / 0.5x rejection
  double min_share = 0.05;              // [0, 0.5]: smaller peaks take no part
  double prior_sd_bpm = 1.5;            // [0.5, 5]: pacer prior width
  double prior_cap_sd = 2.0;            // [1, 5]: the prior's penalty stops growing here
  // Mechanical-consistency rule (respiration.md, "Attempts"): when a window holds a
  // mechanical estimate (modulation_of) of quality >= mechanical_min_quality, a rate without a
  // peak of such an estimate within 1 /min gets only the emission floor (a peak only the
  // autonomic estimates share, e.g. a Mayer wave, is not breathing).
  bool require_mechanical_support = false;
  double mechanical_min_quality = 0.1;  // [0, 1]: the fusion's min_quality
  bool keep_path = false;               // batch: store back-pointers for path()
};

/// A peak supports a rate (the tracker's quality and agreement count, the cycle count's
/// choice of estimates, respiration_count.hpp) within this distance: the 1 /min tolerance.
inline constexpr double kRespirationSupportBpm = 1.0;

/// Whether peaks[peak] of a spectral estimate takes part in tracking: a finite rate, share >=
/// config.min_share, and not a harmonic (2x) or subharmonic (0.5x, within
/// harmonic_tolerance) of a larger peak of the same estimate.
bool is_tracking_candidate(const RespirationRate& estimate, std::size_t peak,
                           const RespirationTrackingConfig& config);

/// Upper bound on the grid size (the live form keeps fixed arrays of this many states).
inline constexpr std::size_t kMaxTrackingStates = 1024;

struct TrackedRespiration {
  double t_s = std::numeric_limits<double>::quiet_NaN();
  double rate_bpm = std::numeric_limits<double>::quiet_NaN();
  // Share of the window's peak weight within 1 /min of the rate, x the share of estimates
  // that have a peak there: [0, 1].
  double quality = 0.0;
  std::size_t supporting = 0;  // estimates with a peak within 1 /min of the rate
  // kFused when several estimates support the rate, else the supporting one's.
  RespirationSource source = RespirationSource::kNone;
};

/// Threading: not thread-safe; one owner (the live metrics' thread, or a batch caller).
class RespirationRateTracker {
 public:
  explicit RespirationRateTracker(const RespirationTrackingConfig& config = {});

  /// One window (ending at t_s) of estimates; estimates without a finite rate are ignored.
  /// A window without any estimate carries the track on unchanged (its rate NaN). Returns the
  /// causal estimate. Allocation-free unless keep_path (then one back-pointer row per call).
  TrackedRespiration push(double t_s, std::span<const SourcedRate> estimates);

  /// Soft prior around rate_bpm for the next push() calls (the live pacer); NaN clears it.
  void set_prior(double rate_bpm);

  /// keep_path only: the Viterbi path over every window pushed since reset(), one per push.
  std::vector<TrackedRespiration> path() const;

  void reset();
  const RespirationTrackingConfig& config() const { return config_; }

 private:
  struct Candidate {
    double rate_bpm = 0.0, weight = 0.0;
    std::size_t estimate = 0;
    RespirationSource source = RespirationSource::kNone;
    bool gates = false;  // a peak of a mechanical estimate above mechanical_min_quality
  };
  std::size_t collect(std::span<const SourcedRate> estimates);
  double emission(double rate_bpm, std::size_t candidates) const;
  TrackedRespiration describe(double t_s, std::size_t state, std::size_t candidates,
                              std::size_t estimates) const;
  double rate_of(std::size_t state) const;

  RespirationTrackingConfig config_;
  std::size_t states_ = 0;
  std::vector<double> score_, next_, emit_;  // sized once in the constructor
  std::vector<Candidate> candidates_;        // capacity kMaxEstimates x kMaxRatePeaks
  bool started_ = false;
  bool gated_ = false;  // this window: require_mechanical_support applies
  double prior_bpm_ = std::numeric_limits<double>::quiet_NaN();
  // keep_path: per push, the back-pointer of every state, and the window's own description
  // per state is recomputed from these stored inputs.
  std::vector<std::uint16_t> back_;
  struct Window {
    double t_s = 0.0;
    std::vector<Candidate> candidates;
    std::size_t estimates = 0;
  };
  std::vector<Window> windows_;
};

/// Batch: the Viterbi path through windows of estimates (one span per window, the windows
/// ending at t_s[i]); the same code as the live form, config.keep_path forced on.
std::vector<TrackedRespiration> track_respiration_rates(
    std::span<const double> t_s, std::span<const std::vector<SourcedRate>> windows,
    RespirationTrackingConfig config = {});

}  // namespace resonant::dsp
