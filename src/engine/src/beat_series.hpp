#pragma once
// Beat times -> RR intervals: the one rule shared by the live pipeline and file analysis.
//
// An interval outside the plausible range (dsp::is_plausible_rr_ms, 30-200 bpm) is a gross
// error, rejected at once (physiology-and-metrics.md §2.4 item 3):
//   - too long (a lead off, a long flat stretch): left out, and the next interval is marked
//     after_gap, so nothing is ever computed across it;
//   - too short (a double detection, e.g. a T wave taken for an R peak): the beat that came too
//     soon is left out and the series goes on from the beat before it, so the next interval
//     spans both halves (two rejected in a row are noise, not one extra beat: the series
//     breaks, and starts again at the next beat). Breaking here instead left the second half as a "normal" interval of a new
//     run, where the artifact corrector cannot see its partner (NeuroKit's resting ECG at
//     100 Hz: RMSSD 46.5 ms, 39.4 ms with this rule; its PPG 37.8 ms).
// A beat after missing data starts a new series.
#include <optional>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::engine::detail {

/// Threading contract: not synchronised; one owner.
class RrBuilder {
 public:
  struct Step {
    std::optional<dsp::RrInterval> interval;  // the plausible interval ending at this beat
    double rr_ms;                             // raw interval (NaN for a first beat)
    bool too_soon = false;  // left out as a double detection; the series goes on (see above)
  };
  /// The next beat at t_s (s, increasing); after_gap: data was missing before it.
  Step push(double t_s, bool after_gap);
  void reset();

 private:
  double last_t_s_ = 0.0;
  bool have_last_ = false;
  bool broken_ = true;
  bool dropped_last_ = false;  // the previous beat was left out as too soon
};

}  // namespace resonant::engine::detail
