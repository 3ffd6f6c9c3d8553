#pragma once
// Breath-to-pacer adherence (physiology-and-metrics.md §6.5), streaming over a sliding window
// of window_s (default 60 s) of finished breaths.
//
// With breaths (a belt): per breath, the rate error e_k = 60 / (t_k+1 - t_k) - pacer rate at
// the breath's middle (breaths/min). The breathing phase runs linearly from 0 at one inhale
// onset to 1 at the next (§6.5: robust to non-sinusoidal breaths); the pacer phase is the
// schedule's cycle count (pacer_state). Over the window: the phase-locking value
// PLV = |mean_t exp(i 2 pi (phi_r - phi_p))| (0-1, consistency) and the mean phase difference
// arg(mean) (positive = the person ahead of the pacer), also as lag_s (positive = behind, in
// seconds at the pacer's period). HR-breath phase (RSA phase): NN intervals are fitted as
// HR = a + b cos(2 pi phi_r) + c sin(2 pi phi_r) by least squares; the HR maximum sits at
// breathing phase atan2(c, b) / 2 pi, reported relative to the inhale peak (positive = HR
// peaks after it; near 0 at resonance, Vaschillo 2002), with the fit's R^2 as its quality.
// Without breaths (no belt): only the rate error, from a surrogate rate (respiration_fusion)
// with its quality (§6.5: |f_peak - f_p| <= 0.6 /min).
//
// Keeping up (for the adaptive ramp: slow down only while the person keeps up), with
// hysteresis: becomes true when |median e_k| <= keep_rate_error_bpm and PLV >= keep_plv (and
// at least min_breaths breaths in the window); becomes false when |median e_k| >
// drop_rate_error_bpm or PLV < drop_plv, or when no breath has finished for max_gap_s.
// Rate-only mode uses the same rate thresholds with the estimate's quality >= min_quality in
// place of the PLV. §6.5's "following well" / "not following" thresholds (0.5 /min, PLV 0.9 /
// 0.7) are engineering defaults, not published values.
//
// Latency: a breath counts once it has finished and the belt has confirmed the next onset
// (BeltRespiration::detection_latency_s, ~1.5 s at 6 /min); the figures describe the last
// window_s (their centre lags by window_s / 2). Allocation-free after construction.
#include <cstddef>
#include <limits>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_rate.hpp>

namespace resonant::dsp {

struct PacerAdherenceConfig {
  double window_s = 60.0;             // [30, 180]
  std::size_t min_breaths = 3;        // [2, 10]: fewer in the window -> not keeping up
  double keep_rate_error_bpm = 0.5;   // [0.2, 1]
  double drop_rate_error_bpm = 1.0;   // [keep, 3]
  double keep_plv = 0.9;              // [0.5, 1]
  double drop_plv = 0.7;              // [0, keep]
  double min_quality = 0.5;           // [0, 1]: rate-only mode
  double max_gap_s = 30.0;            // [10, 120]: no breath for this long -> not keeping up
  std::size_t max_beats = 512;        // [64, 4096]: NN intervals kept for the HR-phase fit
};

struct PacerAdherence {
  double t_s = std::numeric_limits<double>::quiet_NaN();
  std::size_t breaths = 0;   // in the window
  double rate_error_bpm = std::numeric_limits<double>::quiet_NaN();  // median e_k (measured - target)
  double plv = std::numeric_limits<double>::quiet_NaN();             // [0, 1]
  double phase_difference_deg = std::numeric_limits<double>::quiet_NaN();  // + = person ahead
  double lag_s = std::numeric_limits<double>::quiet_NaN();                 // + = person behind
  double hr_phase_deg = std::numeric_limits<double>::quiet_NaN();  // HR max after inhale peak
  double hr_lag_s = std::numeric_limits<double>::quiet_NaN();
  double rsa_amplitude_bpm = std::numeric_limits<double>::quiet_NaN();  // sqrt(b^2 + c^2)
  double hr_phase_quality = 0.0;  // R^2 of the fit, [0, 1]
  bool keeping_up = false;
  bool rate_only = false;  // no breaths in the window: from a rate estimate
};

class PacerAdherenceTracker {
 public:
  /// Throws std::invalid_argument outside the ranges above.
  explicit PacerAdherenceTracker(const PacerAdherenceConfig& config = {});

  /// A finished breath (BeltRespiration::push), times on the pacer's session clock.
  void push_breath(const Breath& breath, const PacerSchedule& pacer);
  /// An NN interval for the HR-breath phase (same clock).
  void push_nn(const RrInterval& nn);
  /// A surrogate rate (no belt): used when the window holds no breaths.
  void push_rate(const RespirationRate& rate, const PacerSchedule& pacer);

  /// Figures over (t_s - window_s, t_s] and the keeping-up decision (updates the hysteresis
  /// state: call it once per update tick, with t_s increasing).
  PacerAdherence update(double t_s);
  void reset();
  const PacerAdherenceConfig& config() const { return config_; }

 private:
  struct BreathRecord {
    Breath breath;
    double rate_error_bpm = 0.0;
    double sum_cos = 0.0, sum_sin = 0.0, weight_s = 0.0;  // of exp(i 2 pi (phi_r - phi_p)) dt
    double pacer_cycle_s = 0.0;
  };
  struct RateRecord {
    double t_s = 0.0, rate_error_bpm = 0.0, quality = 0.0;
  };

  PacerAdherenceConfig config_;
  std::vector<BreathRecord> breaths_;  // ring, oldest first by time (small: <= window / 1.7 s)
  std::vector<RrInterval> beats_;      // ring of NN intervals
  std::size_t beats_head_ = 0, beats_size_ = 0;
  std::vector<double> scratch_;        // median
  RateRecord last_rate_{};
  bool have_rate_ = false;
  bool keeping_up_ = false;
};

}  // namespace resonant::dsp
