#include <resonant/dsp/moving_average.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace resonant::dsp {

MovingAverage::MovingAverage(std::size_t length_samples) {
  if (length_samples == 0) throw std::invalid_argument("MovingAverage: length must be >= 1");
  ring_.assign(length_samples, 0.0);
  inv_length_ = 1.0 / static_cast<double>(length_samples);
}

void MovingAverage::reset(double value) {
  std::fill(ring_.begin(), ring_.end(), value);
  head_ = 0;
  resum();
}

void MovingAverage::resum() { sum_ = std::accumulate(ring_.begin(), ring_.end(), 0.0); }

}  // namespace resonant::dsp
