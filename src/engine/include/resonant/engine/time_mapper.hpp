#pragma once
// Device time -> session time (architecture.md §2: the third and last place timestamps are
// made). Session time is what DSP, plots, recordings and the pacer use.
//
// Method:
//  - The device's 32-bit microsecond counter is unwrapped (differences taken modulo 2^32 and
//    read as signed, so wraps in either direction are handled; a jump of more than ~35 min
//    is not representable and is treated as a new stream by the caller).
//  - A stream is anchored at its first frame: that frame's device time maps to the session
//    time at which it was received. From there session time advances with device time, so
//    USB/scheduler jitter on receive times never reaches the samples.
//  - Clock drift (a ceramic resonator is off by up to 0.5 %) is estimated from the lower
//    envelope of (host-based session time - device-based session time): per 5 s bucket the
//    smallest value (the least-delayed frame), then a least-squares line through the bucket
//    minima of the last drift_window_s of host time. The drift is applied as a rate
//    correction that moves slowly, so the mapping stays continuous and monotonic.
//    No estimate is made before min_fit_host_s of host time has passed.
//    Offset error that accumulated before the rate converged is pulled back toward the
//    envelope line at a bounded slew (deadband for device-clocked streams, so the anchor
//    frame's own latency is not chased).
//  - Devices without a clock (receive time only) use the same machinery with device time =
//    samples counted / nominal rate, and the offset pull without deadband.
//  - The simulated device stamps its samples from the host's own clock: no estimate at all
//    (estimate_drift = false), the mapping is exactly its clock.
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <cstdint>
#include <vector>
#include <optional>

#include <resonant/common/session_clock.hpp>

namespace resonant::engine {

/// Unwraps a free-running 32-bit microsecond counter into seconds.
class DeviceClockUnwrapper {
 public:
  /// Seconds since the first value seen (the first call returns 0).
  double unwrap_s(std::uint32_t t_us);
  void reset() { last_.reset(); }

 private:
  std::optional<std::uint32_t> last_;
  std::int64_t accumulated_us_ = 0;
};

struct TimeMapperConfig {
  bool estimate_drift = true;       // off when the device clock is the host clock (simulator)
  double session_per_host = 1.0;    // session seconds per host second (simulation speed)
  double bucket_s = 5.0;            // device seconds per lower-envelope bucket
  double drift_window_s = 120.0;    // host seconds of history in the fit
  double min_fit_host_s = 30.0;     // host seconds before the first estimate
  double max_drift = 0.01;          // |rate correction| <= 1 %
  double drift_gain = 0.2;          // fraction of the fitted correction applied per bucket
  // Offset pull toward the envelope line (session seconds per session second, i.e. a rate):
  double clocked_deadband_s = 0.020;  // device-clocked: leave the anchor's latency alone
  double clocked_slew = 0.002;        // 2 ms per s: invisible on a plot, fixes 1 s in 8 min
  double rx_only_slew = 0.0005;       // receive-time-only streams: 500 ppm
};

class TimeMapper {
 public:
  explicit TimeMapper(TimeMapperConfig config = {});

  /// Starts a stream whose first frame has device time device_s (seconds on the device's
  /// unwrapped clock) and was received at host-based session time rx_session_s.
  void begin(double device_s, double rx_session_s, bool device_clocked = true);
  bool active() const { return active_; }

  /// Maps the device time of a frame received at rx_session_s and learns from it.
  double map(double device_s, double rx_session_s);
  /// Maps without learning (e.g. later samples of the same block).
  double map_only(double device_s) const;

  /// Session seconds per device second (1 + estimated drift correction + offset pull).
  double rate() const { return 1.0 + drift_ + pull_rate_; }
  double drift() const { return drift_; }
  double first_session_s() const { return first_session_s_; }
  void end() { active_ = false; }

 private:
  void learn(double device_s, double rx_session_s);
  void apply_rate(double device_s, double new_drift, double pull_rate);

  struct Bucket {
    double device_s;   // device time of the minimum
    double residual;   // host-based minus device-based session time (minimum in bucket)
    double host_s;     // when it was seen (host-based session seconds)
  };

  TimeMapperConfig config_;
  bool active_ = false;
  bool device_clocked_ = true;
  // Piecewise-linear mapping: session = ref_session_ + (device - ref_device_) * (1 + drift_)
  double ref_device_s_ = 0.0;
  double ref_session_s_ = 0.0;
  double drift_ = 0.0;
  double pull_rate_ = 0.0;  // temporary extra rate that pays back offset error over a bucket
  double first_session_s_ = 0.0;
  double first_rx_s_ = 0.0;
  std::optional<Bucket> open_bucket_;
  double bucket_start_s_ = 0.0;
  // Oldest first; capacity fixed at construction (the drift window's buckets), so learning
  // never allocates per block (erase at the front moves ~25 entries, no reallocation).
  std::vector<Bucket> buckets_;
};

}  // namespace resonant::engine
