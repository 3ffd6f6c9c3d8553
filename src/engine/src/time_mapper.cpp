#include <resonant/engine/time_mapper.hpp>

#include <algorithm>
#include <cmath>

namespace resonant::engine {

double DeviceClockUnwrapper::unwrap_s(std::uint32_t t_us) {
  if (last_) {
    // Modular difference read as signed: +-35.8 min either side, across the wrap.
    const auto diff = static_cast<std::int32_t>(t_us - *last_);
    accumulated_us_ += diff;
  }
  last_ = t_us;
  return static_cast<double>(accumulated_us_) * 1e-6;
}

namespace {
// Buckets that fit in the drift window (plus slack for a sped-up simulation's time base).
std::size_t bucket_capacity(const TimeMapperConfig& c) {
  const double per_window = c.drift_window_s * std::max(1.0, c.session_per_host) / c.bucket_s;
  return static_cast<std::size_t>(std::ceil(std::max(0.0, per_window))) + 4;
}
}  // namespace

TimeMapper::TimeMapper(TimeMapperConfig config) : config_(config) {
  buckets_.reserve(bucket_capacity(config_));
}

void TimeMapper::begin(double device_s, double rx_session_s, bool device_clocked) {
  active_ = true;
  device_clocked_ = device_clocked;
  ref_device_s_ = device_s;
  ref_session_s_ = rx_session_s;
  first_session_s_ = rx_session_s;
  first_rx_s_ = rx_session_s;
  drift_ = 0.0;
  pull_rate_ = 0.0;
  open_bucket_.reset();
  buckets_.clear();
}

double TimeMapper::map_only(double device_s) const {
  return ref_session_s_ + (device_s - ref_device_s_) * (1.0 + drift_ + pull_rate_);
}

double TimeMapper::map(double device_s, double rx_session_s) {
  if (!active_) begin(device_s, rx_session_s);
  learn(device_s, rx_session_s);
  return map_only(device_s);
}

void TimeMapper::apply_rate(double device_s, double new_drift, double pull_rate) {
  // Re-anchor at device_s so the mapping is continuous where the rate changes.
  ref_session_s_ = map_only(device_s);
  ref_device_s_ = device_s;
  drift_ = new_drift;
  pull_rate_ = pull_rate;
}

void TimeMapper::learn(double device_s, double rx_session_s) {
  // Pick each bucket's least-delayed frame relative to the current mapping (flat when the
  // mapping is right), then store it in absolute form (host-based session time minus raw
  // device seconds) so later re-anchoring does not change stored points.
  const double residual = rx_session_s - map_only(device_s);
  if (open_bucket_ && device_s < bucket_start_s_ + config_.bucket_s) {
    if (residual < open_bucket_->residual) *open_bucket_ = Bucket{device_s, residual, rx_session_s};
    return;
  }
  const std::optional<Bucket> closing = open_bucket_;
  open_bucket_ = Bucket{device_s, residual, rx_session_s};
  bucket_start_s_ = device_s;
  if (!closing) return;
  Bucket closed = *closing;
  closed.residual += map_only(closed.device_s) - closed.device_s;
  const auto stale = std::find_if(buckets_.begin(), buckets_.end(), [&](const Bucket& b) {
    return rx_session_s - b.host_s <= config_.drift_window_s;
  });
  buckets_.erase(buckets_.begin(), stale);
  if (!buckets_.empty() && buckets_.size() == buckets_.capacity()) buckets_.erase(buckets_.begin());
  buckets_.push_back(closed);
  const double host_elapsed_s = (rx_session_s - first_rx_s_) / config_.session_per_host;
  if (!config_.estimate_drift || host_elapsed_s < config_.min_fit_host_s || buckets_.size() < 3) {
    return;
  }

  // Least squares through the bucket minima:
  //   (host-based session - device) = a + b * (device - x0)   =>   rate = 1 + b.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double x0 = buckets_.front().device_s;
  for (const Bucket& b : buckets_) {
    const double x = b.device_s - x0;
    sx += x;
    sy += b.residual;
    sxx += x * x;
    sxy += x * b.residual;
  }
  const double n = static_cast<double>(buckets_.size());
  const double denom = n * sxx - sx * sx;
  if (denom <= 0.0) return;
  const double slope = (n * sxy - sx * sy) / denom;
  const double intercept = (sy - slope * sx) / n;
  const double target = std::clamp(slope, -config_.max_drift, config_.max_drift);

  // Pull the offset toward the envelope line, bounded so it never shows as a jump.
  const double envelope_now = intercept + slope * (device_s - x0) + device_s;
  const double error = envelope_now - map_only(device_s);
  const double deadband = device_clocked_ ? config_.clocked_deadband_s : 0.0;
  const double slew = device_clocked_ ? config_.clocked_slew : config_.rx_only_slew;
  // Spread over the next bucket as a small extra rate, so no single interval jumps (a step
  // would land whole in one RR interval).
  double pull_rate = 0.0;
  if (std::abs(error) > deadband) {
    const double wanted = error - std::copysign(deadband, error);
    pull_rate = std::clamp(wanted / config_.bucket_s, -slew, slew);
  }
  apply_rate(device_s, drift_ + config_.drift_gain * (target - drift_), pull_rate);
}

}  // namespace resonant::engine
