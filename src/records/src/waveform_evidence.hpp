#pragma once
// Whether a bare column of numbers read as RR intervals repeats like a sampled waveform (a
// pulse, pressure or breathing wave logged without a header or a sample rate). Such a wave
// repeats every beat or breath, tens to thousands of samples, so read as intervals it is a
// heart rhythm swinging regularly over half a minute or more. The readers do not refuse it:
// a heart can swing so too (periodic breathing, sleep apnoea, interval training), and the
// numbers alone cannot tell the two apart; they say so beside the analysis
// (RecordInfo::reading_notes). A heart's swing with breathing (down to 3 /min paced, 20 s) is
// too fast to be noted. Sharp waves (an ECG: narrow beats whose place jitters from beat to
// beat) do not repeat cleanly and are not recognised. Pure.
#include <cstddef>
#include <optional>
#include <span>

#include <resonant/records/rr_text.hpp>

namespace resonant::records::detail {

struct WaveformEvidence {
  std::size_t period_values = 0;  ///< the repeat, in values (samples)
  double correlation = 0.0;       ///< autocorrelation at that lag, 0.5-1
  double as_rr_period_s = 0.0;    ///< the repeat's duration if the values are intervals
};

/// Looks at the first kWaveformCheckValues intervals. nullopt unless, after the first zero of
/// their autocorrelation, its highest value within five times that lag is at least 0.5 at a
/// lag of at least 16 values that lasts at least 30 s as intervals (slower than 2 /min).
std::optional<WaveformEvidence> periodic_waveform_evidence(std::span<const RrInterval> rr);

inline constexpr std::size_t kWaveformCheckValues = 32768;

}  // namespace resonant::records::detail
