#pragma once
// Causal moving average (boxcar FIR) over the last N samples, O(1) per sample.
//
// Method: running sum over a ring of the last N inputs. The sum is rebuilt from the ring once
// every N samples, so rounding from adding and subtracting cannot accumulate over hours
// (amortised O(1)). Used for the Pan-Tompkins integrator and Elgendi's event-related averages.
//
// Latency: linear phase, group delay (N - 1) / 2 samples. Before N samples have been pushed the
// missing ones count as the reset value (0 by default). Allocates once, in the constructor.
#include <cstddef>
#include <vector>

namespace resonant::dsp {

class MovingAverage {
 public:
  /// length_samples >= 1 (throws std::invalid_argument otherwise).
  explicit MovingAverage(std::size_t length_samples);

  /// Adds x and returns the mean of the last length_samples inputs. No allocation.
  double push(double x) {
    double& slot = ring_[head_];
    sum_ += x - slot;
    slot = x;
    if (++head_ == ring_.size()) {
      head_ = 0;
      resum();  // once per ring turn: drops the rounding carried by the running sum
    }
    return sum_ * inv_length_;
  }

  double mean() const { return sum_ * inv_length_; }
  std::size_t length() const { return ring_.size(); }
  /// Fills the window with `value` (as if it had been pushed forever).
  void reset(double value = 0.0);

 private:
  void resum();

  std::vector<double> ring_;
  std::size_t head_ = 0;
  double sum_ = 0.0;
  double inv_length_ = 1.0;
};

}  // namespace resonant::dsp
