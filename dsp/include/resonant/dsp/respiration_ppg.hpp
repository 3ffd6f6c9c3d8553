#pragma once
// PPG-derived respiration (physiology-and-metrics.md §6.4; terminology of Karlen et al. 2013,
// IEEE TBME 60:1946, and Charlton et al. 2018): three breathing modulations of the pulse
// wave, each measured per pulse on the raw PPG and turned into a rate by the shared spectral
// core (respiration_rate.hpp):
//  - RIIV (intensity): the pulse's mean level, (peak + onset) / 2 (baseline variation);
//  - RIAV (amplitude): peak - onset;
//  - RIFV (frequency): the interval since the previous pulse (RSA seen by the PPG).
// The onset is the minimum in the 1.5 s before the peak, at most back to the previous pulse.
// Charlton et al. 2016: the best PPG algorithm reaches bias 1.0, 95 % LOA -5.1 to +7.2 /min.
//
// Latency: the window (default 64 s; centre window_s / 2 behind) + one pulse + the PPG
// detector's (<= 0.5 s). The streaming form keeps kHistoryS of PPG for the onset search.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>  // DetectedBeat
#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp {

struct PpgRespirationConfig {
  double sample_rate_hz = 125.0;   // [25, 2000]: the PPG's
  double onset_search_s = 1.5;     // [0.5, 2]: how far before the peak the onset may lie
  SpectralRateConfig spectral{};
};

struct PpgPulseFeatures {
  double t_s = 0.0;
  double intensity = std::numeric_limits<double>::quiet_NaN();    // RIIV, input units
  double amplitude = std::numeric_limits<double>::quiet_NaN();    // RIAV, input units
  double interval_ms = std::numeric_limits<double>::quiet_NaN();  // RIFV; NaN for the first
};

struct PpgRates {
  RespirationRate intensity;  // RIIV
  RespirationRate amplitude;  // RIAV
  RespirationRate frequency;  // RIFV
};

class PpgDerivedRespiration {
 public:
  static constexpr double kHistoryS = 4.0;  // > onset_search_s + the detector's 0.5 s latency

  explicit PpgDerivedRespiration(const PpgRespirationConfig& config = {});
  /// Every PPG sample, in order (the same stream the pulse detector gets). No allocation.
  void push_sample(float ppg_au);
  /// A pulse from the detector (sample_index counted like push_sample). Amortised O(1).
  PpgPulseFeatures push_pulse(const DetectedBeat& pulse);
  PpgRates estimate(double t_end_s) const;
  void reset();
  /// The windows' series (for counting cycles, respiration_count.hpp).
  const BeatSeriesRate& intensity_series() const { return intensity_; }
  const BeatSeriesRate& amplitude_series() const { return amplitude_; }
  const BeatSeriesRate& frequency_series() const { return frequency_; }

 private:
  PpgRespirationConfig config_;
  detail::SampleRing<float> history_;  // the last kHistoryS of samples, by sample index
  double prev_peak_index_ = std::numeric_limits<double>::quiet_NaN();
  BeatSeriesRate intensity_, amplitude_, frequency_;
};

/// Features of every pulse of a whole PPG record (same code as the streaming form).
std::vector<PpgPulseFeatures> ppg_pulse_features(std::span<const float> ppg_au,
                                                 std::span<const DetectedBeat> pulses,
                                                 const PpgRespirationConfig& config = {});

/// The batch series of the three modulations.
struct PpgSeries {
  BeatSeries intensity, amplitude, frequency;
};
PpgSeries ppg_series(std::span<const PpgPulseFeatures> pulses);

/// Batch: windows ending at t_first_end_s, + step_s, ... (same core).
std::vector<PpgRates> ppg_respiration_rates(std::span<const PpgPulseFeatures> pulses,
                                            double t_first_end_s, double step_s,
                                            const SpectralRateConfig& config = {});

}  // namespace resonant::dsp
