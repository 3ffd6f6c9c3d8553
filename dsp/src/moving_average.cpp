#include <resonant/dsp/moving_average.hpp>

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <stdexcept>

namespace resonant::dsp {

MovingAverage::MovingAverage(std::size_t length_samples, std::size_t capacity_samples) {
  if (length_samples == 0) throw std::invalid_argument("MovingAverage: length must be >= 1");
  ring_.assign(std::max(length_samples, capacity_samples), 0.0);
  set_length(length_samples);
}

void MovingAverage::set_length(std::size_t length_samples) {
  if (length_samples == 0 || length_samples > ring_.size()) {
    throw std::invalid_argument("MovingAverage: length must be in [1, capacity]");
  }
  length_ = length_samples;
  tail_ = (head_ + ring_.size() - length_) % ring_.size();
  inv_length_ = 1.0 / static_cast<double>(length_samples);
  resum();
}

void MovingAverage::reset(double value) {
  std::fill(ring_.begin(), ring_.end(), value);
  head_ = 0;
  tail_ = (ring_.size() - length_) % ring_.size();
  resum();
}

void MovingAverage::resum() {
  // The newest length_ inputs end just before head_.
  const auto newest_end = ring_.begin() + static_cast<std::ptrdiff_t>(head_);
  if (length_ <= head_) {
    sum_ = std::accumulate(newest_end - static_cast<std::ptrdiff_t>(length_), newest_end, 0.0);
  } else {  // wraps: the start of the ring, then its end
    sum_ = std::accumulate(ring_.begin(), newest_end, 0.0);
    sum_ = std::accumulate(ring_.end() - static_cast<std::ptrdiff_t>(length_ - head_),
                           ring_.end(), sum_);
  }
  since_resum_ = 0;
}

}  // namespace resonant::dsp
