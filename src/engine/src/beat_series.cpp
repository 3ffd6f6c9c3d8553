#include "beat_series.hpp"

#include <limits>

namespace resonant::engine::detail {

RrBuilder::Step RrBuilder::push(double t_s, bool after_gap) {
  Step step{std::nullopt, std::numeric_limits<double>::quiet_NaN()};
  if (after_gap || !have_last_) {
    broken_ = true;
    dropped_last_ = false;
  } else {
    step.rr_ms = (t_s - last_t_s_) * 1000.0;
    if (step.rr_ms < dsp::kMinPlausibleRrMs) {
      if (!dropped_last_) {
        step.too_soon = true;
        dropped_last_ = true;
        return step;  // the series goes on from the last beat kept
      }
      // Noise, not one double detection: the series breaks, and starts again at the next beat
      // (an interval from this one would be noise too).
      dropped_last_ = false;
      broken_ = true;
      have_last_ = false;
      return step;
    }
    dropped_last_ = false;
    if (dsp::is_plausible_rr_ms(step.rr_ms)) {
      step.interval = dsp::RrInterval{t_s, step.rr_ms, broken_};
      broken_ = false;
    } else {
      broken_ = true;
    }
  }
  last_t_s_ = t_s;
  have_last_ = true;
  return step;
}

void RrBuilder::reset() { *this = RrBuilder{}; }

}  // namespace resonant::engine::detail
