#include "coherence_window.hpp"

#include <algorithm>
#include <cstddef>

namespace resonant::dsp::detail {

NnCoverage nn_coverage(std::span<const RrInterval> nn, double t0_s, double t1_s) {
  NnCoverage out;
  const double span_s = t1_s - t0_s;
  if (!(span_s > 0.0)) return out;
  double covered_s = 0.0;
  double reach_s = t0_s;  // everything before reach_s is accounted for
  for (const RrInterval& iv : nn) {
    const double begin = std::max(iv.t_s - iv.rr_ms / 1000.0, t0_s);
    const double end = std::min(iv.t_s, t1_s);
    if (begin >= t1_s) break;
    if (end <= reach_s) continue;
    if (begin > reach_s) out.longest_hole_s = std::max(out.longest_hole_s, begin - reach_s);
    covered_s += end - std::max(begin, reach_s);
    reach_s = end;
    if (reach_s >= t1_s) break;
  }
  out.longest_hole_s = std::max(out.longest_hole_s, t1_s - reach_s);
  out.coverage = std::clamp(covered_s / span_s, 0.0, 1.0);
  return out;
}

void remove_linear_trend(std::span<double> x) {
  const std::size_t n = x.size();
  if (n == 0) return;
  // Centred index u = i - (n-1)/2 makes the slope and mean estimates independent.
  const double centre = (static_cast<double>(n) - 1.0) / 2.0;
  double sum = 0.0, suu = 0.0, sux = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = static_cast<double>(i) - centre;
    sum += x[i];
    suu += u * u;
    sux += u * x[i];
  }
  const double mean = sum / static_cast<double>(n);
  const double slope = suu > 0.0 ? sux / suu : 0.0;
  for (std::size_t i = 0; i < n; ++i) x[i] -= mean + slope * (static_cast<double>(i) - centre);
}

}  // namespace resonant::dsp::detail
