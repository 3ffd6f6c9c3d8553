#pragma once
// Private: the one implementation behind PpgBeatDetector (streaming) and detect_ppg_beats
// (batch). See ppg_beat_detector.hpp for the method and dsp/README.md for the figures.
//
// Per sample: band-pass (Butterworth 0.5-8 Hz, 2 + 2 poles) -> y = max(x, 0)^2 -> causal
// moving averages MA_peak (W1 = 111 ms) and MA_beat (W2 = 667 ms, or the heart period learnt
// from the last pulse intervals when that is shorter). A block of interest is a run of samples with
// MA_peak > MA_beat + beta * mean(y); a block lasting >= W1 (scaled like W2) holds one pulse,
// whose position is the band-passed maximum inside the block (Elgendi's rule). That maximum,
// back-dated by the band-pass delay, starts the search for the systolic peak on the raw PPG
// (ppg_peak_locator). A long block (slow heart rates open it in the diastolic recovery) is
// decided early once its maximum is confirmed, so the latency stays bounded. A block whose
// maximum is under 20 % of the previous pulse's (decaying with a 2 s half-life) is noise.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>

#include <resonant/dsp/biquad.hpp>
#include <resonant/dsp/moving_average.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>

#include "ppg_peak_locator.hpp"
#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

class PpgDetectorCore {
 public:
  explicit PpgDetectorCore(const PpgDetectorConfig& config);

  std::optional<DetectedBeat> push(float sample_au);
  void reset();

  std::int64_t samples_pushed() const { return n_; }
  const PpgDetectorConfig& config() const { return config_; }
  /// Bound on (report sample - systolic peak sample) for every pulse.
  double latency_samples() const;
  /// Pulses whose block opens earlier than this after reset are not detected (MA_beat fills).
  double warm_up_samples() const { return beat_window_n_; }

 private:
  std::optional<DetectedBeat> finish_block();
  bool is_plausible_peak(double min_fraction) const;
  void follow_heart_period(double interval_n);

  PpgDetectorConfig config_;
  double fs_;
  int peak_window_n_;   // W1
  int beat_window_n_;   // W2
  int peak_delay_n_;    // MA_peak group delay: block sample -> band-passed sample
  int min_block_n_;     // shortest block holding a pulse: W1, scaled like W2 when it is shorter
  int band_delay_n_;    // band-pass delay at a typical pulse rate: band-passed -> raw sample
  int margin_n_;        // search half-width around the back-dated maximum
  int climb_n_;         // how far the locator may climb beyond that window
  int confirm_n_;       // a block's maximum is final after this long without a larger value
  int latency_n_;       // the locator never looks further back than this
  double min_interval_n_;  // not rounded: 0.3 s is 7.5 samples at 25 Hz
  double mean_weight_;  // per-sample weight of the causal mean(y)
  double half_life_n_;  // of the previous pulse's peak as the plausibility reference
  PpgLocatorParams locator_;

  BiquadCascade band_pass_;
  MovingAverage ma_peak_;
  MovingAverage ma_beat_;
  SampleRing<float> raw_;
  SampleRing<float> band_;

  std::int64_t n_ = 0;
  double mean_y_ = 0.0;      // exponential average of y (biased towards 0 at the start)
  double weight_sum_ = 0.0;  // its bias correction: mean = mean_y_ / weight_sum_
  bool in_block_ = false;
  bool block_consumed_ = false;  // decided early; ignore the rest of it
  std::int64_t block_start_ = 0;
  std::int64_t block_max_index_ = 0;  // band-passed maximum of the block (band-pass time)
  double block_max_ = 0.0;
  double band_min_since_pulse_ = std::numeric_limits<double>::infinity();  // pulse foot
  bool has_pulse_ = false;
  double last_pulse_index_ = 0.0;
  double last_pulse_band_peak_ = 0.0;
  // The last pulse intervals (samples), oldest overwritten first; MA_beat's length follows
  // their second shortest (follow_heart_period).
  std::array<double, 5> intervals_n_{};
  std::size_t interval_count_ = 0;
};

}  // namespace resonant::dsp::detail
