#pragma once
// Private helper of PpgBeatDetector: the systolic peak of the raw PPG inside a search window.
//
// The PPG is smoothed with a centred triangular kernel (zero phase, so a symmetric peak keeps
// its position; the band-pass used for detection would shift a rounded pulse peak by tens of
// ms depending on heart rate). The largest smoothed sample in the window is taken; when it sits
// on the window's edge (the pulse peak lies just outside, e.g. on a wandering baseline) it
// climbs to the nearest local maximum within the allowed range, ignoring wiggles narrower than
// the kernel. A parabola through the peak and its neighbours refines the position.
//
// Then the timing is refined on a wider kernel (refine_half_width): the maximum of the more
// smoothed PPG within twice that half-width of the peak found (never before `lowest`), when it
// is a maximum inside that reach. The light kernel finds the pulse peak; the wide one steadies
// its time against sensor noise (a rounded systolic peak sampled at 250-1000 Hz moved by 5-25 ms
// from pulse to pulse under noise a few ADC counts deep). When the wide maximum lies on the
// reach's edge (a shoulder rather than a peak, or samples not yet received) the light peak's
// time stands.
#include <cstdint>

#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

/// Largest refine_half_width served (30 ms at 2000 Hz is 60); a larger one is not refined.
inline constexpr int kMaxRefineHalfWidth = 64;

struct PpgLocatorParams {
  int smooth_half_width = 2;  // triangular kernel half-width, samples (0 = no smoothing)
  int refine_half_width = 0;  // the wider kernel for the time, samples (0 = no refinement)
};

struct LocatedPulsePeak {
  double index = 0.0;  // refined systolic peak, samples since reset
  double value = 0.0;  // smoothed PPG at the peak, input units
  bool is_maximum = false;  // false when the climb hit [lowest, highest] still rising
};

/// Searches [begin, end] and may climb within [lowest, highest] (inclusive, lowest <= begin <=
/// end <= highest). The ring must hold [lowest - 1 - h, highest + 1 + h], h = smooth_half_width;
/// the refinement reads only samples the ring holds, and its time is never before `lowest` (which
/// is what bounds the detector's report delay).
LocatedPulsePeak locate_pulse_peak(const SampleRing<float>& ppg, std::int64_t begin,
                                   std::int64_t end, std::int64_t lowest, std::int64_t highest,
                                   const PpgLocatorParams& params);

}  // namespace resonant::dsp::detail
