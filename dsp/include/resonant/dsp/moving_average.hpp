#pragma once
// Causal moving average (boxcar FIR) over the last N samples, O(1) per sample.
//
// Method: running sum over a ring of the last inputs. The sum is rebuilt from the ring once
// every N samples, so rounding from adding and subtracting cannot accumulate over hours
// (amortised O(1)). Used for the Pan-Tompkins integrator and Elgendi's event-related averages.
// N may change while running (set_length, up to the capacity given at construction): the PPG
// detector's beat average follows the heart period.
//
// Latency: linear phase, group delay (N - 1) / 2 samples. Before N samples have been pushed the
// missing ones count as the reset value (0 by default). Allocates once, in the constructor.
#include <cstddef>
#include <vector>

namespace resonant::dsp {

class MovingAverage {
 public:
  /// Averages over length_samples >= 1 (std::invalid_argument for 0); capacity() =
  /// max(length_samples, capacity_samples) bounds later set_length() calls.
  explicit MovingAverage(std::size_t length_samples, std::size_t capacity_samples = 0);

  /// Adds x and returns the mean of the last length() inputs. No allocation.
  double push(double x) {
    sum_ += x - ring_[tail_];
    ring_[head_] = x;
    if (++head_ == ring_.size()) head_ = 0;
    if (++tail_ == ring_.size()) tail_ = 0;
    if (++since_resum_ == length_) resum();  // drops the rounding carried by the running sum
    return sum_ * inv_length_;
  }

  double mean() const { return sum_ * inv_length_; }
  std::size_t length() const { return length_; }
  std::size_t capacity() const { return ring_.size(); }
  /// Averages over the last length_samples inputs from now on, in [1, capacity()] (throws
  /// std::invalid_argument otherwise). O(length_samples); no allocation.
  void set_length(std::size_t length_samples);
  /// Fills the window with `value` (as if it had been pushed forever).
  void reset(double value = 0.0);

 private:
  void resum();

  std::vector<double> ring_;  // the last capacity() inputs; ring_[head_] is the oldest
  std::size_t head_ = 0;
  std::size_t tail_ = 0;  // the input leaving the window next: length_ behind head_
  std::size_t length_ = 1;
  std::size_t since_resum_ = 0;
  double sum_ = 0.0;
  double inv_length_ = 1.0;
};

}  // namespace resonant::dsp
