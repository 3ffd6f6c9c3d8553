#include <resonant/dsp/rhythm_check.hpp>

#include <cmath>

namespace resonant::dsp {

RhythmCheck check_rhythm(std::span<const RrInterval> intervals, const RhythmCheckConfig& config) {
  RhythmCheck out;
  for (std::size_t i = 1; i < intervals.size(); ++i) {
    if (intervals[i].after_gap) continue;
    const double a = intervals[i - 1].rr_ms;
    const double b = intervals[i].rr_ms;
    const double mean = 0.5 * (a + b);
    if (!(mean > 0.0)) continue;
    ++out.pairs;
    if (std::abs(b - a) > config.jump_fraction * mean) ++out.jumps;
  }
  if (out.pairs >= config.min_pairs) {
    out.jump_share = static_cast<double>(out.jumps) / static_cast<double>(out.pairs);
    out.irregular = out.jump_share > config.max_jump_share;
  }
  return out;
}

}  // namespace resonant::dsp
