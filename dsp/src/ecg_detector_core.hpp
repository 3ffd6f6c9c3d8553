#pragma once
// Private: the one implementation behind EcgBeatDetector (streaming) and detect_ecg_beats
// (batch). See ecg_beat_detector.hpp for the method and dsp/README.md for the figures.
//
// Per sample: band-pass (Butterworth 5-15 Hz, 2 + 2 poles) -> first difference (mV/s) ->
// square -> 150 ms moving-window integrator (MWI). An MWI maximum is confirmed when no larger
// value follows within kConfirmS; it is then classified with the Pan-Tompkins thresholds,
// refractory period and T-wave slope test (its window shortened at fast rates), and a QRS is
// located on the raw ECG (ecg_r_peak_locator). A search-back runs 1.66 x min(RR AVERAGE1,
// RR AVERAGE2) after the last QRS; it passes over T-wave slopes up to 500 ms after it. The
// first kLearningS seconds after reset set the thresholds (Pan & Tompkins' learning phase); the
// beats in it are kept in learning_beats() and not reported by push().
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <resonant/dsp/biquad.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/moving_average.hpp>

#include "ecg_beat_morphology.hpp"
#include "ecg_r_peak_locator.hpp"
#include "qrs_thresholds.hpp"
#include "rr_averages.hpp"
#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

class EcgDetectorCore {
 public:
  static constexpr std::size_t kMaxLearningBeats = 16;  // 2 s at 300 bpm fits

  explicit EcgDetectorCore(const EcgDetectorConfig& config);

  std::optional<DetectedBeat> push(float sample_mv);
  void reset();

  std::int64_t samples_pushed() const { return n_; }
  const EcgDetectorConfig& config() const { return config_; }
  /// Bound on (report sample - R sample) for beats found by the thresholds (quality 1).
  double latency_samples() const;
  /// Bound for every report, search-back beats included.
  double max_latency_samples() const;
  double learning_samples() const { return static_cast<double>(learning_n_); }

  /// Beats of the learning period (not reported by push); valid once it is over.
  std::size_t learning_beat_count() const { return learning_beat_count_; }
  const DetectedBeat& learning_beat(std::size_t i) const { return learning_beats_[i]; }
  /// Noise score (1 - NPKI / SPKI, clamped to [0, 1]) when beat i of the learning period or
  /// the last beat push() returned was accepted; an input of its quality.
  double learning_beat_noise_score(std::size_t i) const { return learning_noise_[i]; }
  double last_noise_score() const { return last_noise_score_; }

 private:
  struct Candidate {
    std::int64_t index = 0;  // MWI sample of the maximum
    double value = 0.0;      // MWI at the maximum, (mV/s)^2; < 0 once discarded
    double slope = 0.0;      // largest |derivative| over the integrated span, mV/s
  };
  static constexpr std::size_t kCandidateCapacity = 128;  // >= horizon / confirm spacing

  void track_integrator_peak(double mwi);
  std::optional<DetectedBeat> classify(const Candidate& c, bool store_noise);
  std::optional<DetectedBeat> search_back();
  void finish_learning();
  std::optional<DetectedBeat> accept(const Candidate& c, const LocatedRPeak& peak,
                                     bool search_back);
  /// Window after the last QRS: bound_n (PT's 360 ms, or the search-back's kLateTWaveS),
  /// shorter at fast regular rates; for a slope test only when the beats are alike too.
  std::int64_t t_wave_window_n(std::int64_t bound_n, bool for_slope_test) const;
  /// Under half the last QRS's slope (PT's T-wave slope test), wherever it lies.
  bool has_t_wave_slope(const Candidate& c) const;
  bool is_t_wave(const Candidate& c) const;
  std::optional<LocatedRPeak> locate(const Candidate& c) const;
  void store(const Candidate& c);
  void drop_candidates_up_to(std::int64_t index);

  EcgDetectorConfig config_;
  double fs_;
  // Durations in samples, derived from the sample rate.
  int integration_n_;
  int confirm_n_;
  int window_after_n_;
  int group_delay_n_;  // band-pass + difference delay at the QRS centre frequency
  int refractory_n_;
  int t_wave_n_;  // PT's fixed bound; see t_wave_window_n()
  int late_t_wave_n_;  // the search-back's bound for T-wave slopes
  int learning_n_;
  int horizon_n_;  // oldest candidate a search-back may pick, samples before now
  RPeakLocatorParams locator_;

  BiquadCascade band_pass_;
  MovingAverage integrator_;
  SampleRing<float> raw_;
  SampleRing<float> slope_;  // |derivative| of the band-passed ECG, mV/s
  QrsThresholds thresholds_;
  RrAverages rr_;
  BeatMorphologyShape shape_;
  RecentBeats recent_;
  std::vector<float> wave_;  // the accepted beat's waveform (sized at construction)
  double last_noise_score_ = 0.0;

  std::array<Candidate, kCandidateCapacity> candidates_{};
  std::size_t cand_first_ = 0;
  std::size_t cand_count_ = 0;

  std::array<DetectedBeat, kMaxLearningBeats> learning_beats_{};
  std::array<double, kMaxLearningBeats> learning_noise_{};
  std::size_t learning_beat_count_ = 0;

  std::int64_t n_ = 0;  // samples pushed since reset
  double prev_band_ = 0.0;
  double prev_mwi_ = 0.0;
  bool tracking_ = false;
  Candidate tracked_;
  bool learning_ = true;
  bool has_beat_ = false;
  std::int64_t last_beat_index_ = 0;
  double last_beat_slope_ = 0.0;
  std::int64_t timeout_at_ = 0;
  int polarity_ = 0;  // +1 upright, -1 inverted, 0 not known yet
  double polarity_score_ = 0.0;
  // One bit per accepted beat, the newest lowest (8 beats): its slope was under half the
  // previous beat's. A fast rhythm shortens the slope tests' windows only with at most two.
  std::uint8_t slope_drops_ = 0;
};

}  // namespace resonant::dsp::detail
