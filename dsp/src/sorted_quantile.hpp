#pragma once
// Quantile of sorted values by linear interpolation between order statistics at (n - 1) q
// (pandas / NumPy default): shared by the artifact thresholds and the breath statistics.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>

namespace resonant::dsp {

/// q in [0, 1]; NaN for no values.
inline double sorted_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(position);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = position - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

}  // namespace resonant::dsp
