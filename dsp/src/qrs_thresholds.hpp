#pragma once
// Private helper of EcgBeatDetector: Pan & Tompkins 1985 adaptive thresholds on the
// integrator (MWI) peaks (physiology-and-metrics.md §1.2).
//   signal peak:      SPKI = 0.125 PEAKI + 0.875 SPKI
//   search-back peak: SPKI = 0.25  PEAKI + 0.75  SPKI  (0.5 when PEAKI < SPKI / 4: addition)
//   noise peak:       NPKI = 0.125 PEAKI + 0.875 NPKI
//   I1 = NPKI + 0.25 (SPKI - NPKI),  I2 = 0.5 I1
// Additions to the paper: decay() halves SPKI when a search-back finds nothing, so the detector
// recovers when the QRS amplitude drops (a x0.3 amplitude step is x0.09 in the squared domain,
// below both thresholds for ever in the original rules); and a search-back beat far below SPKI
// moves SPKI halfway to it, so SPKI lifted by a burst of artefact comes down within a few beats
// (qrs_thresholds.cpp).
namespace resonant::dsp::detail {

class QrsThresholds {
 public:
  /// Initial levels after the learning period (PT: from the first 2 s of the record).
  void initialise(double signal_level, double noise_level);
  void on_signal_peak(double peak);
  void on_search_back_peak(double peak);
  void on_noise_peak(double peak);
  /// Halves the signal level (not below kMinSignalLevel).
  void decay();

  double threshold1() const { return noise_ + 0.25 * (signal_ - noise_); }
  double threshold2() const { return 0.5 * threshold1(); }
  double signal_level() const { return signal_; }
  double noise_level() const { return noise_; }
  bool has_signal() const { return signal_ > 0.0; }

 private:
  double signal_ = 0.0;  // SPKI
  double noise_ = 0.0;   // NPKI
};

}  // namespace resonant::dsp::detail
