#pragma once
// The reference breathing rate of a window in the respiration record tests: RRest's rate from
// breath timings (Charlton et al., peterhcharlton/RRest, estimate_ref_rr.m,
// find_rr_ref_from_ref_breaths): the breath times inside the window [t_start, t_end),
// 60 / (their range / (n - 1)), i.e. 60 / the mean interval between the breaths the window
// holds. No reference with fewer than two breath times.
//
// Breath times are our belt's breath boundaries (detect_breaths): every inhale onset, and the
// end of a breath that no breath follows at once. Only the part of the belt inside the window
// counts. The shipped belt_respiration_rate (breaths *ending* in the window, their whole
// durations) is a different reading: a breath that began before the window, such as a 14 s
// pause after a sigh, adds all of its duration to the window it ends in. This file replaced it
// as the tests' reference on 2026-11-23 (dsp/docs/respiration.md, "The window reference").
#include <resonant/dsp/respiration_belt.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace resonant::dsp::testing_resp {

/// Every breath boundary: each onset, and each end that is not the next breath's onset (the
/// last breath's, and one before a gap: a pause longer than max_breath_s makes no breath).
inline std::vector<double> breath_times_s(std::span<const Breath> breaths) {
  std::vector<double> times;
  times.reserve(breaths.size() + 1);
  for (std::size_t i = 0; i < breaths.size(); ++i) {
    times.push_back(breaths[i].onset_s);
    const bool joined = i + 1 < breaths.size() && breaths[i + 1].onset_s == breaths[i].end_s;
    if (!joined) times.push_back(breaths[i].end_s);
  }
  return times;
}

/// RRest's window reference rate (breaths/min); NaN with fewer than two breath times inside.
inline double window_reference_bpm(std::span<const double> breath_times_s, double t_start_s,
                                   double t_end_s) {
  std::size_t n = 0;
  double first = 0.0, last = 0.0;
  for (const double t : breath_times_s) {
    if (t < t_start_s || t >= t_end_s) continue;
    if (n == 0) first = t;
    last = t;
    ++n;
  }
  if (n < 2 || last <= first) return std::nan("");
  return 60.0 * static_cast<double>(n - 1) / (last - first);
}

}  // namespace resonant::dsp::testing_resp
