#pragma once
// Private helper: centred triangular smoothing of a sample history, evaluated on demand at the
// few samples a peak locator looks at. Zero phase (a symmetric peak keeps its position);
// weights (h + 1 - |k|) / (h + 1)^2 for k in [-h, h] sum to 1; h = 0 returns the sample.
#include <cstdint>
#include <cstdlib>

#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

inline double triangular_smooth(const SampleRing<float>& x, std::int64_t i, int half_width) {
  if (half_width == 0) return x.at(i);
  double acc = 0.0;
  for (int k = -half_width; k <= half_width; ++k) {
    acc += static_cast<double>(half_width + 1 - std::abs(k)) * x.at(i + k);
  }
  const double norm = static_cast<double>(half_width + 1);
  return acc / (norm * norm);
}

}  // namespace resonant::dsp::detail
