#pragma once
// Private helpers shared by coherence and the resonance indicators: how much of a time span
// usable NN intervals cover, and least-squares linear detrending.
#include <span>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp::detail {

struct NnCoverage {
  double coverage = 0.0;       // covered fraction of [t0, t1], 0..1
  double longest_hole_s = 0.0;  // longest stretch of [t0, t1] covered by no interval
};

/// Interval i covers [t_s - rr_ms / 1000, t_s]. `nn` in time order.
NnCoverage nn_coverage(std::span<const RrInterval> nn, double t0_s, double t1_s);

/// Removes the least-squares line (x against its index) from x in place.
void remove_linear_trend(std::span<double> x);

}  // namespace resonant::dsp::detail
