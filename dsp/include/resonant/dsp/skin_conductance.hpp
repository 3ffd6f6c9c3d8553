#pragma once
// Skin conductance responses (SCRs) in an EDA signal in µS, scored trough to peak, per sample
// (streaming) or over a whole record (batch: the same detector).
//
// Why: sweat glands are innervated by sympathetic fibres only, so the rate of non-specific
// responses is an arousal marker (physiology-and-metrics.md §7.3, Boucsein 2012), reported by
// the file analysis beside the skin conductance level.
//
// Method: a critically damped 4-pole low-pass at low_pass_hz (-3 dB; a response rises over
// 0.5-5 s, so its shape passes; sensor noise and mains do not; no overshoot to make dips),
// then troughs and peaks with hysteresis: a rise begins once the level is hysteresis_us above
// the lowest level since the last peak; its peak is confirmed once the level has fallen
// hysteresis_us below the highest level since. The onset is the trough (the lowest level since
// the last peak), timed where the level last left the trough's hysteresis band (on a flat
// noisy level the lowest sample may lie anywhere before the rise). A response is scored when
// its trough-to-peak amplitude is at least min_amplitude_us (0.01 µS: the computerised scoring
// threshold, Boucsein 2012) and its rise time lies within min_rise_s-max_rise_s (0.5-5 s,
// Boucsein et al. 2012). A longer rise is a drift of the tonic level, unless a response sits on
// top of it: then the onset is the sharpest upward bend of the level before the rise's steepest
// moment, where the level's slope at least doubled (so a response on a rising level, as
// arousal brings, still counts, its size measured from there, the level's own rise over those
// seconds included, while a smooth tonic rise of 8 s does not) - as long as the level turns
// down after it: on a level rising faster than a response recovers (0.05 µS/s under a 0.3 µS
// response) the responses merge into the rise and are not counted.
// Times are corrected for the low-pass's group delay (0.28 s at 1 Hz), so peaks and smooth
// troughs sit where the unfiltered signal turns (onsets on the NeuroKit record within 0.2 s of
// a reading by eye); a response that starts with a sharp kink from a perfectly flat level is
// timed up to 0.28 s early (the filtered level turns at once, only weakly).
//
// Latency: a response is reported once the level has fallen hysteresis_us below its peak:
// typically 0.3-1 s after the peak plus the filter's delay. A rise still going when the
// record ends has no confirmed peak and is not scored.
// Invalid samples (NaN, infinite, outside min_level_us-max_level_us: an electrode off or a
// saturated input) end any rise in progress: no response spans a gap, the filter restarts at
// the next valid sample, and the first rise after it is not scored (its start is unknown).
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <resonant/dsp/biquad.hpp>

namespace resonant::dsp {

inline constexpr double kMinSkinConductanceUs = 0.05;
inline constexpr double kMaxSkinConductanceUs = 100.0;

/// 1 Hz where the sample rate allows it, else the highest cut-off it allows (below 4.6 Hz, as
/// a 4 Hz wristband's). sample_rate_hz in [4, 2000].
double skin_conductance_low_pass_hz_for(double sample_rate_hz);

struct SkinConductanceConfig {
  double sample_rate_hz = 100.0;   // [4, 2000]
  double low_pass_hz = 1.0;        // [0.5, 3] and < sample_rate_hz / 4.6 (a section's cut-off
                                   // is 2.3 x this and must stay below Nyquist):
                                   // skin_conductance_low_pass_hz_for(sample_rate_hz)
  double min_amplitude_us = 0.01;  // [0.001, 1]: trough-to-peak scoring threshold
  double hysteresis_us = 0.005;    // (0, min_amplitude_us]: turning-point confirmation
  double min_rise_s = 0.5;         // [0, max_rise_s)
  double max_rise_s = 5.0;         // (min_rise_s, 20]
  // Skin conductance levels lie within about 1-50 µS (Boucsein 2012; Dawson et al. 2007): the
  // valid range is wide so that no skin is cut off, and drops an open circuit (0: the
  // electrodes off) and a short or a saturated input.
  double min_level_us = kMinSkinConductanceUs;  // [0, max_level_us)
  double max_level_us = kMaxSkinConductanceUs;
};

/// One scored response. Times in seconds since the first sample pushed.
struct SkinConductanceResponse {
  double onset_s = 0.0;
  double peak_s = 0.0;
  double onset_level_us = 0.0;  // filtered level at the onset
  double amplitude_us = 0.0;    // filtered peak minus onset level, >= min_amplitude_us
  double rise_s() const { return peak_s - onset_s; }
};

/// Streaming detector. Single-threaded: owned by whoever feeds it.
class SkinConductanceResponses {
 public:
  /// Throws std::invalid_argument for a config outside the ranges above.
  explicit SkinConductanceResponses(const SkinConductanceConfig& config = {});

  /// Feeds the next sample (µS). Returns a response once its peak is confirmed. No allocation.
  std::optional<SkinConductanceResponse> push(float level_us);

  /// Seconds of valid samples so far (the time responses could have been seen in).
  double valid_s() const { return static_cast<double>(valid_samples_) / config_.sample_rate_hz; }
  /// Group delay of the low-pass, seconds (the correction applied to reported times).
  double filter_delay_s() const { return delay_s_; }

 private:
  void restart();
  /// The rise's steepest slope so far, and the bend before it (the onset on a rising level).
  void mark_steepest(double slope);

  SkinConductanceConfig config_;
  BiquadCascade low_pass_;
  double delay_s_ = 0.0;
  std::size_t samples_ = 0;        // all samples since construction (the clock)
  std::size_t valid_samples_ = 0;
  bool running_ = false;           // the filter holds a valid history
  bool rising_ = false;
  bool onset_known_ = false;       // false until the level was seen not rising after a start
  double previous_ = 0.0;          // filtered level at the previous sample
  double slope_ = 0.0;             // the level's change over the previous sample
  double low_us_ = 0.0;            // while falling: the trough, the lowest level since the peak
  double near_low_t_s_ = 0.0;      // the last time the level was within hysteresis of it
  double high_us_ = 0.0;           // while rising: the highest level since the rise began
  double high_t_s_ = 0.0;
  double bend_ = 0.0;              // the sharpest steepening of the slope in the current run
  double bend_us_ = 0.0;           // the level and time there
  double bend_t_s_ = 0.0;
  double bend_slope_ = 0.0;        // the slope just before the bend
  double steepest_ = 0.0;          // while rising: the steepest slope, and the bend before it
  double before_steepest_us_ = 0.0;
  double before_steepest_t_s_ = 0.0;
  double before_steepest_slope_ = 0.0;
};

/// Batch form: every response in a whole record, times from its first sample.
std::vector<SkinConductanceResponse> detect_skin_conductance_responses(
    std::span<const float> levels_us, const SkinConductanceConfig& config = {});

}  // namespace resonant::dsp
