#pragma once
// Transparent resonance indicators (physiology-and-metrics.md §4.3, §5.3, §6.5): what the
// coherence ratio summarises, in quantities a user can check on the HR curve.
//
//   - HR peak-to-trough per breath (§4.3, §5.3 criterion 2): instantaneous HR h(t) = 60000/RR,
//     natural cubic spline at 4 Hz (§5.3 inputs), max h - min h inside the breath cycle
//     shifted by lag_s = 0.75 s, because HR follows breathing with a lag (NeuroKit hrv_rsa P2T
//     adds the same 750 ms) [I: we shift the whole cycle rather than widen it, so that windows
//     do not overlap and a pure sine gives exactly its peak-to-trough at any phase].
//   - HR-breath phase (§5.3 criterion 1): per breath, the HR fundamental at the breath rate,
//     from a least-squares fit h = a + b u + c cos(theta) + d sin(theta) over the cycle, u = position
//     in the cycle (0..1), theta = 2 pi (u - u_peak), u_peak = peak inhalation (line and
//     fundamental fitted together: a line removed first would take part of the sine with it).
//     Z = c - i d; arg Z is the phase of HR relative to peak inhalation, positive = HR leads
//     (§5.3's sign convention); |Z| the HR amplitude at the breath rate. This is the
//     cross-spectrum phase of §5.3 evaluated one breath at a time against a cosine reference
//     peaking at peak inhalation; the mean over breaths is taken on the unit circle and its
//     length is the consistency (the phase-locking value of §6.5, 0..1).
//   - HR samples: each interval's rate 60000/RR is placed at the interval's midpoint, where
//     its mean rate belongs [I]; at the ending beat the phase would lag by half an interval
//     (~16 deg at 6 /min and 60 bpm). Spectra of RR (resonance_assessment) keep the usual
//     beat-time placement; it does not change power.
//   - Turning points of the HR curve per breath (§5.3 criterion 5, "count of HR local extrema
//     per breath, ideal 1 max + 1 min"), with a hysteresis so beat-to-beat jitter does not
//     count.
//   - LF peak (§5.3 criteria 3, 4, 6) and the share of power around a frequency (§4.3 "power at
//     the pacer frequency") on a spectrum from spectrum.hpp.
// Breath cycles come from the pacer (breath_cycles_from_pacer: inhale starts) or from measured
// inhalation onsets (breath_cycles_from_onsets, e.g. a respiration belt, §6.5).
// Latency: a breath is evaluated once HR is known up to its end + lag_s (the midpoint of the
// newest interval), i.e. about lag_s + one RR interval after the breath ends.
#include <cstddef>
#include <limits>

#include <resonant/dsp/hrv_frequency.hpp>
#include <span>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rr_resample.hpp>
#include <resonant/dsp/spectrum.hpp>

namespace resonant::dsp {

struct BreathCycle {
  double start_s = 0.0;               // inhalation onset
  double end_s = 0.0;                 // next inhalation onset
  double peak_inhale_fraction = 0.5;  // where in the cycle the lungs are fullest, (0, 1)
};

/// Whole pacer cycles (inhale start to inhale start) lying inside [t_begin_s, t_end_s]. Peak
/// inhalation is the middle of the hold after inhale (its start when there is no hold).
std::vector<BreathCycle> breath_cycles_from_pacer(const PacerSchedule& schedule, double t_begin_s,
                                                  double t_end_s);

/// Cycles between consecutive measured inhalation onsets (strictly increasing times).
std::vector<BreathCycle> breath_cycles_from_onsets(std::span<const double> onsets_s,
                                                   double peak_inhale_fraction = 0.5);

/// Instantaneous HR (bpm) at rate_hz from the plausible intervals of nn, each at its midpoint
/// (cubic spline).
UniformSeries instantaneous_hr(std::span<const RrInterval> nn, double rate_hz = 4.0);

struct ResonanceIndicatorConfig {
  double hr_rate_hz = 4.0;            // [2, 10]; §5.3 4 Hz
  double lag_s = 0.75;                // [0, 2]; HR lags breathing (NeuroKit P2T 750 ms)
  double min_coverage = 0.9;          // [0.5, 1]; of each breath window, by usable intervals
  double max_gap_s = 3.0;             // [1, 10]; longest hole allowed inside a breath window
  double turning_hysteresis_bpm = 1.0;  // [0.1, 5]; HR must move this far to confirm a turn
};

struct BreathIndicators {
  double start_s = 0.0;
  double end_s = 0.0;
  bool valid = false;  // enough beats under the breath window (coverage and gap limits)
  double peak_to_trough_bpm = std::numeric_limits<double>::quiet_NaN();
  double hr_amplitude_bpm = std::numeric_limits<double>::quiet_NaN();  // |Z|, fundamental
  double phase_deg = std::numeric_limits<double>::quiet_NaN();         // arg Z, + = HR leads
};

/// The per-breath core on an HR series already resampled (batch: the whole record once).
BreathIndicators breath_indicators(const UniformSeries& hr_bpm, std::span<const RrInterval> nn,
                                   const BreathCycle& cycle, const ResonanceIndicatorConfig& config = {});

/// Every cycle of a record.
std::vector<BreathIndicators> breath_indicators(std::span<const RrInterval> nn,
                                                std::span<const BreathCycle> cycles,
                                                const ResonanceIndicatorConfig& config = {});

struct BreathSummary {
  std::size_t breaths = 0;
  std::size_t valid_breaths = 0;
  double mean_peak_to_trough_bpm = std::numeric_limits<double>::quiet_NaN();
  double mean_hr_amplitude_bpm = std::numeric_limits<double>::quiet_NaN();
  double mean_phase_deg = std::numeric_limits<double>::quiet_NaN();  // circular mean
  double phase_consistency = std::numeric_limits<double>::quiet_NaN();  // 0..1 (PLV)
};

/// Summary over the valid breaths.
BreathSummary summarize_breaths(std::span<const BreathIndicators> breaths);

/// Confirmed HR turning points (maxima and minima) in [t0_s, t1_s] divided by the number of
/// breaths there; a sinusoidal HR gives 2. NaN when breaths == 0 or no samples.
double turning_points_per_breath(const UniformSeries& hr_bpm, double t0_s, double t1_s,
                                 double breaths, double hysteresis_bpm);

struct LfPeak {
  double peak_hz = std::numeric_limits<double>::quiet_NaN();
  double peak_density = std::numeric_limits<double>::quiet_NaN();  // max PSD, units^2/Hz
  double lf_power = std::numeric_limits<double>::quiet_NaN();      // units^2
  std::size_t peak_count = 0;  // local maxima higher than min_relative_height x the largest
};

/// §5.3 criteria 3, 4 and 6 on a spectrum (of RR in ms: ms^2/Hz and ms^2).
LfPeak lf_peak(const Spectrum& spectrum, double min_relative_height = 0.1);

/// Power in centre +- half_width over power in [total_low_hz, total_high_hz) (0..1).
double band_share(const Spectrum& spectrum, double centre_hz, double half_width_hz,
                  double total_low_hz = 0.0033, double total_high_hz = 0.4);

/// Streaming form: push NN intervals and completed breath cycles (pacer or measured); each
/// breath is evaluated by the same core once HR covers its window, and the summary covers the
/// breaths that ended in the last window_s. Allocation-free per beat after warm-up (the
/// per-breath evaluation reuses its buffers).
class BreathIndicatorTracker {
 public:
  explicit BreathIndicatorTracker(const ResonanceIndicatorConfig& config = {}, double window_s = 60.0);

  void push(const RrInterval& nn);
  void push_breath(const BreathCycle& cycle);
  /// Breaths evaluated so far that ended within window_s of the newest one, oldest first.
  std::span<const BreathIndicators> recent() const { return recent_; }
  BreathSummary summary() const { return summarize_breaths(recent_); }
  void reset();

 private:
  void evaluate_ready();

  ResonanceIndicatorConfig config_;
  double window_s_;
  std::vector<RrInterval> nn_;
  std::vector<BreathCycle> pending_;
  std::vector<BreathIndicators> recent_;
  std::vector<double> knot_t_s_, knot_bpm_;
  CubicResampler resampler_;
  double last_t_s_ = -std::numeric_limits<double>::infinity();
};

}  // namespace resonant::dsp
