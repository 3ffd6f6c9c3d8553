#pragma once
// A recorded signal as the voltage on an analog pin: a stretch of the recording, linearly
// interpolated between its samples (so a jittered conversion reads the signal at its true
// time), scaled so the stretch spans [low, high] ADC counts, rounded to whole counts. The
// scaling to 10-bit counts happens here, in the test harness, never in the firmware.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace resonant::testing {

class RecordedInput {
 public:
  RecordedInput(std::span<const float> samples, double rate_hz, double start_s, double duration_s,
                std::uint16_t low_counts, std::uint16_t high_counts)
      : rate_hz_(rate_hz), low_(low_counts), high_(high_counts) {
    const auto first = static_cast<std::size_t>(std::lround(start_s * rate_hz));
    const auto n = static_cast<std::size_t>(std::lround(duration_s * rate_hz)) + 2;
    if (first + n > samples.size()) throw std::invalid_argument("the recording is shorter than asked");
    stretch_.assign(samples.begin() + static_cast<std::ptrdiff_t>(first),
                    samples.begin() + static_cast<std::ptrdiff_t>(first + n));
    const auto [lo, hi] = std::minmax_element(stretch_.begin(), stretch_.end());
    min_ = *lo;
    span_ = *hi - *lo;
    if (!(span_ > 0.0)) throw std::invalid_argument("a flat recording");
  }

  /// ADC counts at t_s seconds into the stretch (held at its ends).
  std::uint16_t operator()(double t_s) const {
    const double x = std::clamp(t_s * rate_hz_, 0.0, static_cast<double>(stretch_.size() - 1));
    const auto i = std::min(static_cast<std::size_t>(x), stretch_.size() - 2);
    const double f = x - static_cast<double>(i);
    const double v = stretch_[i] + f * (stretch_[i + 1] - stretch_[i]);
    const double counts = low_ + (v - min_) / span_ * (high_ - low_);
    return static_cast<std::uint16_t>(std::lround(counts));
  }

 private:
  double rate_hz_;
  double low_;
  double high_;
  std::vector<double> stretch_;
  double min_ = 0.0;
  double span_ = 1.0;
};

}  // namespace resonant::testing
