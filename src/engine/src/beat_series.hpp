#pragma once
// Beat times -> RR intervals: the one rule shared by the live pipeline and file analysis.
//
// An interval outside the plausible range (dsp::is_plausible_rr_ms, 30-200 bpm) is a gross
// error (a lead off, a long flat stretch, a double detection): it is left out and the next
// interval is marked after_gap, so nothing is ever computed across it
// (physiology-and-metrics.md §2.4 item 3). A beat after missing data starts a new series.
#include <optional>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::engine::detail {

/// Threading contract: not synchronised; one owner.
class RrBuilder {
 public:
  struct Step {
    std::optional<dsp::RrInterval> interval;  // the plausible interval ending at this beat
    double rr_ms;                             // raw interval (NaN for a first beat)
  };
  /// The next beat at t_s (s, increasing); after_gap: data was missing before it.
  Step push(double t_s, bool after_gap);
  void reset();

 private:
  double last_t_s_ = 0.0;
  bool have_last_ = false;
  bool broken_ = true;
};

}  // namespace resonant::engine::detail
