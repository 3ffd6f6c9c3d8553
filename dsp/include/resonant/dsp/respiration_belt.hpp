#pragma once
// Breaths from a respiration belt (strain, inductance or impedance), per sample, any rate
// 10-1000 Hz (physiology-and-metrics.md §6.1).
//
// Method: Butterworth band-pass, 2-pole high-pass at low_cut_hz (<= 0.05 Hz so 3 /min passes;
// NeuroKit's khodadad2018 cleaning uses 0.05-3 Hz) and 2-pole low-pass at high_cut_hz; then
// extrema with hysteresis (a peak is confirmed once the signal has fallen hysteresis_fraction
// of the recent peak-to-trough swing below it, a trough likewise), in the spirit of Khodadad
// et al. 2018's rejection of extrema closer than 0.3 x the mean swing. A trough is an inhale
// onset; a breath runs from one onset to the next and must last min_breath_s-max_breath_s
// (shorter: merged into the breath; longer: a pause, no breath). Extremum times are
// sub-sample (least-squares parabola over +-10 % of a cycle) and corrected for the band-pass
// phase at the breathing rate (the high-pass *advances* a slow sine, the low-pass delays it:
// net -0.82 s at 4 /min, -0.23 s at 6 /min, +0.16 s at 15 /min), so onsets sit where the
// unfiltered breath turns.
// Phase in [0, 1): 0 at the inhale onset, the breath's inhale fraction at the inhale peak,
// linear in between (§6.5: robust to non-sinusoidal breaths, no Hilbert transform).
//
// Latency: a breath is reported when the next onset is confirmed: about hysteresis_fraction's
// share of a cycle after that onset (1/6 cycle at 0.25 for a sinusoid) plus the filter's net
// phase delay: 1.7 s at 4 /min, 1.4 s at 6 /min, 0.8 s at 15 /min (measured within 0.06 s of
// detection_latency_s(rate), which states it).
// The group delay of the band-pass (stated by BiquadCascade::group_delay_samples) is
// compensated in the reported times, not in the decision time. phase() is available at every
// sample (causal extrapolation from the last breath); breath_phase() gives the hindsight
// phase of a finished record.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <resonant/dsp/biquad.hpp>
#include <resonant/dsp/respiration_rate.hpp>

namespace resonant::dsp {

struct BeltRespirationConfig {
  double sample_rate_hz = 100.0;      // [10, 1000]
  double low_cut_hz = 0.02;           // [0.01, 0.05]: 3 /min (0.05 Hz) keeps > -0.1 dB
  double high_cut_hz = 1.0;           // [0.5, 3] and < sample_rate_hz / 2
  double hysteresis_fraction = 0.25;  // [0.1, 0.45] of the recent peak-to-trough swing
  double min_breath_s = 1.7;          // [1, 3]: BioSPPy's 1.7 s; 30 /min (2 s) passes
  double max_breath_s = 25.0;         // [20, 60]: 3 /min (20 s) passes; longer = pause
  double min_amplitude_au = 0.0;      // [0, inf): peak-to-trough floor, input units; 0 = off
  double swing_memory = 0.25;         // (0, 1]: weight of the newest swing in the reference
};

struct Breath {
  double onset_s = 0.0;         // inhale onset (trough), seconds since reset
  double peak_s = 0.0;          // inhale peak
  double end_s = 0.0;           // next inhale onset
  double rate_bpm = 0.0;        // 60 / (end_s - onset_s)
  double inhale_s = 0.0;        // peak_s - onset_s
  double exhale_s = 0.0;        // end_s - peak_s
  double inhale_fraction = 0.0; // inhale_s / (end_s - onset_s)
  double amplitude_au = 0.0;    // filtered peak minus the mean of the two troughs
  float quality = 0.0f;         // [0, 1]: amplitude x duration regularity x not clipped
                                // (respiration.md)
  bool clipped = false;         // the raw signal sat at its extreme for >= 8 % of the breath
};

class BeltRespiration {
 public:
  /// Throws std::invalid_argument for a config outside the ranges above.
  explicit BeltRespiration(const BeltRespirationConfig& config = {});

  /// Feeds the next sample (any units). Returns a breath once its end (the next inhale onset)
  /// is confirmed. No allocation.
  std::optional<Breath> push(float sample_au);

  /// Causal breathing phase [0, 1) at the newest sample; NaN before the first onset and after
  /// max_breath_s without one.
  double phase() const;
  /// Rate of the last breath (breaths/min), NaN when none or after max_breath_s without one.
  double rate_bpm() const;
  /// Quality of the last breath; 0 when none or after max_breath_s without one (flat line).
  double quality() const;
  /// Time of the newest sample, seconds since reset.
  double time_s() const;

  /// Reporting delay after the true inhale onset for steady breathing at rate_bpm (s).
  double detection_latency_s(double rate_bpm) const;
  /// Band-pass group delay at freq_hz (s) (compensated in the reported times).
  double group_delay_s(double freq_hz) const;
  /// Band-pass phase delay at freq_hz (s): negative = advance. Added back to extremum times.
  double phase_delay_s(double freq_hz) const;

  void reset();
  const BeltRespirationConfig& config() const { return config_; }

 private:
  void reset_breath_stats();
  struct Extremum {
    double t_s = 0.0;     // corrected time
    double value = 0.0;   // filtered value
  };
  std::optional<Breath> confirm_extremum(bool is_peak);
  void start_candidate_after_turn();
  std::optional<Breath> close_breath(const Extremum& trough);
  double frequency_estimate_hz() const;
  double hysteresis() const;

  BeltRespirationConfig config_;
  BiquadCascade filter_;
  double dt_s_;
  std::int64_t n_ = 0;  // samples pushed

  // Running level of the input (numeric floor for a flat line) and of the filtered signal.
  double level_ = 0.0, rms_sq_ = 0.0, rms_weight_ = 0.0;
  double swing_ref_ = 0.0;      // peak-to-trough reference for the hysteresis
  double long_swing_ = 0.0;     // slow reference: the floor a decaying swing_ref_ keeps

  // Extremum search.
  bool seeking_peak_ = true;
  bool started_ = false;
  double cand_value_ = 0.0, cand_prev_ = 0.0, cand_next_ = 0.0;
  std::int64_t cand_index_ = 0;
  bool cand_needs_next_ = false;
  double last_y_ = 0.0;
  double last_extremum_t_ = std::numeric_limits<double>::quiet_NaN();   // corrected
  double last_extremum_tf_ = std::numeric_limits<double>::quiet_NaN();  // filtered signal's
  double last_extremum_value_ = 0.0;
  // The last four half cycles of the filtered signal, newest first (its period is the
  // breath's and does not depend on the phase correction, which needs the frequency: no
  // feedback loop).
  std::array<double, 4> half_cycle_s_{};
  std::vector<double> history_;  // filtered signal, power-of-two ring by sample index
  std::size_t history_mask_ = 0;

  // Breath assembly.
  std::optional<Extremum> onset_;       // current breath's inhale onset
  std::optional<Extremum> peak_;        // its highest confirmed peak
  std::optional<Breath> last_breath_;
  double breath_amp_ref_ = 0.0;         // amplitude reference of accepted breaths
  double breath_duration_ref_ = 0.0;    // duration reference of accepted breaths

  // Clipping: longest run of identical raw samples in the current breath, at which value.
  float prev_raw_ = 0.0f;
  std::int64_t run_ = 0, longest_run_ = 0;
  float longest_run_value_ = 0.0f;
  float raw_max_ = 0.0f, raw_min_ = 0.0f;
};

/// Batch form: the streaming breaths of a whole record (same core; nothing to add in
/// hindsight: the last, unfinished breath is not a breath).
std::vector<Breath> detect_breaths(std::span<const float> belt_au,
                                   const BeltRespirationConfig& config = {});

/// Hindsight phase [0, 1) at t_s from finished breaths (piecewise linear through onset, peak,
/// next onset); NaN outside every breath.
double breath_phase(std::span<const Breath> breaths, double t_s);

/// Belt rate over [t_start_s, t_end_s]: 60 x breaths / their total duration for the breaths
/// ending inside, quality = their mean quality x the share of the span they cover.
RespirationRate belt_respiration_rate(std::span<const Breath> breaths, double t_start_s,
                                      double t_end_s);

}  // namespace resonant::dsp
