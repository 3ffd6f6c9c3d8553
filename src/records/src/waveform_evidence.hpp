#pragma once
// Whether a bare column of numbers that passes for RR intervals is rather a sampled waveform
// (a pulse, pressure or breathing wave logged without a header or a sample rate). Such a wave
// repeats every beat or breath, and a beat spans tens to thousands of samples, so read as
// intervals it would be a heart rhythm oscillating regularly over minutes: slower than any
// breathing. A heart's own regular oscillations (respiratory sinus arrhythmia, down to
// 3 breaths/min paced) repeat within 20 s. Sharp waves (an ECG: narrow beats whose place
// jitters from beat to beat) do not repeat cleanly and are not recognised here. Pure.
#include <cstddef>
#include <optional>
#include <span>

namespace resonant::records::detail {

struct WaveformEvidence {
  std::size_t period_values = 0;  ///< the repeat, in values (samples)
  double correlation = 0.0;       ///< autocorrelation at that lag, 0.5-1
  double as_rr_period_s = 0.0;    ///< the repeat's duration if the values were intervals
};

/// values_ms: the numbers as read for intervals, in milliseconds. nullopt unless the series
/// repeats with a period of at least kMinPeriodValues values, an autocorrelation of at least
/// 0.5, and a period that would last at least 30 s as intervals (a wave slower than 2 /min).
std::optional<WaveformEvidence> periodic_waveform_evidence(std::span<const double> values_ms);

}  // namespace resonant::records::detail
