#pragma once
// Private helper of EcgBeatDetector: the R-peak fiducial point inside a search window of the
// raw ECG (physiology-and-metrics.md §1.1).
//
// The window comes from the Pan-Tompkins integrator peak (it spans the samples the integrator
// summed, back-dated by the filters' group delay). Inside it the ECG is lightly smoothed with a
// centred triangular kernel (zero phase: a symmetric R wave keeps its position) and a straight
// baseline is removed: the line through the mean ECG just before and just after the window.
// The line removes offset and wander (1 mV at 0.3 Hz moves an R peak by < 0.2 ms) without
// the phase shift of a causal high-pass. The fiducial is the extreme sample of the requested
// polarity (unless the beat's opposite deflection is dominance_ratio times larger: a wide
// ventricular beat of the other axis keeps its own extreme), refined by a parabola through it
// and its neighbours. `extent` (the largest deflection of either sign) is what the amplitude
// floor tests: testing the chosen polarity's height rejected such beats as noise (MIT-BIH 203:
// 62 of its 79 misses).
#include <cstdint>

#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

struct RPeakLocatorParams {
  int smooth_half_width = 1;  // triangular kernel half-width, samples (0 = no smoothing)
  int level_samples = 10;     // samples averaged for each baseline level, >= 1
  // The beat's own opposite deflection wins when it is this many times the consistent one.
  double dominance_ratio = 1.5;
};

struct LocatedRPeak {
  double index = 0.0;          // refined fiducial, samples since reset
  float amplitude = 0.0f;      // |height above the baseline line| at the fiducial, input units
  double polarity_score = 0.0; // (max + min) / (max - min) in the window: > 0 upright QRS
  float extent = 0.0f;         // largest |deflection| from the baseline line, either sign
};

/// Samples the locator reads outside [begin, end]: the caller keeps them in the ring.
inline int locator_reach_before(const RPeakLocatorParams& p) {
  return p.level_samples > 1 + p.smooth_half_width ? p.level_samples : 1 + p.smooth_half_width;
}
/// Samples needed after `end` (the after-level uses up to level_samples more when present).
inline int locator_reach_after(const RPeakLocatorParams& p) { return 1 + p.smooth_half_width; }

/// Locates the R peak in [begin, end] (inclusive, begin < end). polarity: +1 upright, -1
/// inverted, 0 unknown (the larger deflection wins). The ring must hold
/// [begin - reach_before, end + reach_after] and last_available >= end + reach_after; the
/// after-level averages (end, min(end + level_samples, last_available)].
LocatedRPeak locate_r_peak(const SampleRing<float>& ecg, std::int64_t begin, std::int64_t end,
                           int polarity, std::int64_t last_available,
                           const RPeakLocatorParams& params);

}  // namespace resonant::dsp::detail
