#pragma once
// Baevsky stress index (physiology-and-metrics.md §7.3): SI = AMo / (2 Mo MxDMn), a shape
// index of the RR histogram (high = narrow, regular RR distribution). It is NOT a validated
// stress measure and not specific to sympathetic activity (§7.2 item 5); the arousal index
// (arousal.hpp) does not use it. Reported for comparison with tools that show it (Kubios
// shows sqrt(SI)). Compute it on corrected NN intervals: MxDMn uses the extremes.
//
// Conventions: bins [k w, (k + 1) w) ms with w = bin_width_ms (50 ms), Mo = the modal bin's
// centre in s (ties: the shorter bin), AMo = % of intervals in the modal bin, MxDMn = max - min
// in s. Reference: Baevsky & Chernikova 2017, Cardiometry 10:66. Latency: batch only.
#include <cstddef>
#include <limits>
#include <span>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp {

struct BaevskyStressIndex {
  std::size_t nn_count = 0;
  double mode_s = std::numeric_limits<double>::quiet_NaN();             // Mo
  double amplitude_of_mode_pct = std::numeric_limits<double>::quiet_NaN();  // AMo
  double variation_range_s = std::numeric_limits<double>::quiet_NaN();  // MxDMn
  double stress_index = std::numeric_limits<double>::quiet_NaN();       // SI (typical rest 50-150)
  double sqrt_stress_index = std::numeric_limits<double>::quiet_NaN();  // Kubios' form
};

/// Needs >= 2 intervals with max > min; NaN fields otherwise. bin_width_ms in [1, 200].
BaevskyStressIndex baevsky_stress_index(std::span<const RrInterval> nn,
                                        double bin_width_ms = 50.0);

}  // namespace resonant::dsp
