#pragma once
// ECG-derived respiration (EDR; physiology-and-metrics.md §6.3): breathing moves the heart's
// electrical axis and the chest impedance, so the R-peak amplitude and the QRS area change
// with lung volume (Moody et al. 1985, Computers in Cardiology 12:113). Per beat: the R
// amplitude above baseline (the ECG detector's DetectedBeat::amplitude) and the QRS area within
// +-50 ms of the R peak above the line joining the window's ends. Each series -> rate by the
// shared spectral core (respiration_rate.hpp: 4 Hz spline, detrend, periodogram peak in
// 3-30 /min, quality = peak share). Charlton et al. 2016: best ECG algorithms reach a 95 %
// LOA of +-4.7 /min against a reference.
//
// Latency: the window (default 64 s; centre window_s / 2 behind) + one beat + the ECG
// detector's (<= 3.5 s). The streaming form keeps the last kHistoryS of ECG to measure the QRS
// area of a beat the detector reports late.
#include <cstdint>
#include <span>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp {

struct EdrConfig {
  double sample_rate_hz = 250.0;      // [100, 2000]: the ECG's
  double qrs_half_width_s = 0.05;     // [0.03, 0.08]
  SpectralRateConfig spectral{};
};

struct EdrBeat {
  double t_s = 0.0;
  double r_amplitude = 0.0;  // DetectedBeat::amplitude (input units)
  double qrs_area = 0.0;     // input units x s; NaN near the record's ends
};

struct EdrRates {
  RespirationRate r_amplitude;
  RespirationRate qrs_area;
};

class EcgDerivedRespiration {
 public:
  static constexpr double kHistoryS = 4.0;  // > the ECG detector's max_latency_s() + 50 ms

  explicit EcgDerivedRespiration(const EdrConfig& config = {});
  /// Every ECG sample, in order (the same stream the detector gets). No allocation.
  void push_sample(float ecg_mv);
  /// A beat from the detector (sample_index in the same count as push_sample, since reset).
  /// Amortised O(1). Returns its features.
  EdrBeat push_beat(const DetectedBeat& beat);
  EdrRates estimate(double t_end_s) const;
  void reset();
  /// The windows' series (for counting cycles, respiration_count.hpp).
  const BeatSeriesRate& amplitude_series() const { return amplitude_; }
  const BeatSeriesRate& area_series() const { return area_; }

 private:
  EdrConfig config_;
  detail::SampleRing<float> history_;  // the last kHistoryS of samples, by sample index
  BeatSeriesRate amplitude_, area_;
};

/// Features of every beat of a whole ECG record.
std::vector<EdrBeat> edr_beats(std::span<const float> ecg_mv, std::span<const DetectedBeat> beats,
                               const EdrConfig& config = {});

/// The batch series of both modulations.
struct EdrSeries {
  BeatSeries r_amplitude, qrs_area;
};
EdrSeries edr_series(std::span<const EdrBeat> beats);

/// Batch: windows ending at t_first_end_s, + step_s, ... (same core).
std::vector<EdrRates> edr_respiration_rates(std::span<const EdrBeat> beats, double t_first_end_s,
                                            double step_s, const SpectralRateConfig& config = {});

}  // namespace resonant::dsp
