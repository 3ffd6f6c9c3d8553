#pragma once
// ECG R-peak detector, causal, for the live pipeline and (same core) for whole records.
//
// Method: Pan & Tompkins 1985 (IEEE TBME 32:230) structure, with filters designed for the
// actual sample rate: Butterworth band-pass 5-15 Hz (2 + 2 poles), first difference, squaring,
// 150 ms moving-window integration (MWI), adaptive signal/noise thresholds (SPKI/NPKI, I1/I2),
// 2 s learning phase, search-back at 1.66 x RR AVERAGE2, T-wave slope test below 360 ms and a
// refractory period. Additions: the search-back limit uses the smaller of RR AVERAGE1 and
// AVERAGE2 (follows irregular rhythms), the thresholds halve when a search-back finds nothing
// (recovery from amplitude drops), and a QRS must stand min_qrs_amplitude_mv above the local
// baseline (a flat line or an open lead's noise gives no beats; stronger pure noise does, so
// gate on signal quality, §1.5). The R peak is then located on the raw ECG in the window the
// integrator summed (back-dated by the filters' group delay): light zero-phase smoothing,
// straight-line baseline removal, the extreme of the beats' consistent polarity (inverted
// leads work), refined by a parabola through the peak sample and its neighbours
// (physiology-and-metrics.md §1.1-1.2).
//
// Latency: a beat found by the thresholds (quality 1) is reported at most latency_s() after its
// R peak: 50 ms confirmation + band-pass and difference delay (~32 ms) + the 150 ms integrator
// span, 0.231-0.235 s for 100-1000 Hz (enforced on the search window; measured worst 0.15 s on
// synthetic ECG, 0.23 s on MIT-BIH 203; dsp/README.md). Search-back beats (quality 0.5) can only
// be found once 1.66 RR have passed; they come at most max_latency_s() (3.5 s) after their
// R peak. Beats inside the learning period (the first learning_s() = 2 s after construction or
// reset) set the thresholds; push() reports them, in order, in the samples right after the
// learning period ends (so up to learning_s() late, within max_latency_s()).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace resonant::dsp {

struct EcgDetectorConfig {
  double sample_rate_hz = 250.0;  // [100, 2000]
  double refractory_s = 0.25;     // [0.2, 0.4]: no second beat sooner than this
  // [0, 0.5]: a QRS must stand this far above the local baseline. Below any real lead (a
  // low-voltage QRS is < 0.5 mV; the NeuroKit example's smallest is 0.067 mV) but above an
  // open lead's amplifier noise, so a flat line or electrode-off noise gives no beats. 0 = off.
  double min_qrs_amplitude_mv = 0.03;
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

  /// Feeds the next sample (mV). Returns a beat once it is confirmed (at most one per sample,
  /// in increasing sample_index order). No allocation.
  std::optional<DetectedBeat> push(float sample_mv);

  /// Forget everything (after a gap in the data); sample indices restart at 0.
  void reset();

  std::int64_t samples_pushed() const;
  /// Upper bound of the delay between an R peak and its report, in seconds, for every beat
  /// with quality 1 (found by the thresholds).
  double latency_s() const;
  /// Upper bound for every report, search-back beats (quality < 1) included.
  double max_latency_s() const;
  /// Length of the learning period after construction or reset(), in seconds.
  double learning_s() const;
  const EcgDetectorConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Offline form: the same detector over a whole record (input may be any length). Returns the
/// streaming beats plus what only hindsight allows: first the learning period's beats, and at
/// the end the beats of the last latency_s(), confirmed by holding the last value.
std::vector<DetectedBeat> detect_ecg_beats(std::span<const float> ecg_mv,
                                           const EcgDetectorConfig& config = {});

}  // namespace resonant::dsp
