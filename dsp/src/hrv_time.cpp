#include <resonant/dsp/hrv_time.hpp>

#include <algorithm>
#include <cmath>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNn50Ms = 50.0;
// RR values computed from sample counts put a difference of exactly 50 ms (18 samples at
// 360 Hz) a rounding error either side of 50; "> 50 ms" must not depend on that. 1e-6 ms is far
// below any sampling resolution (0.5 ms at 2000 Hz). MIT-BIH 100 has 33 such differences.
constexpr double kNn50ToleranceMs = 1e-6;

bool exceeds_nn50(double successive_difference_ms) {
  return std::abs(successive_difference_ms) > kNn50Ms + kNn50ToleranceMs;
}
// Re-sum from scratch this often so subtracting evicted values cannot accumulate error.
constexpr std::uint64_t kRecomputeEvery = 4096;

TimeDomainHrv finish(std::size_t n, double mean_nn, double var_nn, std::size_t diffs,
                     double diff_sq_sum, std::size_t nn50) {
  TimeDomainHrv h;
  h.nn_count = n;
  h.diff_count = diffs;
  if (n >= 1) {
    h.mean_nn_ms = mean_nn;
    h.mean_hr_bpm = 60000.0 / mean_nn;
  }
  if (n >= 2) h.sdnn_ms = std::sqrt(std::max(0.0, var_nn));
  if (diffs >= 1) {
    h.rmssd_ms = std::sqrt(diff_sq_sum / static_cast<double>(diffs));
    h.pnn50_pct = 100.0 * static_cast<double>(nn50) / static_cast<double>(diffs);
  }
  return h;
}

}  // namespace

double ln_rmssd_ms(double rmssd_ms) {
  return rmssd_ms >= kMinResolvedRmssdMs ? std::log(rmssd_ms) : kNaN;
}

double ln_power_ms2(double power_ms2) {
  return power_ms2 >= kMinResolvedPowerMs2 ? std::log(power_ms2) : kNaN;
}

bool variation_is_resolved(const TimeDomainHrv& hrv) {
  return !(hrv.sdnn_ms * hrv.sdnn_ms < kMinResolvedPowerMs2);
}

bool is_plausible_rr_ms(double rr_ms) {
  return std::isfinite(rr_ms) && rr_ms >= kMinPlausibleRrMs && rr_ms <= kMaxPlausibleRrMs;
}

double nn_span_s(const TimeDomainHrv& hrv) {
  if (hrv.nn_count == 0 || !std::isfinite(hrv.mean_nn_ms)) return 0.0;
  return static_cast<double>(hrv.nn_count) * hrv.mean_nn_ms / 1000.0;
}

bool hrv_is_settled(const TimeDomainHrv& hrv) {
  return std::isfinite(hrv.rmssd_ms) && std::isfinite(hrv.sdnn_ms) &&
         nn_span_s(hrv) >= kMinShownHrvSpanS;
}

TimeDomainHrv time_domain_hrv(std::span<const RrInterval> nn) {
  const std::size_t n = nn.size();
  if (n == 0) return {};
  double sum = 0.0;
  for (const auto& r : nn) sum += r.rr_ms;
  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (const auto& r : nn) ss += (r.rr_ms - mean) * (r.rr_ms - mean);
  double diff_sq = 0.0;
  std::size_t diffs = 0, nn50 = 0;
  for (std::size_t i = 1; i < n; ++i) {
    if (nn[i].after_gap) continue;
    const double d = nn[i].rr_ms - nn[i - 1].rr_ms;
    diff_sq += d * d;
    ++diffs;
    if (exceeds_nn50(d)) ++nn50;
  }
  const double var = n >= 2 ? ss / static_cast<double>(n - 1) : kNaN;
  return finish(n, mean, var, diffs, diff_sq, nn50);
}

SlidingTimeDomainHrv::SlidingTimeDomainHrv(double window_s, std::size_t initial_capacity)
    : window_s_(window_s > 0.0 ? window_s : 1.0), ring_(std::max<std::size_t>(initial_capacity, 4)) {}

void SlidingTimeDomainHrv::reset() {
  head_ = 0;
  size_ = 0;
  ref_ms_ = kNaN;
  sum_ = sum_sq_ = diff_sq_sum_ = 0.0;
  diff_count_ = nn50_count_ = 0;
  pushes_since_recompute_ = 0;
}

void SlidingTimeDomainHrv::push(const RrInterval& interval) {
  if (std::isnan(ref_ms_)) ref_ms_ = interval.rr_ms;
  if (size_ == ring_.size()) {  // grow (only while warming up to the window's beat count)
    std::vector<RrInterval> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) % ring_.size()];
    ring_.swap(bigger);
    head_ = 0;
  }
  const bool has_prev = size_ > 0;
  const RrInterval prev = has_prev ? ring_[(head_ + size_ - 1) % ring_.size()] : RrInterval{};
  ring_[(head_ + size_) % ring_.size()] = interval;
  ++size_;
  const double x = interval.rr_ms - ref_ms_;
  sum_ += x;
  sum_sq_ += x * x;
  if (has_prev && !interval.after_gap) {
    const double d = interval.rr_ms - prev.rr_ms;
    diff_sq_sum_ += d * d;
    ++diff_count_;
    if (exceeds_nn50(d)) ++nn50_count_;
  }
  if (std::isfinite(window_s_)) evict_older_than(interval.t_s - window_s_);
  if (++pushes_since_recompute_ >= kRecomputeEvery) recompute_sums();
}

void SlidingTimeDomainHrv::evict_older_than(double t_min_s) {
  while (size_ > 1 && ring_[head_].t_s < t_min_s) {
    const RrInterval& old = ring_[head_];
    const RrInterval& next = ring_[(head_ + 1) % ring_.size()];
    const double x = old.rr_ms - ref_ms_;
    sum_ -= x;
    sum_sq_ -= x * x;
    if (!next.after_gap) {  // the difference old -> next leaves the window with old
      const double d = next.rr_ms - old.rr_ms;
      diff_sq_sum_ -= d * d;
      --diff_count_;
      if (exceeds_nn50(d)) --nn50_count_;
    }
    head_ = (head_ + 1) % ring_.size();
    --size_;
  }
}

void SlidingTimeDomainHrv::recompute_sums() {
  pushes_since_recompute_ = 0;
  if (size_ == 0) return;
  ref_ms_ = ring_[head_].rr_ms;
  sum_ = sum_sq_ = diff_sq_sum_ = 0.0;
  diff_count_ = nn50_count_ = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    const RrInterval& r = ring_[(head_ + i) % ring_.size()];
    const double x = r.rr_ms - ref_ms_;
    sum_ += x;
    sum_sq_ += x * x;
    if (i > 0 && !r.after_gap) {
      const double d = r.rr_ms - ring_[(head_ + i - 1) % ring_.size()].rr_ms;
      diff_sq_sum_ += d * d;
      ++diff_count_;
      if (exceeds_nn50(d)) ++nn50_count_;
    }
  }
}

TimeDomainHrv SlidingTimeDomainHrv::current() const {
  if (size_ == 0) return {};
  const double n = static_cast<double>(size_);
  const double mean_x = sum_ / n;
  const double var = size_ >= 2 ? (sum_sq_ - n * mean_x * mean_x) / (n - 1.0) : kNaN;
  return finish(size_, ref_ms_ + mean_x, var, diff_count_, std::max(0.0, diff_sq_sum_),
                nn50_count_);
}

}  // namespace resonant::dsp
