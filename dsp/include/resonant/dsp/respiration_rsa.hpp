#pragma once
// Breathing rate from respiratory sinus arrhythmia (RSA): the NN-interval series, resampled at
// 4 Hz, detrended, and its dominant oscillation in the breathing band 3-30 /min (0.05-0.5 Hz;
// physiology-and-metrics.md §6.2: a lower cut-off >= 0.05 Hz would remove 6 /min, so the band
// starts at 0.05 Hz as in Charlton et al. 2016's 4/60-1 Hz filter, capped at half the heart
// rate, the beat-sampling Nyquist limit). Core: respiration_rate.hpp (periodogram peak,
// quality = peak share of the band power).
//
// Limits: RSA is weak in older users, and slow non-respiratory HR waves (Mayer waves near
// 0.1 Hz, ~6 /min) compete with spontaneous breathing at 10-20 /min; fuse with other sources
// (respiration_fusion.hpp).
// Latency: the window (default 64 s; the estimate centres window_s / 2 behind), plus one RR
// interval (the spline needs the next beat), plus the beat detector's.
#include <span>
#include <vector>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_rate.hpp>

namespace resonant::dsp {

class RsaRespiration {
 public:
  explicit RsaRespiration(const SpectralRateConfig& config = {})
      : series_(interval_series_config(config)) {}
  /// One NN interval (implausible ones, outside 300-2000 ms, are skipped). Amortised O(1).
  void push(const RrInterval& nn);
  /// Rate over the window ending at t_end_s (allocates; once per beat or per second).
  RespirationRate estimate(double t_end_s) const { return series_.estimate(t_end_s); }
  RespirationRate estimate() const { return series_.estimate(); }
  void reset() { series_.reset(); }
  /// The window's series (for counting cycles, respiration_count.hpp).
  const BeatSeriesRate& series() const { return series_; }

 private:
  BeatSeriesRate series_;
};

/// The batch series: plausible NN intervals (ms) at their beat times.
BeatSeries rsa_series(std::span<const RrInterval> nn);

/// Batch: windows ending at t_first_end_s, + step_s, ... (same core, interval_series_config).
std::vector<RespirationRate> rsa_respiration_rates(std::span<const RrInterval> nn,
                                                   double t_first_end_s, double step_s,
                                                   const SpectralRateConfig& config = {});

}  // namespace resonant::dsp
