#pragma once
// Private helper of EcgBeatDetector: the Pan & Tompkins 1985 RR averages
// (physiology-and-metrics.md §1.2).
//   RR AVERAGE1: mean of the last 8 RR intervals.
//   RR AVERAGE2: mean of the last 8 RR intervals inside [0.92, 1.16] x RR AVERAGE2.
//   RR MISSED LIMIT = 1.66 x RR AVERAGE2 (search-back).
// When 8 successive intervals fall outside the band (a real change of rate), AVERAGE2 restarts
// from AVERAGE1's intervals, as the paper does for a regular rhythm; otherwise AVERAGE2 would
// never follow a step in heart rate.
// recent_near_median() says how regular the last 8 intervals are: the detector shortens its
// T-wave window at fast rates only in a regular rhythm (ecg_detector_core.cpp).
#include <array>
#include <algorithm>
#include <cstddef>

namespace resonant::dsp::detail {

class RrAverages {
 public:
  static constexpr std::size_t kHistory = 8;

  /// initial_rr_samples is AVERAGE2 before any interval was seen.
  explicit RrAverages(double initial_rr_samples = 1.0) : initial_(initial_rr_samples) {}

  void push(double rr_samples);
  void reset();

  double average1() const { return recent_.mean_or(initial_); }
  double average2() const { return selected_.mean_or(initial_); }
  double missed_limit() const { return 1.66 * std::min(average1(), average2()); }
  /// How many of the last 8 intervals lie within [1/ratio, ratio] x their (upper) median; 0
  /// before 8 were seen.
  std::size_t recent_near_median(double ratio) const {
    if (recent_.count < kHistory) return 0;
    std::array<double, kHistory> v = recent_.values;
    std::nth_element(v.begin(), v.begin() + kHistory / 2, v.end());
    const double median = v[kHistory / 2];
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [&](double x) {
      return x >= median / ratio && x <= median * ratio;
    }));
  }

 private:
  struct Last8 {
    std::array<double, kHistory> values{};
    std::size_t count = 0, next = 0;
    void push(double v) {
      values[next] = v;
      next = (next + 1) % kHistory;
      if (count < kHistory) ++count;
    }
    double mean_or(double fallback) const {
      if (count == 0) return fallback;
      double s = 0.0;
      for (std::size_t i = 0; i < count; ++i) s += values[i];
      return s / static_cast<double>(count);
    }
  };

  double initial_;
  Last8 recent_;
  Last8 selected_;
  std::size_t outside_in_a_row_ = 0;
};

}  // namespace resonant::dsp::detail
