#pragma once
// Signal quality per channel, one verdict per second (physiology-and-metrics.md §1.5), and the
// hysteresis gate the dashboard uses to grey out feedback.
//
// Method, per one-second block of samples (details and measured figures:
// dsp/docs/signal-quality.md):
//  - flat: the block's range (max - min) below an absolute floor (ECG, EDA: physical units) or
//    below a fraction of the channel's recent typical range (PPG, belt: arbitrary units);
//  - clipping: samples at the ADC rails when the range is known, else samples exactly
//    repeating the block's extreme value for longer than a real waveform ever does, in runs
//    a rail explains and the converter's step does not (extreme_hold.hpp);
//  - noise, over the last noise_window_s: ECG kurtosis of the 0.5-40 Hz band (Li, Clifford &
//    Tarassenko 2008 kSQI: a clean ECG is peaked, Gaussian noise gives 3; absolute only while
//    some beat in the window does not match the dominant template, since fast rates and broad
//    T waves lower it on a clean ECG; relative to its typical value only while all beats share
//    the dominant morphology, since ectopic beats move it); PPG skewness of the 0.5-8 Hz band
//    (Elgendi 2016, the best single PPG index there); for all channels the ratio of
//    out-of-band (above the physiological band) to in-band RMS (EDA: the out-of-band RMS in
//    uS, since its in-band part is a slow level);
//  - beats (ECG, PPG, fed by the caller): RR outside 300-2000 ms or no beat for 3 s
//    (Orphanidou 2015 physiological limits); PPG also a jump over 30 % from the previous RR.
//    ECG judges the signal, not the rhythm: instead of RR jumps (which flag bigeminy, PVCs
//    and AF on a clean signal), each beat's waveform is correlated with running beat templates
//    (best of several, so ectopic beats match their own cluster; Orphanidou 2015 template
//    matching, Li & Clifford 2012), and the mean best correlation over noise_window_s is a
//    noise sub-score.
// Each test gives a sub-score in [0, 1]; the score is their product; the level is read off the
// score (good >= 0.8, fair >= 0.5, poor >= 0.2, else unusable); flat and no-beats are unusable.
//
// Latency: a verdict is returned with the last sample of its second. The noise measures look
// back noise_window_s (default 5 s), so a noise burst shows at once but its end lingers up to
// that long. Beats are judged when fed (detector latency, up to 3.5 s for search-back beats).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <resonant/common/channel.hpp>
#include <resonant/dsp/biquad.hpp>
#include <resonant/dsp/ecg_beat_template.hpp>
#include <resonant/dsp/extreme_hold.hpp>

namespace resonant::dsp {

enum class QualityLevel : std::uint8_t { kUnusable = 0, kPoor = 1, kFair = 2, kGood = 3 };
std::string_view to_string(QualityLevel level);

/// Bits of SignalQuality::reasons.
enum class QualityReason : std::uint8_t {
  kFlat = 1u << 0,
  kClipping = 1u << 1,
  kNoise = 1u << 2,
  kImplausibleBeats = 1u << 3,
  kNoBeats = 1u << 4,
};
std::string_view to_string(QualityReason reason);

struct SignalQuality {
  double t_s = 0.0;  // start of the second this verdict covers (time since reset)
  QualityLevel level = QualityLevel::kUnusable;
  float score = 0.0f;         // [0, 1]
  std::uint8_t reasons = 0;   // QualityReason bits; a reason is set when its sub-score < 0.8
  bool has(QualityReason reason) const {
    return (reasons & static_cast<std::uint8_t>(reason)) != 0;
  }
};

struct SignalQualityConfig {
  ChannelKind kind = ChannelKind::kEcg;  // kEcg (mV), kPpg, kResp (any units), kEda (uS)
  double sample_rate_hz = 250.0;         // [4, 2000]; ECG needs >= 100, PPG >= 25, belt >= 10
  // Physical range of the input (the ADC rails in input units), NaN when unknown: clipping is
  // then detected from repeated extreme values. range_min_units < range_max_units.
  double range_min_units = std::numeric_limits<double>::quiet_NaN();
  double range_max_units = std::numeric_limits<double>::quiet_NaN();
  double noise_window_s = 5.0;  // [1, 16]: the noise measures look back this long
  // Beats are expected (ECG, PPG): without one for max_beat_gap_s (plus beat_latency_s, the
  // detector's reporting delay) the second is unusable (no_beats). Set false when no detector
  // feeds add_beat().
  bool expects_beats = true;
  double max_beat_gap_s = 3.0;  // [2, 10] (Orphanidou 2015: no RR > 3 s)
  double beat_latency_s = 1.0;  // [0, 4]; the batch form uses 0 (hindsight)
};

/// Defaults for a channel kind at a sample rate (expects_beats true for ECG and PPG only).
SignalQualityConfig signal_quality_config(ChannelKind kind, double sample_rate_hz);

/// The per-kind tests and thresholds (fixed by ChannelKind; dsp/docs/signal-quality.md gives
/// the values and the data they were set on). A ramp's sub-score is 0 at *_poor and 1 at
/// *_good, linear between.
struct SignalQualityThresholds {
  double min_rate_hz = 0.0;
  double band_low_hz = 0.0, band_high_hz = 0.0;  // the physiological band (kurtosis, skewness)
  double out_of_band_hz = 0.0;      // high-pass corner of the noise band (skipped >= 0.45 fs)
  bool out_of_band_absolute = false;  // EDA: RMS in units; others: ratio to the in-band RMS
  double out_of_band_poor = 0.0, out_of_band_good = 0.0;
  // Also judge the out-of-band ratio of the last second alone (ECG: a white-noise or EMG
  // burst shows in its first second instead of diluted 1 in 5 by the noise window).
  bool out_of_band_per_second = false;
  bool use_kurtosis = false;
  double kurtosis_poor = 0.0, kurtosis_good = 0.0;
  // Kurtosis relative to this channel's typical kurtosis (a slow average), 0 = off. ECG: on,
  // but counted only while every beat in the window has the dominant morphology, since ECG
  // kurtosis moves with the rhythm (bigeminy and PVC runs halve it on a clean MIT-BIH 106/119).
  double kurtosis_relative_poor = 0.0, kurtosis_relative_good = 0.0;
  bool use_skewness = false;
  double skewness_poor = 0.0, skewness_good = 0.0;
  double flat_window_s = 1.0;       // [1, 16]: the range is taken over this many seconds
  double flat_range_units = 0.0;    // flat when the range is at or below this (input units)
  double flat_relative = 0.0;       // ... or below this fraction of the typical range (0 = off)
  double min_level_units = 0.0;     // flat (no contact) when the mean level is below (0 = off)
  double clip_repeat_s = 0.0;       // the extreme repeated this long means clipping (0 = off)
  // Count only holds a rail explains, not the rounded top of a coarsely quantised peak
  // (extreme_hold.hpp). ECG only: measured there (MIMIC 03700181); a belt or PPG sampled fast
  // enters a real rail one converter step at a time too, so for them it would miss clips.
  bool clip_quantisation_aware = false;
  // An RR more than this fraction from the previous RR is implausible (0 = off: ECG, where
  // the beat templates judge the signal and an irregular rhythm is not noise).
  double rr_jump_fraction = 0.0;
  // ECG beat morphology: mean best template correlation of the beats in the noise window.
  bool use_beat_template = false;

  double beat_correlation_poor = 0.0, beat_correlation_good = 0.0;
};
SignalQualityThresholds signal_quality_thresholds(ChannelKind kind);

/// The noise measures of the last verdict (over noise_window_s), for logging and tuning.
struct SignalQualityFeatures {
  double kurtosis = std::numeric_limits<double>::quiet_NaN();   // in-band, m4 / m2^2
  double typical_kurtosis = std::numeric_limits<double>::quiet_NaN();
  double skewness = std::numeric_limits<double>::quiet_NaN();   // in-band, m3 / m2^1.5
  double in_band_rms = std::numeric_limits<double>::quiet_NaN();
  double out_of_band_rms = std::numeric_limits<double>::quiet_NaN();
  double out_of_band_ratio = std::numeric_limits<double>::quiet_NaN();  // out / in RMS
  double range_units = std::numeric_limits<double>::quiet_NaN();  // over the flat window
  // Out-of-band / in-band RMS of the last second alone (a burst shows in its first second).
  double out_of_band_ratio_second = std::numeric_limits<double>::quiet_NaN();
  double beat_correlation = std::numeric_limits<double>::quiet_NaN();  // mean best, ECG
};

/// Streaming assessor for one channel. push() per sample (no allocation), add_beat() for every
/// beat the channel's detector reports (same time base: seconds since reset).
class SignalQualityAssessor {
 public:
  /// Throws std::invalid_argument outside the ranges in SignalQualityConfig.
  explicit SignalQualityAssessor(const SignalQualityConfig& config);

  /// Feeds the next sample; returns the verdict when it completes a second. No allocation.
  std::optional<SignalQuality> push(float sample);
  /// A beat at t_s (seconds since reset). Judged in the second being filled (or the one
  /// containing t_s when that is still open). Beats must come in increasing time.
  void add_beat(double t_s);
  /// Forget everything (after a gap); time restarts at 0.
  void reset();

  std::int64_t samples_pushed() const { return samples_; }
  const SignalQualityConfig& config() const { return config_; }
  const SignalQualityThresholds& thresholds() const { return params_; }
  /// The measures behind the last verdict.
  const SignalQualityFeatures& last_features() const { return last_features_; }

 private:
  struct Moments {  // one second: power sums of the band-passed signal, raw extremes
    double n = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0;
    double out_of_band_sq = 0.0;
    double level_sum = 0.0;
    double min = 0.0, max = 0.0;
    BeatTemplateMatcher::Tally beats;  // beats judged against the templates in this second
  };
  static constexpr std::size_t kMaxWindowSeconds = 16;

  SignalQuality close_second();
  void start_second();

  SignalQualityConfig config_;
  SignalQualityThresholds params_;
  SignalQualityFeatures last_features_;
  std::int64_t clip_min_samples_ = 0; // repeats of the extreme that mean clipping (0 = off)
  double rail_tolerance_units_ = 0.0;
  std::size_t window_seconds_ = 5;
  std::size_t flat_seconds_ = 1;
  BiquadCascade band_;
  BiquadCascade out_of_band_;
  bool has_out_of_band_ = false;
  std::optional<BeatTemplateMatcher> templates_;  // ECG only

  std::int64_t samples_ = 0;
  std::int64_t second_ = 0;            // index of the second being filled
  std::int64_t second_end_sample_ = 0; // first sample of the next second
  bool first_sample_ = true;
  // Current second.
  Moments block_{};
  // Clip-like holds at the block's max and min (the min on negated samples).
  ExtremeHold max_hold_, min_hold_;
  QuantisationStep quantisation_;
  double previous_sample_ = 0.0;
  std::int64_t count_at_rails_ = 0;
  int implausible_beats_ = 0;
  // History.
  std::array<Moments, kMaxWindowSeconds> window_{};
  std::size_t window_head_ = 0, window_filled_ = 0;
  double typical_range_ = std::numeric_limits<double>::quiet_NaN();
  double typical_kurtosis_ = std::numeric_limits<double>::quiet_NaN();
  double last_beat_s_ = std::numeric_limits<double>::quiet_NaN();
  double last_rr_ms_ = std::numeric_limits<double>::quiet_NaN();
};

/// Offline form: the same assessor over a whole channel, with every beat judged in its own
/// second (hindsight) and beat_latency_s = 0. beat_times_s in increasing order (seconds from
/// the first sample); one verdict per complete second.
std::vector<SignalQuality> assess_signal_quality(std::span<const float> samples,
                                                 std::span<const double> beat_times_s,
                                                 const SignalQualityConfig& config);

/// Feedback gate with hysteresis: feedback pauses after pause_after_s consecutive seconds of
/// poor or unusable quality, and resumes after resume_after_s consecutive seconds of fair or
/// good quality. One verdict per second (the assessor's rate).
struct FeedbackGateConfig {
  double pause_after_s = 2.0;   // [1, 30]: one bad second (a cough, a bump) does not blink
  double resume_after_s = 5.0;  // [1, 60]: the signal must hold before feedback trusts it again
};

class FeedbackGate {
 public:
  explicit FeedbackGate(const FeedbackGateConfig& config = {});
  /// Feeds one verdict; returns feedback_ok() after it.
  bool push(const SignalQuality& quality);
  /// True while feedback may be shown (true before any verdict).
  bool feedback_ok() const { return ok_; }
  void reset();

 private:
  int pause_after_seconds_;
  int resume_after_seconds_;
  int bad_run_ = 0;
  int good_run_ = 0;
  bool ok_ = true;
};

}  // namespace resonant::dsp
