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
// gate on signal quality, §1.5); the floor applies to the QRS's largest deflection of either
// sign, so a ventricular beat of the opposite axis passes. The R peak is then located on the
// raw ECG in the window the integrator summed (back-dated by the filters' group delay): light
// zero-phase smoothing, straight-line baseline removal, the extreme of the beats' consistent
// polarity (inverted leads work) unless the beat's opposite deflection is 1.5 x larger (a
// wide ventricular beat of the other axis), refined by a parabola through the peak sample and
// its neighbours (physiology-and-metrics.md §1.1-1.2). Search-back candidates start 360 ms
// after the last beat (Hamilton & Tompkins 1986), past its T wave; up to 500 ms, one under half
// the last beat's slope is passed over as its T wave (a broad T's second slope), which keeps the
// search-back from locking onto T waves while the RR averages are short.
//
// Latency: a beat found by the thresholds (not by the search-back) is reported at most
// latency_s() after its R peak: 50 ms confirmation + band-pass and difference delay (~32 ms)
// + the 150 ms integrator span, 0.231-0.235 s for 100-1000 Hz (enforced on the search window;
// measured worst 0.15 s on synthetic ECG, 0.21 s on MIT-BIH 203; dsp/docs/ecg.md).
// Search-back beats can only be found once 1.66 RR have passed; they come at most
// max_latency_s() (3.5 s) after their R peak. Beats inside the learning period (the first
// learning_s() = 2 s after construction or reset) set the thresholds; push() reports them, in
// order, in the samples right after the learning period ends (so up to learning_s() late,
// within max_latency_s()).
//
// Quality (DetectedBeat::quality): found by thresholds or search-back x shape (best waveform
// correlation with the recent beats, Orphanidou et al. 2015, §1.5) x size (amplitude against
// their median) x noise (integrator noise level against the QRS level); dsp/docs/ecg.md.
//
// Offline (detect_ecg_beats, kOffline): the same core over the whole record, then hindsight:
// a beat both smaller than 0.35 x the median amplitude of the 16 beats around it and
// correlating < 0.7 with every one of them is noise and is removed; quality is recomputed
// against the beats on both sides. Offline adds no latency concept (whole record).
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
  // [0, 1]. ECG: how the beat was found (thresholds or search-back), how typical its shape
  // and size are against other beats (the preceding ones when streaming, the surrounding ones
  // offline) and how far the QRS level stands above the noise (dsp/docs/ecg.md). PPG: 1.
  float quality = 1.0f;
  // ECG: found by the search-back (reported up to max_latency_s() late). PPG: false.
  bool found_by_search_back = false;
};

/// How the batch form runs (dsp/docs/ecg.md).
enum class EcgDetectionMode {
  // Exactly what EcgBeatDetector::push() reports for the same samples, in the same order
  // (learning-period beats included, nothing after the last sample confirms).
  kCausal,
  // The same core, plus hindsight: the final latency_s() confirmed by holding the last value,
  // beats that are both small and unlike every beat around them removed, and quality
  // recomputed against the beats on both sides.
  kOffline,
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
  /// found by the thresholds (found_by_search_back false), learning-period beats excepted.
  double latency_s() const;
  /// Upper bound for every report, search-back and learning-period beats included.
  double max_latency_s() const;
  /// Length of the learning period after construction or reset(), in seconds.
  double learning_s() const;
  const EcgDetectorConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Batch form over a whole record (any length), in increasing sample_index order. kCausal is
/// the streaming output itself; kOffline (default) refines it with hindsight (see the enum).
std::vector<DetectedBeat> detect_ecg_beats(std::span<const float> ecg_mv,
                                           const EcgDetectorConfig& config = {},
                                           EcgDetectionMode mode = EcgDetectionMode::kOffline);

}  // namespace resonant::dsp
