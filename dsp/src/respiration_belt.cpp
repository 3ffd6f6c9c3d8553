#include <resonant/dsp/respiration_belt.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

#include <resonant/dsp/peak_interpolation.hpp>

#include "respiration_extremum_fit.hpp"

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFilterOrder = 2;
// Time constant of the running input level and filtered RMS (seed of the hysteresis before
// the first swing): long enough to span a 3 /min breath.
constexpr double kLevelTimeConstantS = 20.0;
// Weight of a new swing in the slow reference (about 50 swings = 25 breaths).
constexpr double kLongSwingWeight = 0.02;
// Without an extremum for two expected half cycles, the hysteresis reference decays with this
// time constant (recovers from an amplitude drop larger than the hysteresis fraction) ...
constexpr double kSwingDecayTimeConstantS = 5.0;
// ... down to this share of the slow reference (a flat line's filter ringing and noise stay
// below it, so no breaths).
constexpr double kSwingFloorShare = 0.05;
// Numeric floor of the hysteresis relative to the input level: a constant input's filtered
// rounding noise (~1e-16 of the level) never makes extrema; any real sensor noise is larger.
constexpr double kNumericFloorShare = 1e-9;
// Before the first breath: 12 /min and a 40 % inhale (typical spontaneous breathing).
constexpr double kDefaultFrequencyHz = 0.2;
constexpr double kDefaultInhaleFraction = 0.4;
// Amplitude regularity: a breath's amplitude over the running reference, folded to <= 1;
// score 0 at or below kAmpRatioZero, 1 at or above kAmpRatioFull.
constexpr double kAmpRatioZero = 0.25;
constexpr double kAmpRatioFull = 0.6;
constexpr double kBreathAmpWeight = 0.25;
// Duration regularity, likewise against the running breath duration: a merged pair of breaths
// (a missed onset) has half the rate and scores 0.33; ordinary variability (x0.7-1.4) scores 1.
constexpr double kDurationRatioZero = 0.4;
constexpr double kDurationRatioFull = 0.7;
// Clipping: the raw signal holds one value for this share of a breath at its extreme.
constexpr double kClipRunShare = 0.08;
constexpr double kClipLevelShare = 0.02;
constexpr double kClippedQualityFactor = 0.25;
constexpr double kAlmostOne = 0.999;
constexpr std::size_t kHalfCycles = 4;
// Extremum fit: +- this share of the expected cycle (a sinusoid's turn is a parabola within
// 2 % over +-0.63 rad = +-10 % of a cycle; a symmetric window leaves a sinusoid's vertex
// unbiased).
constexpr double kFitHalfWidthCycles = 0.1;

void validate(const BeltRespirationConfig& c) {
  const bool ok = c.sample_rate_hz >= 10.0 && c.sample_rate_hz <= 1000.0 &&
                  c.low_cut_hz >= 0.01 && c.low_cut_hz <= 0.05 && c.high_cut_hz >= 0.5 &&
                  c.high_cut_hz <= 3.0 && c.high_cut_hz < c.sample_rate_hz / 2.0 &&
                  c.hysteresis_fraction >= 0.1 && c.hysteresis_fraction <= 0.45 &&
                  c.min_breath_s >= 1.0 && c.min_breath_s <= 3.0 && c.max_breath_s >= 20.0 &&
                  c.max_breath_s <= 60.0 && c.min_amplitude_au >= 0.0 &&
                  c.swing_memory > 0.0 && c.swing_memory <= 1.0;
  if (!ok) throw std::invalid_argument("BeltRespirationConfig out of range");
}

BiquadCascade make_filter(const BeltRespirationConfig& c) {
  BiquadCascade f = butterworth_highpass(kFilterOrder, c.low_cut_hz, c.sample_rate_hz);
  f.append(butterworth_lowpass(kFilterOrder, c.high_cut_hz, c.sample_rate_hz));
  return f;
}

}  // namespace

BeltRespiration::BeltRespiration(const BeltRespirationConfig& config)
    : config_(config), filter_((validate(config), make_filter(config))),
      dt_s_(1.0 / config.sample_rate_hz) {
  // The fit window (+-8 % of the longest cycle) plus the confirmation delay (at most half a
  // cycle for any plausible shape) must stay in the history.
  const auto needed =
      static_cast<std::size_t>(std::ceil(0.6 * config.max_breath_s * config.sample_rate_hz));
  std::size_t capacity = 1;
  while (capacity < needed) capacity <<= 1;
  history_.assign(capacity, 0.0);
  history_mask_ = capacity - 1;
  reset();
}

void BeltRespiration::reset() {
  filter_.reset();
  n_ = 0;
  level_ = rms_sq_ = rms_weight_ = 0.0;
  swing_ref_ = long_swing_ = 0.0;
  seeking_peak_ = true;
  started_ = false;
  cand_value_ = cand_prev_ = cand_next_ = 0.0;
  cand_index_ = 0;
  cand_needs_next_ = false;
  last_y_ = 0.0;
  last_extremum_t_ = kNaN;
  last_extremum_tf_ = kNaN;
  half_cycle_s_.fill(kNaN);
  last_extremum_value_ = 0.0;
  onset_.reset();
  peak_.reset();
  last_breath_.reset();
  breath_amp_ref_ = 0.0;
  breath_duration_ref_ = 0.0;
  prev_raw_ = 0.0f;
  reset_breath_stats();
}

void BeltRespiration::reset_breath_stats() {
  run_ = 0;
  longest_run_ = 0;
  longest_run_value_ = prev_raw_;
  raw_max_ = raw_min_ = prev_raw_;
}

double BeltRespiration::time_s() const {
  return static_cast<double>(n_ > 0 ? n_ - 1 : 0) * dt_s_;
}

double BeltRespiration::phase_delay_s(double freq_hz) const {
  const double arg = std::arg(filter_.response(freq_hz, config_.sample_rate_hz));
  return -arg / (2.0 * std::numbers::pi * freq_hz);
}

double BeltRespiration::group_delay_s(double freq_hz) const {
  return filter_.group_delay_samples(freq_hz, config_.sample_rate_hz) * dt_s_;
}

double BeltRespiration::detection_latency_s(double rate_bpm) const {
  const double f = rate_bpm / 60.0;
  // A sinusoid rises by a fraction h of its peak-to-trough swing 2A after its trough when
  // A (1 - cos theta) = 2 A h.
  const double theta = std::acos(1.0 - 2.0 * config_.hysteresis_fraction);
  return phase_delay_s(f) + theta / (2.0 * std::numbers::pi * f);
}

double BeltRespiration::frequency_estimate_hz() const {
  // Median of the last half cycles (mean of the middle two of four): one odd half cycle, e.g.
  // where the depth steps, does not move the phase correction.
  std::array<double, kHalfCycles> h{};
  std::size_t count = 0;
  for (const double v : half_cycle_s_) {
    if (std::isfinite(v)) h[count++] = v;
  }
  double f = kDefaultFrequencyHz;
  if (count > 0) {
    for (std::size_t i = 1; i < count; ++i) {  // insertion sort of <= 4 values
      for (std::size_t j = i; j > 0 && h[j - 1] > h[j]; --j) std::swap(h[j - 1], h[j]);
    }
    const double median = count % 2 == 1 ? h[count / 2] : 0.5 * (h[count / 2 - 1] + h[count / 2]);
    f = 0.5 / median;
  }
  return std::clamp(f, 1.0 / config_.max_breath_s, 1.0 / config_.min_breath_s);
}

double BeltRespiration::hysteresis() const {
  double base = swing_ref_;
  if (!(base > 0.0)) {
    // Peak-to-trough of a sinusoid of this RMS.
    const double rms = rms_weight_ > 0.0 ? std::sqrt(rms_sq_ / rms_weight_) : 0.0;
    base = 2.0 * std::numbers::sqrt2 * rms;
  }
  double h = config_.hysteresis_fraction * base;
  h = std::max(h, config_.hysteresis_fraction * config_.min_amplitude_au);
  return std::max(h, kNumericFloorShare * std::abs(level_));
}

std::optional<Breath> BeltRespiration::push(float sample_au) {
  const double x = sample_au;
  if (n_ == 0) {
    filter_.reset_to_steady_state(x);  // no start-up transient from the belt's offset
    level_ = x;
    prev_raw_ = sample_au;
    reset_breath_stats();
  }
  const double y = filter_.process(x);
  history_[static_cast<std::size_t>(n_) & history_mask_] = y;
  const double alpha = dt_s_ / kLevelTimeConstantS;
  level_ += alpha * (x - level_);
  rms_sq_ = (1.0 - alpha) * rms_sq_ + alpha * y * y;
  rms_weight_ = (1.0 - alpha) * rms_weight_ + alpha;  // bias correction of the EMA

  // Clipping statistics of the raw signal.
  run_ = (n_ > 0 && sample_au == prev_raw_) ? run_ + 1 : 1;
  if (run_ > longest_run_) {
    longest_run_ = run_;
    longest_run_value_ = sample_au;
  }
  raw_max_ = std::max(raw_max_, sample_au);
  raw_min_ = std::min(raw_min_, sample_au);
  prev_raw_ = sample_au;

  std::optional<Breath> breath;
  if (!started_) {
    started_ = true;
    cand_value_ = cand_prev_ = cand_next_ = y;
    cand_index_ = n_;
  } else {
    if (cand_needs_next_) {
      cand_next_ = y;
      cand_needs_next_ = false;
    }
    const double h = hysteresis();
    const bool extends = seeking_peak_ ? y > cand_value_ : y < cand_value_;
    const bool turned = seeking_peak_ ? y < cand_value_ - h : y > cand_value_ + h;
    if (extends) {
      cand_value_ = y;
      cand_index_ = n_;
      cand_prev_ = last_y_;
      cand_needs_next_ = true;
    } else if (turned) {
      breath = confirm_extremum(seeking_peak_);
      seeking_peak_ = !seeking_peak_;
      start_candidate_after_turn();
    }
  }
  last_y_ = y;

  const double t = static_cast<double>(n_) * dt_s_;
  const double expected_half_cycle_s = 0.5 / frequency_estimate_hz();
  if (std::isfinite(last_extremum_t_) && t - last_extremum_t_ > 2.0 * expected_half_cycle_s) {
    swing_ref_ *= 1.0 - dt_s_ / kSwingDecayTimeConstantS;
    swing_ref_ = std::max(swing_ref_, kSwingFloorShare * long_swing_);
  }
  ++n_;
  return breath;
}

void BeltRespiration::start_candidate_after_turn() {
  // The next extremum may already have passed while the last one waited for confirmation
  // (a late confirmation after a depth drop): start from the most extreme sample since it.
  const auto at = [&](std::int64_t i) {
    return history_[static_cast<std::size_t>(i) & history_mask_];
  };
  std::int64_t best = n_;
  const auto oldest = n_ - static_cast<std::int64_t>(history_.size()) + 1;
  for (std::int64_t i = std::max(cand_index_ + 1, oldest); i < n_; ++i) {
    if (seeking_peak_ ? at(i) > at(best) : at(i) < at(best)) best = i;
  }
  cand_index_ = best;
  cand_value_ = at(best);
  cand_prev_ = best > std::max<std::int64_t>(oldest, 0) ? at(best - 1) : cand_value_;
  cand_needs_next_ = best == n_;
  if (!cand_needs_next_) cand_next_ = at(best + 1);
}

std::optional<Breath> BeltRespiration::confirm_extremum(bool is_peak) {
  const double sign = is_peak ? 1.0 : -1.0;
  const double f_hz = frequency_estimate_hz();
  const auto half_width = std::max<std::int64_t>(
      1, std::llround(kFitHalfWidthCycles / f_hz * config_.sample_rate_hz));
  const auto capacity = static_cast<std::int64_t>(history_.size());
  const auto fit = detail::fit_extremum(history_, std::max<std::int64_t>(0, n_ - capacity + 1),
                                        n_, cand_index_, half_width, is_peak);
  double index = 0.0, value = 0.0;
  if (fit) {
    index = fit->index;
    value = fit->value;
  } else {  // too close to a reset, or not a turn the fit can see: the 3-point parabola
    const ParabolicPeak pp =
        parabolic_peak(sign * cand_prev_, sign * cand_value_, sign * cand_next_);
    index = static_cast<double>(cand_index_) + pp.offset;
    value = sign * pp.value;
  }
  const double t_filtered = index * dt_s_;
  const Extremum e{t_filtered - phase_delay_s(f_hz), value};

  if (std::isfinite(last_extremum_t_)) {
    const double swing = std::abs(e.value - last_extremum_value_);
    swing_ref_ = swing_ref_ > 0.0
                     ? (1.0 - config_.swing_memory) * swing_ref_ + config_.swing_memory * swing
                     : swing;
    long_swing_ = long_swing_ > 0.0
                      ? (1.0 - kLongSwingWeight) * long_swing_ + kLongSwingWeight * swing
                      : swing;
  }
  if (std::isfinite(last_extremum_tf_)) {
    std::rotate(half_cycle_s_.rbegin(), half_cycle_s_.rbegin() + 1, half_cycle_s_.rend());
    half_cycle_s_[0] = t_filtered - last_extremum_tf_;
  }
  last_extremum_tf_ = t_filtered;
  last_extremum_t_ = e.t_s;
  last_extremum_value_ = e.value;

  if (is_peak) {
    if (onset_ && (!peak_ || e.value > peak_->value)) peak_ = e;
    return std::nullopt;
  }
  return close_breath(e);
}

std::optional<Breath> BeltRespiration::close_breath(const Extremum& trough) {
  const auto start_new = [&] {
    onset_ = trough;
    peak_.reset();
    reset_breath_stats();
  };
  if (!onset_ || !peak_) {
    start_new();
    return std::nullopt;
  }
  const double duration = trough.t_s - onset_->t_s;
  if (duration < config_.min_breath_s) return std::nullopt;  // a ripple: the breath goes on
  if (duration > config_.max_breath_s) {
    start_new();  // a pause: no breath, start again here
    return std::nullopt;
  }
  Breath b;
  b.onset_s = onset_->t_s;
  b.peak_s = peak_->t_s;
  b.end_s = trough.t_s;
  b.rate_bpm = 60.0 / duration;
  b.inhale_s = b.peak_s - b.onset_s;
  b.exhale_s = b.end_s - b.peak_s;
  b.inhale_fraction = b.inhale_s / duration;
  b.amplitude_au = peak_->value - 0.5 * (onset_->value + trough.value);
  if (b.amplitude_au < config_.min_amplitude_au) {
    start_new();
    return std::nullopt;
  }

  double amp_score = 1.0;
  if (breath_amp_ref_ > 0.0) {
    const double r = b.amplitude_au / breath_amp_ref_;
    const double folded = std::min(r, 1.0 / r);
    amp_score = std::clamp((folded - kAmpRatioZero) / (kAmpRatioFull - kAmpRatioZero), 0.0, 1.0);
  }
  double duration_score = 1.0;
  if (breath_duration_ref_ > 0.0) {
    const double r = duration / breath_duration_ref_;
    const double folded = std::min(r, 1.0 / r);
    duration_score = std::clamp(
        (folded - kDurationRatioZero) / (kDurationRatioFull - kDurationRatioZero), 0.0, 1.0);
  }
  breath_duration_ref_ = breath_duration_ref_ > 0.0
                             ? (1.0 - kBreathAmpWeight) * breath_duration_ref_ +
                                   kBreathAmpWeight * duration
                             : duration;
  breath_amp_ref_ = breath_amp_ref_ > 0.0
                        ? (1.0 - kBreathAmpWeight) * breath_amp_ref_ +
                              kBreathAmpWeight * b.amplitude_au
                        : b.amplitude_au;
  const double range = static_cast<double>(raw_max_) - static_cast<double>(raw_min_);
  const double run_share =
      static_cast<double>(longest_run_) * dt_s_ / duration;
  const bool at_extreme =
      std::abs(static_cast<double>(longest_run_value_) - raw_max_) <= kClipLevelShare * range ||
      std::abs(static_cast<double>(longest_run_value_) - raw_min_) <= kClipLevelShare * range;
  b.clipped = range > 0.0 && run_share >= kClipRunShare && at_extreme;
  b.quality = static_cast<float>(amp_score * duration_score *
                                 (b.clipped ? kClippedQualityFactor : 1.0));

  last_breath_ = b;
  start_new();
  return b;
}

double BeltRespiration::phase() const {
  if (!onset_ || n_ == 0) return kNaN;
  const double t = time_s();
  if (t - onset_->t_s > config_.max_breath_s) return kNaN;
  const double period = last_breath_ ? last_breath_->end_s - last_breath_->onset_s
                                     : 1.0 / frequency_estimate_hz();
  const double fin = last_breath_ ? last_breath_->inhale_fraction : kDefaultInhaleFraction;
  // Past the expected end of this breath the next one is extrapolated at the same period, so
  // the phase keeps turning through the reporting delay of the next onset.
  const auto expected = [&](double since_s) {
    return since_s / period - std::floor(since_s / period);
  };
  double phi;
  if (peak_) {
    const double inhale = peak_->t_s - onset_->t_s;
    const double exhale_expected = period * (1.0 - fin);
    const double phi_peak = inhale / (inhale + exhale_expected);
    const double since_peak = std::max(t - peak_->t_s, 0.0);
    phi = since_peak < exhale_expected
              ? phi_peak + (1.0 - phi_peak) * since_peak / exhale_expected
              : expected(since_peak - exhale_expected);
  } else {
    phi = expected(std::max(t - onset_->t_s, 0.0));
  }
  return std::clamp(phi, 0.0, kAlmostOne);
}

double BeltRespiration::rate_bpm() const {
  if (!last_breath_ || time_s() - last_breath_->end_s > config_.max_breath_s) return kNaN;
  return last_breath_->rate_bpm;
}

double BeltRespiration::quality() const {
  if (!last_breath_ || time_s() - last_breath_->end_s > config_.max_breath_s) return 0.0;
  return last_breath_->quality;
}

std::vector<Breath> detect_breaths(std::span<const float> belt_au,
                                   const BeltRespirationConfig& config) {
  BeltRespiration belt(config);
  std::vector<Breath> out;
  for (const float x : belt_au) {
    if (auto b = belt.push(x)) out.push_back(*b);
  }
  return out;
}

double breath_phase(std::span<const Breath> breaths, double t_s) {
  const auto it = std::upper_bound(breaths.begin(), breaths.end(), t_s,
                                   [](double t, const Breath& b) { return t < b.onset_s; });
  if (it == breaths.begin()) return kNaN;
  const Breath& b = *(it - 1);
  if (t_s >= b.end_s) return kNaN;
  if (t_s < b.peak_s) return b.inhale_fraction * (t_s - b.onset_s) / b.inhale_s;
  return b.inhale_fraction + (1.0 - b.inhale_fraction) * (t_s - b.peak_s) / b.exhale_s;
}

RespirationRate belt_respiration_rate(std::span<const Breath> breaths, double t_start_s,
                                      double t_end_s) {
  RespirationRate r;
  r.t_s = t_end_s;
  double total_s = 0.0, quality_sum = 0.0;
  std::size_t count = 0;
  for (const Breath& b : breaths) {
    if (b.end_s <= t_start_s || b.end_s > t_end_s) continue;
    total_s += b.end_s - b.onset_s;
    quality_sum += b.quality;
    ++count;
  }
  if (count == 0) return r;
  r.rate_bpm = 60.0 * static_cast<double>(count) / total_s;
  const double coverage = std::min(1.0, total_s / (t_end_s - t_start_s));
  r.quality = quality_sum / static_cast<double>(count) * coverage;
  return r;
}

}  // namespace resonant::dsp
