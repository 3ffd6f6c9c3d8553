#pragma once
// ECG-derived respiration from the QRS shape (PCA EDR; physiology-and-metrics.md §6.3):
// breathing rotates the heart's electrical axis against the lead and changes the chest's
// impedance, which changes the whole QRS shape, not only its peak (Langley et al. 2010, Med
// Biol Eng Comput 48:1189; Widjaja et al. 2012, IEEE TBME 59:1234). Each beat's QRS window
// (+-qrs_half_width_s around R, resampled to kQrsPcaPoints by linear interpolation, minus the
// straight line joining its ends, as the QRS area of respiration_edr.hpp) is projected on the
// first principal component of the QRS windows of the last basis_beats beats (the running
// covariance, this beat included); the projection (the score, input units) is the beat's
// respiratory value -> rate by the shared spectral core (respiration_rate.hpp). The
// component's sign is kept aligned with the previous beat's (an eigenvector's sign is
// arbitrary), so the score series does not flip.
//
// One core for both forms (QrsShapePca): the streaming form reads a history ring, the batch
// form the whole record. Per beat: O(basis_beats x kQrsPcaPoints^2) and one
// kQrsPcaPoints-square symmetric eigen-decomposition (fixed-size Eigen, no allocation).
//
// Latency: as respiration_edr.hpp (the window + one beat + the ECG detector's <= 3.5 s).
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp {

/// Points of a resampled QRS window: 21 over +-50 ms = one every 5 ms (the QRS's fastest
/// content, ~40 Hz, is sampled at 200 Hz), the same for any ECG rate.
inline constexpr int kQrsPcaPoints = 21;

struct EdrPcaConfig {
  double sample_rate_hz = 250.0;   // [100, 2000]: the ECG's
  double qrs_half_width_s = 0.05;  // [0.03, 0.08]: as EdrConfig's
  // [16, 256]: beats in the running covariance: ~ one spectral window (60-64 s at 60 /min),
  // i.e. several breaths even at 3 /min.
  std::size_t basis_beats = 64;
  // [kQrsPcaPoints, basis_beats]: fewer beats give no score (a covariance of fewer windows than
  // points is singular).
  std::size_t min_beats = 32;
  SpectralRateConfig spectral{};
};

struct EdrPcaBeat {
  double t_s = 0.0;
  double score = 0.0;  // input units; NaN near the record's ends and during warm-up
};

/// The shared core: QRS windows in, first-component scores out.
/// Threading: not thread-safe; one owner.
class QrsShapePca {
 public:
  using Window = Eigen::Matrix<double, kQrsPcaPoints, 1>;

  explicit QrsShapePca(const EdrPcaConfig& config = {});
  /// One beat's baseline-removed QRS window; returns its score (NaN during warm-up).
  /// No allocation.
  double push(const Window& window);
  void reset();

 private:
  EdrPcaConfig config_;
  std::vector<Window> ring_;  // the last basis_beats windows (sized once)
  std::size_t count_ = 0;     // windows pushed since reset
  Window component_ = Window::Zero();
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix<double, kQrsPcaPoints, kQrsPcaPoints>> solver_;
};

/// Streaming PCA EDR: push every ECG sample and every detected beat (as EcgDerivedRespiration).
/// Threading: not thread-safe; one owner (the live metrics' thread).
class QrsPcaRespiration {
 public:
  static constexpr double kHistoryS = 4.0;  // > the ECG detector's max_latency_s() + 50 ms

  explicit QrsPcaRespiration(const EdrPcaConfig& config = {});
  /// Every ECG sample, in order. No allocation.
  void push_sample(float ecg_mv);
  /// A beat from the detector (sample_index in the same count as push_sample, since reset).
  /// Amortised O(1) in the series; no allocation once the series has grown to a window.
  EdrPcaBeat push_beat(const DetectedBeat& beat);
  RespirationRate estimate(double t_end_s) const;
  void reset();

 private:
  EdrPcaConfig config_;
  detail::SampleRing<float> history_;
  QrsShapePca pca_;
  BeatSeriesRate series_;
};

/// Scores of every beat of a whole ECG record (the same core, in beat order).
std::vector<EdrPcaBeat> edr_pca_beats(std::span<const float> ecg_mv,
                                      std::span<const DetectedBeat> beats,
                                      const EdrPcaConfig& config = {});

/// Batch: windows ending at t_first_end_s, + step_s, ... (the spectral core).
std::vector<RespirationRate> edr_pca_respiration_rates(std::span<const EdrPcaBeat> beats,
                                                       double t_first_end_s, double step_s,
                                                       const SpectralRateConfig& config = {});

}  // namespace resonant::dsp
