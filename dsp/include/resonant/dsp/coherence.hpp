#pragma once
// HeartMath coherence ratio (McCraty, Atkinson, Tomasino & Bradley 2009, "The coherent heart",
// Integral Review 5(2); product facts from the HeartMath knowledge base; physiology-and-metrics
// .md §4.1, §4.2, §9.5), computed live every 5 s over the last 64 s of NN intervals.
//
// Pipeline (each choice is stated because the product algorithm is unpublished, §4.1):
//   1. NN intervals (ms) at their beat times -> natural cubic spline -> 2 Hz (128 points in
//      64 s: HeartMath's "every 500 ms ... 128 in the 64 sec window" [V]). The window is the last
//      128 samples at or before the update time; the spline grid is anchored on the first beat
//      in the buffer, so the window ends at most one step (0.5 s) before the update time.
//   2. Linear detrend (mean and slope removed) [I, §4.2 lesson 2]; off = mean removal only,
//      which is how the §4.2 / §9.5 reference figures were computed.
//   3. Hann taper, zero-padded to 1024 points (0.00195 Hz bins) [§4.2 lesson 1: without
//      padding the 0.030 Hz peak window is a single 0.0156 Hz bin and a pure sine scores ~1].
//   4. Peak = the bin of the largest density in 0.04-0.26 Hz (the published range; the
//      product help page says 0.24 Hz). The reported peak_hz is refined by a parabola
//      (spectrum.hpp peak_frequency_hz), but the peak window is centred on the bin itself: that
//      is the plain discrete reading of the description and reproduces the §4.2 table (with
//      no zero-padding a refined centre would catch two bins and score ~20, not ~1.2).
//   5. Peak power = band power over that bin +- 0.015 Hz (the published 0.030 Hz window),
//      clipped to the total band. Band power sums bins whose centre lies in [low, high).
//   6. Total power = band power over 0.0033-0.4 Hz (the HRV range) [I]: a deliberate deviation
//      from the published "entire spectrum" (0-1 Hz at 2 Hz resampling), §4.2 lesson 2; with
//      noise present the choice changes CR by 2-3x.
//   7. CR = peak power / (total power - peak power).
// Levels: low / medium / high against two configurable thresholds, default challenge level 1 =
// 0.5 / 1.8 (§4.1 source A); each 5 s update scores 0 / 1 / 2 points (emWave2 [V]). No mapping
// to the product's 0-16 "score" is made: whether that score equals CR or a transform of it is
// unpublished (§4.1, §10 item 5).
//
// Not a medical measure: CR says how much of the heart-rhythm variation in the last minute sits
// at one rhythm. Latency: the value describes the previous ~64 s, so it lags ~30 s behind (§4.2
// lesson 4); updates come when the first beat at or after each 5 s grid time arrives.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rr_resample.hpp>
#include <resonant/dsp/spectrum.hpp>

namespace resonant::dsp {

/// Thresholds on CR between the three levels.
struct CoherenceThresholds {
  double low_to_medium = 0.5;   // level 1 (§4.1 source A and B agree)
  double medium_to_high = 1.8;  // level 1, source A (2020 KB); source B says 0.9
};

/// Where the challenge-level table comes from; the two sources disagree (§4.1).
enum class ThresholdSource : std::uint8_t {
  kKnowledgeBase2020,  // source A: heartmath.com KB, Inner Balance (the default)
  kForumQuote2013,     // source B: a secondary quote, monotonic per level
};

/// Thresholds for challenge level 1 (lowest, default) .. 4 (highest); clamped to 1..4.
CoherenceThresholds challenge_level_thresholds(int level,
                                               ThresholdSource source = ThresholdSource::kKnowledgeBase2020);

enum class CoherenceLevel : std::uint8_t { kUnknown, kLow, kMedium, kHigh };
std::string_view to_string(CoherenceLevel level);
CoherenceLevel coherence_level(double ratio, const CoherenceThresholds& thresholds);
/// emWave2 points for one 5 s update: low 0, medium 1, high 2, unknown 0.
int coherence_points(CoherenceLevel level);

struct CoherenceConfig {
  double window_s = 64.0;            // [16, 300]; HeartMath 64
  double update_interval_s = 5.0;    // [0.5, 60]; HeartMath 5
  double resample_rate_hz = 2.0;     // [1, 8]; HeartMath 2 (500 ms)
  std::size_t fft_size = 1024;       // power of two >= window samples; 0 = next power of two
  TaperWindow taper = TaperWindow::kHann;
  bool linear_detrend = true;        // false = mean removal only (the §9.5 reference setup)
  double peak_search_low_hz = 0.04;  // published range 0.04-0.26 Hz
  double peak_search_high_hz = 0.26;
  double peak_half_width_hz = 0.015; // published 0.030 Hz window
  double total_low_hz = 0.0033;      // [0, 0.04); §4.2 recommendation (0 for the §9.5 setup)
  double total_high_hz = 0.4;        // (0.26, rate/2]; rate/2 = the published "entire spectrum"
  // Data quality: a window is scored only when NN intervals cover this fraction of it and no
  // hole between usable intervals is longer than max_gap_s; otherwise the ratio is NaN.
  double min_coverage = 0.9;         // [0.5, 1]
  double max_gap_s = 4.0;            // [1, 20]
  std::size_t history_capacity = 720;  // updates kept for the UI; 720 = 1 h at 5 s
  CoherenceThresholds thresholds{};
};

/// One coherence update. NaN fields: not enough usable data in the window.
struct CoherenceSample {
  double t_s = std::numeric_limits<double>::quiet_NaN();  // update time (window end)
  double ratio = std::numeric_limits<double>::quiet_NaN();       // CR
  double peak_share = std::numeric_limits<double>::quiet_NaN();  // peak / total = CR / (1 + CR)
  double peak_hz = std::numeric_limits<double>::quiet_NaN();
  double peak_power_ms2 = std::numeric_limits<double>::quiet_NaN();
  double total_power_ms2 = std::numeric_limits<double>::quiet_NaN();
  double coverage = 0.0;        // fraction of the window covered by usable NN intervals
  double longest_gap_s = 0.0;   // longest stretch of the window without usable intervals
  CoherenceLevel level = CoherenceLevel::kUnknown;
};

/// Spectral part of CR on an evenly sampled IBI series (ms) at rate_hz: steps 2-7 above.
/// Fills the spectral fields of the result (t_s and coverage are left for the caller).
/// A flat series (no variability) gives NaN.
CoherenceSample coherence_of_window(std::span<const double> ibi_ms, double rate_hz,
                                    const CoherenceConfig& config = {});

/// Streaming coherence: push NN intervals in time order; at every multiple of
/// update_interval_s of session time (once a whole window of data can exist) one sample is
/// appended to a bounded history ring. push() is allocation-free per beat; an update (every
/// 5 s) reuses its buffers except for the FFT's per-call storage.
class CoherenceTracker {
 public:
  explicit CoherenceTracker(const CoherenceConfig& config = {});

  /// Returns the number of samples this interval completed (normally 0 or 1; more after a
  /// gap shorter than the window). Intervals not later than the previous one are ignored;
  /// implausible ones (is_plausible_rr_ms) are dropped and leave a hole.
  std::size_t push(const RrInterval& nn);

  /// History, oldest first; index < history_size().
  std::size_t history_size() const { return history_size_; }
  const CoherenceSample& history(std::size_t index) const;
  std::optional<CoherenceSample> latest() const;
  /// Running emWave2 score: the sum of coherence_points over all updates since reset.
  long long accumulated_score() const { return accumulated_score_; }
  std::size_t updates() const { return updates_; }
  const CoherenceConfig& config() const { return config_; }
  /// The spectrum (IBI PSD, ms^2/Hz, fft_size bins at resample_rate_hz) of the last update
  /// that could be scored, and that update's time (NaN before any): the one CR came from, for
  /// the UI to draw. Empty density before any.
  const Spectrum& last_spectrum() const { return last_spectrum_; }
  double last_spectrum_t_s() const { return last_spectrum_t_s_; }
  void reset();

 private:
  void evict_before(double t_s);
  CoherenceSample evaluate(double t_update_s);
  void append(const CoherenceSample& sample);

  CoherenceConfig config_;
  std::vector<RrInterval> ring_;  // usable intervals, oldest at head_
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  double last_t_s_ = -std::numeric_limits<double>::infinity();
  double next_update_s_ = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> knot_t_s_, knot_ms_, window_;
  CubicResampler resampler_;
  std::vector<CoherenceSample> history_;
  std::size_t history_head_ = 0;
  std::size_t history_size_ = 0;
  long long accumulated_score_ = 0;
  std::size_t updates_ = 0;
  Spectrum last_spectrum_;
  double last_spectrum_t_s_ = std::numeric_limits<double>::quiet_NaN();
};

/// The same tracker over a whole record: every update, in time order.
std::vector<CoherenceSample> coherence_series(std::span<const RrInterval> nn,
                                              const CoherenceConfig& config = {});

}  // namespace resonant::dsp
