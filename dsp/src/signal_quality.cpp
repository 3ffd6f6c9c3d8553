#include <resonant/dsp/signal_quality.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Level from score (the score is a product of sub-scores in [0, 1]).
constexpr double kGoodScore = 0.8;
constexpr double kFairScore = 0.5;
constexpr double kPoorScore = 0.2;
// A test whose sub-score is below this names itself in the reasons (it alone would take the
// second below good).
constexpr double kReasonBelow = kGoodScore;
// Clipping: detected at all -> at best fair; 10 % of the second's samples clipped -> unusable.
constexpr double kClipScoreAtOnset = 0.7;
constexpr double kClipFractionUnusable = 0.10;
// Beats: an implausible RR makes the second's rate wrong -> poor.
constexpr double kImplausibleBeatScore = 0.3;
// Beats judged in the noise window before they can vouch for the signal (one beat could be a
// noise spike that happens to look like the template).
constexpr int kMinBeatsForReadableWindow = 2;
// The beat templates keep the band-passed ECG this long: beats reported up to beat_latency_s
// (at most 4 s) late, plus the search-back slack.
constexpr double kMaxBeatDelayS = 4.5;
// The typical range (for relative flat tests) follows the signal with this time constant.
constexpr double kTypicalRangeTauS = 60.0;
// The typical ECG kurtosis: slow enough that a noise burst of 10 s moves it < 10 %, fast
// enough to follow a heart-rate change (kurtosis falls as the QRS duty cycle rises) or a new
// electrode position within a few minutes.
constexpr double kTypicalKurtosisTauS = 120.0;

double ramp(double x, double zero_at, double one_at) {
  if (std::isnan(x)) return 1.0;  // nothing measurable (no variance): the flat test decides
  return std::clamp((x - zero_at) / (one_at - zero_at), 0.0, 1.0);
}

QualityLevel level_of(double score) {
  if (score >= kGoodScore) return QualityLevel::kGood;
  if (score >= kFairScore) return QualityLevel::kFair;
  if (score >= kPoorScore) return QualityLevel::kPoor;
  return QualityLevel::kUnusable;
}

// Moments of the band-passed signal from power sums (central moments about the block mean).
SignalQualityFeatures features_of(double n, double s1, double s2, double s3, double s4,
                                  double out_of_band_sq, bool has_out_of_band) {
  SignalQualityFeatures f;
  if (n < 2.0) return f;
  const double mu = s1 / n;
  const double m2 = s2 / n - mu * mu;
  const double m3 = s3 / n - 3.0 * mu * s2 / n + 2.0 * mu * mu * mu;
  const double m4 = s4 / n - 4.0 * mu * s3 / n + 6.0 * mu * mu * s2 / n - 3.0 * mu * mu * mu * mu;
  f.in_band_rms = std::sqrt(std::max(m2, 0.0));
  if (m2 > 0.0) {
    f.kurtosis = m4 / (m2 * m2);
    f.skewness = m3 / (m2 * std::sqrt(m2));
  }
  if (has_out_of_band) {
    f.out_of_band_rms = std::sqrt(out_of_band_sq / n);
    if (m2 > 0.0) f.out_of_band_ratio = f.out_of_band_rms / f.in_band_rms;
  }
  return f;
}

void check(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("SignalQualityConfig: " + what);
}

}  // namespace

std::string_view to_string(QualityLevel level) {
  switch (level) {
    case QualityLevel::kUnusable: return "unusable";
    case QualityLevel::kPoor: return "poor";
    case QualityLevel::kFair: return "fair";
    case QualityLevel::kGood: return "good";
  }
  return "unusable";
}

std::string_view to_string(QualityReason reason) {
  switch (reason) {
    case QualityReason::kFlat: return "flat";
    case QualityReason::kClipping: return "clipping";
    case QualityReason::kNoise: return "noise";
    case QualityReason::kImplausibleBeats: return "implausible_beats";
    case QualityReason::kNoBeats: return "no_beats";
  }
  return "unknown";
}

SignalQualityAssessor::SignalQualityAssessor(const SignalQualityConfig& config)
    : config_(config) {
  const double fs = config.sample_rate_hz;
  check(fs >= 4.0 && fs <= 2000.0, "sample_rate_hz outside [4, 2000]");
  check(config.kind != ChannelKind::kOther, "kind must be ECG, PPG, respiration or EDA");
  check(config.noise_window_s >= 1.0 && config.noise_window_s <= 16.0,
        "noise_window_s outside [1, 16]");
  check(config.max_beat_gap_s >= 2.0 && config.max_beat_gap_s <= 10.0,
        "max_beat_gap_s outside [2, 10]");
  check(config.beat_latency_s >= 0.0 && config.beat_latency_s <= 4.0,
        "beat_latency_s outside [0, 4]");
  const bool has_rails = !std::isnan(config.range_min_units) || !std::isnan(config.range_max_units);
  check(!has_rails || config.range_min_units < config.range_max_units,
        "range_min_units must be below range_max_units (or both NaN)");

  params_ = signal_quality_thresholds(config.kind);
  check(fs >= params_.min_rate_hz, "sample_rate_hz too low for this channel kind");
  window_seconds_ = static_cast<std::size_t>(std::lround(config.noise_window_s));
  flat_seconds_ = static_cast<std::size_t>(std::lround(params_.flat_window_s));
  clip_min_samples_ =
      params_.clip_repeat_s > 0.0
          ? std::max<std::int64_t>(3, std::llround(params_.clip_repeat_s * fs))
          : 0;
  if (clip_min_samples_ > 0) {
    max_hold_ = ExtremeHold(clip_min_samples_);
    min_hold_ = ExtremeHold(clip_min_samples_);
  }
  if (has_rails) {
    // Half a percent of the span: a few LSB of a 10-12 bit converter.
    rail_tolerance_units_ = 0.005 * (config.range_max_units - config.range_min_units);
  }
  const double nyquist_margin_hz = 0.45 * fs;
  band_ = butterworth_bandpass(2, params_.band_low_hz,
                               std::min(params_.band_high_hz, nyquist_margin_hz), fs);
  has_out_of_band_ = params_.out_of_band_hz < nyquist_margin_hz;
  if (has_out_of_band_) out_of_band_ = butterworth_highpass(4, params_.out_of_band_hz, fs);
  if (params_.use_beat_template) templates_.emplace(fs, kMaxBeatDelayS);
  reset();
}

void SignalQualityAssessor::reset() {
  samples_ = 0;
  second_ = 0;
  second_end_sample_ =
      static_cast<std::int64_t>(std::ceil(config_.sample_rate_hz - 1e-9));
  first_sample_ = true;
  window_ = {};
  window_head_ = 0;
  window_filled_ = 0;
  typical_range_ = kNaN;
  typical_kurtosis_ = kNaN;
  last_beat_s_ = kNaN;
  last_rr_ms_ = kNaN;
  if (templates_) templates_->reset();
  quantisation_.reset();
  start_second();
}

void SignalQualityAssessor::start_second() {
  block_ = {};
  max_hold_.start_block();
  min_hold_.start_block();
  count_at_rails_ = 0;
  implausible_beats_ = 0;
}

std::optional<SignalQuality> SignalQualityAssessor::push(float sample) {
  const double x = sample;
  if (first_sample_) {
    band_.reset_to_steady_state(x);
    out_of_band_.reset_to_steady_state(x);
    first_sample_ = false;
    previous_sample_ = x;
  }
  Moments& b = block_;
  if (clip_min_samples_ > 0) {
    // NaN step: every change counts as steep, i.e. every hold counts (the plain repeat rule).
    double step = kNaN;
    if (params_.clip_quantisation_aware) {
      quantisation_.push(std::abs(x - previous_sample_), b.n > 0.0 && x > b.min && x < b.max);
      step = quantisation_.step();
    }
    max_hold_.push(x, previous_sample_, step);
    min_hold_.push(-x, -previous_sample_, step);
  }
  previous_sample_ = x;
  if (b.n == 0.0 || x > b.max) b.max = x;
  if (b.n == 0.0 || x < b.min) b.min = x;
  if (rail_tolerance_units_ > 0.0 &&
      (x >= config_.range_max_units - rail_tolerance_units_ ||
       x <= config_.range_min_units + rail_tolerance_units_)) {
    ++count_at_rails_;
  }
  const double y = band_.process(x);
  if (templates_) {
    templates_->push(static_cast<float>(y), &b.beats);
  }
  const double y2 = y * y;
  b.n += 1.0;
  b.level_sum += x;
  b.s1 += y;
  b.s2 += y2;
  b.s3 += y2 * y;
  b.s4 += y2 * y2;
  if (has_out_of_band_) {
    const double h = out_of_band_.process(x);
    b.out_of_band_sq += h * h;
  }
  ++samples_;
  if (samples_ < second_end_sample_) return std::nullopt;
  SignalQuality q = close_second();
  ++second_;
  second_end_sample_ = static_cast<std::int64_t>(
      std::ceil(static_cast<double>(second_ + 1) * config_.sample_rate_hz - 1e-9));
  start_second();
  return q;
}

void SignalQualityAssessor::add_beat(double t_s) {
  if (!std::isnan(last_beat_s_)) {
    const double rr_ms = (t_s - last_beat_s_) * 1000.0;
    const bool jump = params_.rr_jump_fraction > 0.0 && !std::isnan(last_rr_ms_) &&
                      is_plausible_rr_ms(last_rr_ms_) &&
                      std::abs(rr_ms - last_rr_ms_) > params_.rr_jump_fraction * last_rr_ms_;
    if (!is_plausible_rr_ms(rr_ms) || jump) ++implausible_beats_;
    last_rr_ms_ = rr_ms;
  }
  last_beat_s_ = t_s;
  if (templates_) {
    templates_->add_beat(t_s * config_.sample_rate_hz, &block_.beats);
  }
}

SignalQuality SignalQualityAssessor::close_second() {
  window_[window_head_] = block_;
  window_head_ = (window_head_ + 1) % kMaxWindowSeconds;
  window_filled_ = std::min(window_filled_ + 1, kMaxWindowSeconds);
  auto recent = [&](std::size_t seconds, auto&& visit) {
    const std::size_t n = std::min(seconds, window_filled_);
    for (std::size_t k = 1; k <= n; ++k) {
      visit(window_[(window_head_ + kMaxWindowSeconds - k) % kMaxWindowSeconds]);
    }
  };

  // Flat: the range over the flat window against an absolute floor or the typical range.
  double lo = block_.min, hi = block_.max, level = 0.0, level_n = 0.0;
  recent(flat_seconds_, [&](const Moments& m) {
    lo = std::min(lo, m.min);
    hi = std::max(hi, m.max);
    level += m.level_sum;
    level_n += m.n;
  });
  const double range = hi - lo;
  bool flat = range <= params_.flat_range_units;
  if (params_.min_level_units > 0.0 && level / level_n < params_.min_level_units) flat = true;
  if (params_.flat_relative > 0.0) {
    if (!flat && std::isnan(typical_range_)) typical_range_ = range;
    if (!std::isnan(typical_range_) && range < params_.flat_relative * typical_range_) flat = true;
    if (!flat) {
      const double alpha = 1.0 - std::exp(-1.0 / kTypicalRangeTauS);
      typical_range_ += alpha * (range - typical_range_);
    }
  }

  // Clipping: at known rails, or the block's extreme held exactly for too long the way a
  // rail holds it (not the slow top of a coarsely quantised peak; extreme_hold.hpp).
  double clipped = static_cast<double>(count_at_rails_);
  if (clip_min_samples_ > 0 && block_.max > block_.min) {
    for (const ExtremeHold* hold : {&max_hold_, &min_hold_}) {
      if (hold->held() >= clip_min_samples_) clipped += static_cast<double>(hold->held());
    }
  }
  const double clipped_fraction = clipped / block_.n;
  const bool clipping = clipped > 0.0;
  const double q_clip =
      clipping ? std::clamp(kClipScoreAtOnset * (1.0 - clipped_fraction / kClipFractionUnusable),
                            0.0, 1.0)
               : 1.0;

  // Noise over the noise window.
  Moments w;
  recent(window_seconds_, [&](const Moments& m) {
    w.n += m.n;
    w.s1 += m.s1;
    w.s2 += m.s2;
    w.s3 += m.s3;
    w.s4 += m.s4;
    w.out_of_band_sq += m.out_of_band_sq;
    w.beats.judged += m.beats.judged;
    w.beats.correlation_sum += m.beats.correlation_sum;
    w.beats.other_morphology += m.beats.other_morphology;
  });
  SignalQualityFeatures f =
      features_of(w.n, w.s1, w.s2, w.s3, w.s4, w.out_of_band_sq, has_out_of_band_);
  f.range_units = range;
  double q_noise = 1.0;
  if (params_.use_kurtosis && !std::isnan(f.kurtosis)) {
    // Every beat in the window matched the dominant template (at the join correlation, 0.9):
    // the beats are readable, so a low absolute kurtosis is their shape and rate, not noise
    // (kurtosis falls as the QRS-T duty cycle rises; clean MIMIC 03700181 at 122 bpm with
    // broad T waves measures 3.3-4.4). Only the drop from the channel's own typical value
    // (below) judges noise then.
    const bool readable_beats = templates_ && w.beats.judged >= kMinBeatsForReadableWindow &&
                                w.beats.other_morphology == 0;
    if (!readable_beats) {
      q_noise = std::min(q_noise, ramp(f.kurtosis, params_.kurtosis_poor, params_.kurtosis_good));
    }
    if (!flat) {
      if (std::isnan(typical_kurtosis_)) typical_kurtosis_ = f.kurtosis;
      // ECG kurtosis moves with the beat mix (PVC runs, bigeminy halve it on a clean MIT-BIH
      // 106): a kurtosis drop means noise only while every beat in the window is of the
      // dominant morphology.
      const bool one_morphology = !templates_ || w.beats.other_morphology == 0;
      if (params_.kurtosis_relative_good > 0.0 && one_morphology) {
        q_noise = std::min(q_noise, ramp(f.kurtosis / typical_kurtosis_,
                                         params_.kurtosis_relative_poor,
                                         params_.kurtosis_relative_good));
      }
      const double alpha = 1.0 - std::exp(-1.0 / kTypicalKurtosisTauS);
      typical_kurtosis_ += alpha * (f.kurtosis - typical_kurtosis_);
    }
    f.typical_kurtosis = typical_kurtosis_;
  }
  if (params_.use_skewness) q_noise = std::min(q_noise, ramp(f.skewness, params_.skewness_poor,
                                                             params_.skewness_good));
  if (has_out_of_band_) {
    const double value = params_.out_of_band_absolute ? f.out_of_band_rms : f.out_of_band_ratio;
    q_noise = std::min(q_noise, ramp(value, params_.out_of_band_poor, params_.out_of_band_good));
    if (params_.out_of_band_per_second) {
      // The last second alone too: a burst shows in its first second, not diluted 1 in 5.
      const SignalQualityFeatures now =
          features_of(block_.n, block_.s1, block_.s2, block_.s3, block_.s4,
                      block_.out_of_band_sq, has_out_of_band_);
      f.out_of_band_ratio_second = now.out_of_band_ratio;
      q_noise = std::min(q_noise, ramp(now.out_of_band_ratio, params_.out_of_band_poor,
                                       params_.out_of_band_good));
    }
  }
  // Beat morphology: its own test (multiplied, not min-ed with the noise measures), since
  // it sees noise a different way (beats that do not look like the beats around them).
  double q_morphology = 1.0;
  if (params_.use_beat_template && w.beats.judged > 0) {
    f.beat_correlation = w.beats.correlation_sum / static_cast<double>(w.beats.judged);
    q_morphology = ramp(f.beat_correlation, params_.beat_correlation_poor,
                        params_.beat_correlation_good);
  }
  last_features_ = f;

  // Beats.
  const double end_s = static_cast<double>(second_end_sample_) / config_.sample_rate_hz;
  bool no_beats = false;
  if (config_.expects_beats) {
    const double since_s = std::isnan(last_beat_s_) ? end_s : end_s - last_beat_s_;
    no_beats = since_s > config_.max_beat_gap_s + config_.beat_latency_s;
  }
  const bool implausible = implausible_beats_ > 0;
  const double q_beats = no_beats ? 0.0 : implausible ? kImplausibleBeatScore : 1.0;

  const double score = flat ? 0.0 : q_clip * q_noise * q_morphology * q_beats;
  SignalQuality q;
  q.t_s = static_cast<double>(second_);
  q.score = static_cast<float>(score);
  q.level = level_of(score);
  auto set = [&](bool on, QualityReason r) {
    if (on) q.reasons = static_cast<std::uint8_t>(q.reasons | static_cast<std::uint8_t>(r));
  };
  set(flat, QualityReason::kFlat);
  set(!flat && clipping, QualityReason::kClipping);
  set(!flat && (q_noise < kReasonBelow || q_morphology < kReasonBelow), QualityReason::kNoise);
  set(implausible, QualityReason::kImplausibleBeats);
  set(no_beats, QualityReason::kNoBeats);
  return q;
}

std::vector<SignalQuality> assess_signal_quality(std::span<const float> samples,
                                                 std::span<const double> beat_times_s,
                                                 const SignalQualityConfig& config) {
  SignalQualityConfig c = config;
  c.beat_latency_s = 0.0;
  SignalQualityAssessor assessor(c);
  std::vector<SignalQuality> out;
  out.reserve(static_cast<std::size_t>(static_cast<double>(samples.size()) / c.sample_rate_hz) +
              1);
  std::size_t next_beat = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    // Hindsight: every beat up to this sample's time is known before its second closes.
    const double t_s = static_cast<double>(i) / c.sample_rate_hz;
    while (next_beat < beat_times_s.size() && beat_times_s[next_beat] <= t_s) {
      assessor.add_beat(beat_times_s[next_beat++]);
    }
    if (auto q = assessor.push(samples[i])) out.push_back(*q);
  }
  return out;
}

FeedbackGate::FeedbackGate(const FeedbackGateConfig& config)
    : pause_after_seconds_(static_cast<int>(std::lround(config.pause_after_s))),
      resume_after_seconds_(static_cast<int>(std::lround(config.resume_after_s))) {
  if (!(config.pause_after_s >= 1.0 && config.pause_after_s <= 30.0) ||
      !(config.resume_after_s >= 1.0 && config.resume_after_s <= 60.0)) {
    throw std::invalid_argument("FeedbackGateConfig: pause_after_s in [1, 30], "
                                "resume_after_s in [1, 60]");
  }
}

bool FeedbackGate::push(const SignalQuality& quality) {
  const bool bad = quality.level <= QualityLevel::kPoor;
  bad_run_ = bad ? bad_run_ + 1 : 0;
  good_run_ = bad ? 0 : good_run_ + 1;
  if (ok_ && bad_run_ >= pause_after_seconds_) ok_ = false;
  if (!ok_ && good_run_ >= resume_after_seconds_) ok_ = true;
  return ok_;
}

void FeedbackGate::reset() {
  bad_run_ = good_run_ = 0;
  ok_ = true;
}

}  // namespace resonant::dsp
