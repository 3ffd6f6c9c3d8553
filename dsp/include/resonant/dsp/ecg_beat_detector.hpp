#pragma once
// ECG R-peak detector, causal, for the live pipeline and (same core) for whole records.
//
// Method: Pan & Tompkins 1985 (IEEE TBME 32:230) structure, with filters designed for the
// actual sample rate: band-pass ~5-15 Hz, derivative, squaring, 150 ms moving-window
// integration, adaptive signal/noise thresholds with search-back at 1.66 x mean RR and a
// refractory period. The R peak is then located on the baseline-removed ECG in a window before
// the integrator peak (polarity-aware) and refined by a parabola through the peak sample and
// its neighbours (physiology-and-metrics.md §1.1-1.2).
//
// Latency: a beat is reported at most latency_s() after its R peak (group delay of the
// filters plus peak confirmation; documented per implementation in dsp/README or the .cpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace resonant::dsp {

struct EcgDetectorConfig {
  double sample_rate_hz = 250.0;  // [100, 2000]
  double refractory_s = 0.25;     // [0.2, 0.4]: no second beat sooner than this
};

struct DetectedBeat {
  double sample_index = 0.0;  // refined peak position, samples since reset (fractional)
  float amplitude = 0.0f;     // peak height above baseline, input units
  float quality = 1.0f;       // [0, 1]: 1 = clear beat, lower = found by search-back / weak
};

class EcgBeatDetector {
 public:
  explicit EcgBeatDetector(const EcgDetectorConfig& config = {});
  ~EcgBeatDetector();
  EcgBeatDetector(EcgBeatDetector&&) noexcept;
  EcgBeatDetector& operator=(EcgBeatDetector&&) noexcept;

  /// Feeds the next sample (mV). Returns a beat once it is confirmed. No allocation.
  std::optional<DetectedBeat> push(float sample_mv);

  /// Forget everything (after a gap in the data); sample indices restart at 0.
  void reset();

  std::int64_t samples_pushed() const;
  /// Upper bound of the delay between an R peak and its report, in seconds.
  double latency_s() const;
  const EcgDetectorConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Offline form: the same detector over a whole record (input may be any length).
std::vector<DetectedBeat> detect_ecg_beats(std::span<const float> ecg_mv,
                                           const EcgDetectorConfig& config = {});

}  // namespace resonant::dsp
