#include <resonant/dsp/coherence.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "coherence_window.hpp"

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Spline knots kept before the window start, so the spline's shape at the window edge is set
// by real beats rather than by the natural end condition.
constexpr double kKnotMarginS = 5.0;
// Below this total power the series varies less than its timing resolves: CR is undefined.
constexpr double kMinTotalPowerMs2 = kMinResolvedPowerMs2;
// Sample times are start + j / rate; a grid time a rounding error past the update time counts.
constexpr double kGridTolerance = 1e-9;
// Interval ring: compact (no reallocation) once this many evicted entries lie in front.
constexpr std::size_t kCompactAfter = 256;

// §4.1 tables, [level - 1] = {low->medium, medium->high}.
constexpr std::array<CoherenceThresholds, 4> kSourceA{{{0.5, 1.8}, {0.6, 4.0}, {0.6, 4.0}, {2.1, 6.0}}};
constexpr std::array<CoherenceThresholds, 4> kSourceB{{{0.5, 0.9}, {0.6, 2.1}, {1.8, 4.0}, {4.0, 6.0}}};

// Steps 2-7 of the header on a buffer the caller owns (detrended in place). spectrum_out
// (optional) receives the spectrum CR was computed from when CR is defined.
CoherenceSample coherence_in_place(std::span<double> x, double rate_hz, const CoherenceConfig& c,
                                   Spectrum* spectrum_out = nullptr) {
  CoherenceSample out;
  if (x.size() < 4 || !(rate_hz > 0.0)) return out;
  if (c.linear_detrend) detail::remove_linear_trend(x);  // periodogram() removes the mean anyway
  Spectrum s = periodogram(x, rate_hz, c.taper, c.fft_size);
  const double total = band_power(s, c.total_low_hz, c.total_high_hz);
  const double peak_hz = peak_frequency_hz(s, c.peak_search_low_hz, c.peak_search_high_hz);
  if (!(total > kMinTotalPowerMs2) || !std::isfinite(peak_hz)) return out;
  // The parabolic offset is within half a bin, so rounding recovers the maximum's bin.
  const double peak_bin_hz = std::round(peak_hz / s.resolution_hz) * s.resolution_hz;
  const double low = std::max(peak_bin_hz - c.peak_half_width_hz, c.total_low_hz);
  const double high = std::min(peak_bin_hz + c.peak_half_width_hz, c.total_high_hz);
  const double peak = band_power(s, low, high);
  const double rest = total - peak;
  out.peak_hz = peak_hz;
  out.peak_power_ms2 = peak;
  out.total_power_ms2 = total;
  out.peak_share = peak / total;
  out.ratio = rest > 0.0 ? peak / rest : std::numeric_limits<double>::infinity();
  out.level = coherence_level(out.ratio, c.thresholds);
  if (spectrum_out != nullptr) *spectrum_out = std::move(s);
  return out;
}

double first_grid_time_at_or_after(double t_s, double step_s) {
  return std::ceil(t_s / step_s - kGridTolerance) * step_s;
}

}  // namespace

CoherenceThresholds challenge_level_thresholds(int level, ThresholdSource source) {
  const auto index = static_cast<std::size_t>(std::clamp(level, 1, 4) - 1);
  return source == ThresholdSource::kForumQuote2013 ? kSourceB[index] : kSourceA[index];
}

std::string_view to_string(CoherenceLevel level) {
  switch (level) {
    case CoherenceLevel::kUnknown: return "unknown";
    case CoherenceLevel::kLow: return "low";
    case CoherenceLevel::kMedium: return "medium";
    case CoherenceLevel::kHigh: return "high";
  }
  return "unknown";
}

CoherenceLevel coherence_level(double ratio, const CoherenceThresholds& t) {
  if (std::isnan(ratio)) return CoherenceLevel::kUnknown;
  if (ratio >= t.medium_to_high) return CoherenceLevel::kHigh;
  if (ratio >= t.low_to_medium) return CoherenceLevel::kMedium;
  return CoherenceLevel::kLow;
}

int coherence_points(CoherenceLevel level) {
  switch (level) {
    case CoherenceLevel::kMedium: return 1;
    case CoherenceLevel::kHigh: return 2;
    case CoherenceLevel::kUnknown:
    case CoherenceLevel::kLow: return 0;
  }
  return 0;
}

CoherenceSample coherence_of_window(std::span<const double> ibi_ms, double rate_hz,
                                    const CoherenceConfig& config) {
  std::vector<double> x(ibi_ms.begin(), ibi_ms.end());
  return coherence_in_place(x, rate_hz, config);
}

CoherenceTracker::CoherenceTracker(const CoherenceConfig& config) : config_(config) {
  config_.history_capacity = std::max<std::size_t>(config_.history_capacity, 1);
  history_.resize(config_.history_capacity);
  const double window_beats_max = (config_.window_s + 2.0 * kKnotMarginS) / (kMinPlausibleRrMs / 1000.0);
  ring_.reserve(static_cast<std::size_t>(window_beats_max) + 2 * kCompactAfter);
  knot_t_s_.reserve(ring_.capacity());
  knot_ms_.reserve(ring_.capacity());
  window_.reserve(static_cast<std::size_t>(std::ceil(config_.window_s * config_.resample_rate_hz)) + 1);
}

void CoherenceTracker::reset() {
  ring_.clear();
  head_ = 0;
  size_ = 0;
  last_t_s_ = -std::numeric_limits<double>::infinity();
  next_update_s_ = kNaN;
  history_head_ = 0;
  history_size_ = 0;
  accumulated_score_ = 0;
  updates_ = 0;
  last_spectrum_.density.clear();
  last_spectrum_t_s_ = kNaN;
}

std::size_t CoherenceTracker::push(const RrInterval& nn) {
  if (!(nn.t_s > last_t_s_)) return 0;
  last_t_s_ = nn.t_s;
  if (!is_plausible_rr_ms(nn.rr_ms)) return 0;

  const double begin_s = nn.t_s - nn.rr_ms / 1000.0;
  const double previous_end_s = size_ > 0 ? ring_.back().t_s : -std::numeric_limits<double>::infinity();
  // First data, or a hole longer than a window: no window can be full before
  // begin + window, so the next update waits for that (no run of empty updates).
  if (begin_s - previous_end_s > config_.window_s) {
    next_update_s_ = first_grid_time_at_or_after(begin_s + config_.window_s, config_.update_interval_s);
  }
  ring_.push_back(nn);
  ++size_;

  std::size_t produced = 0;
  while (nn.t_s >= next_update_s_) {
    append(evaluate(next_update_s_));
    next_update_s_ += config_.update_interval_s;
    ++produced;
  }
  evict_before(next_update_s_ - config_.window_s - kKnotMarginS);
  return produced;
}

void CoherenceTracker::evict_before(double t_s) {
  while (size_ > 2 && ring_[head_].t_s < t_s) {
    ++head_;
    --size_;
  }
  if (head_ >= kCompactAfter && head_ * 2 >= ring_.size()) {
    ring_.erase(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(head_));  // no reallocation
    head_ = 0;
  }
}

CoherenceSample CoherenceTracker::evaluate(double t_update_s) {
  const double t0_s = t_update_s - config_.window_s;
  const std::span<const RrInterval> nn(ring_.data() + head_, size_);
  detail::NnCoverage cov = detail::nn_coverage(nn, t0_s, t_update_s);
  CoherenceSample sample;
  if (cov.coverage >= config_.min_coverage && cov.longest_hole_s <= config_.max_gap_s) {
    knot_t_s_.clear();
    knot_ms_.clear();
    for (const RrInterval& iv : nn) {
      if (iv.t_s < t0_s - kKnotMarginS) continue;
      knot_t_s_.push_back(iv.t_s);
      knot_ms_.push_back(iv.rr_ms);
    }
    const UniformSeries& u = resampler_.resample(knot_t_s_, knot_ms_, config_.resample_rate_hz);
    const auto n = static_cast<std::size_t>(std::llround(config_.window_s * config_.resample_rate_hz));
    const double last = std::floor((t_update_s - u.start_s) * u.rate_hz + kGridTolerance);
    if (u.start_s > t0_s + 1.0 / u.rate_hz) {
      // The spline starts at the first beat: an interval reaching back into the window without
      // a beat before it leaves the start of the window unsampled. Report it as a hole.
      cov.longest_hole_s = std::max(cov.longest_hole_s, u.start_s - t0_s);
    } else if (last >= static_cast<double>(n) - 1.0 && last < static_cast<double>(u.values.size())) {
      const auto end = static_cast<std::size_t>(last) + 1;
      window_.assign(u.values.begin() + static_cast<std::ptrdiff_t>(end - n),
                     u.values.begin() + static_cast<std::ptrdiff_t>(end));
      sample = coherence_in_place(window_, config_.resample_rate_hz, config_, &last_spectrum_);
      if (!std::isnan(sample.ratio)) last_spectrum_t_s_ = t_update_s;
    }
  }
  sample.t_s = t_update_s;
  sample.coverage = cov.coverage;
  sample.longest_gap_s = cov.longest_hole_s;
  return sample;
}

void CoherenceTracker::append(const CoherenceSample& sample) {
  const std::size_t capacity = history_.size();
  history_[(history_head_ + history_size_) % capacity] = sample;
  if (history_size_ < capacity) {
    ++history_size_;
  } else {
    history_head_ = (history_head_ + 1) % capacity;
  }
  accumulated_score_ += coherence_points(sample.level);
  ++updates_;
}

const CoherenceSample& CoherenceTracker::history(std::size_t index) const {
  return history_[(history_head_ + index) % history_.size()];
}

std::optional<CoherenceSample> CoherenceTracker::latest() const {
  if (history_size_ == 0) return std::nullopt;
  return history(history_size_ - 1);
}

std::vector<CoherenceSample> coherence_series(std::span<const RrInterval> nn,
                                              const CoherenceConfig& config) {
  std::vector<CoherenceSample> out;
  if (nn.empty()) return out;
  CoherenceConfig c = config;
  // Hindsight only in sizing: a history large enough to hold every update of the record.
  const double span_s = nn.back().t_s - nn.front().t_s;
  c.history_capacity = static_cast<std::size_t>(std::max(0.0, span_s) / c.update_interval_s) + 2;
  CoherenceTracker tracker(c);
  for (const RrInterval& iv : nn) {
    const std::size_t produced = tracker.push(iv);
    for (std::size_t k = tracker.history_size() - produced; k < tracker.history_size(); ++k) {
      out.push_back(tracker.history(k));
    }
  }
  return out;
}

}  // namespace resonant::dsp
