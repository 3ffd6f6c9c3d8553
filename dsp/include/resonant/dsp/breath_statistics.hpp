#pragma once
// What a belt's breaths were like over a whole recording: the figures a person or a therapist
// reads after a session (resonant-cli analyze). Batch only: it summarises breaths the live
// detector (BeltRespiration) already reported.
//
// Breaths below min_quality (merged, clipped or irregular ones: respiration.md) are left out
// and counted. The rate is 60 / the median breath duration, so one long pause does not pull
// it; the spread is the 10th-90th percentile of the breaths' own rates (linear interpolation
// between order statistics); I:E is 1 : the median of exhale / inhale per breath.
#include <cstddef>
#include <limits>
#include <span>

#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_fusion.hpp>

namespace resonant::dsp {

struct BreathStatistics {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::size_t breaths = 0;            // used
  std::size_t left_out = 0;           // below min_quality
  double median_duration_s = kNaN;    // of the breaths used
  double median_rate_bpm = kNaN;      // 60 / median_duration_s
  double rate_p10_bpm = kNaN;         // 10th percentile of the breaths' rates
  double rate_p90_bpm = kNaN;         // 90th percentile
  double exhale_per_inhale = kNaN;    // median exhale_s / inhale_s: I:E = 1 : this
  double duration_cv_pct = kNaN;      // breath-to-breath variability: SD / mean duration, %
  double longest_breath_s = kNaN;     // of the breaths used
  double longest_breath_onset_s = kNaN;
};

/// min_quality in [0, 1]: by default the quality from which a breathing rate is shown.
BreathStatistics breath_statistics(std::span<const Breath> breaths,
                                   double min_quality = kMinShownBreathingQuality);

}  // namespace resonant::dsp
