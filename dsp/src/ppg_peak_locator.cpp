#include "ppg_peak_locator.hpp"

#include <algorithm>

#include <resonant/dsp/peak_interpolation.hpp>

#include "triangular_smooth.hpp"

namespace resonant::dsp::detail {

LocatedPulsePeak locate_pulse_peak(const SampleRing<float>& ppg, std::int64_t begin,
                                   std::int64_t end, std::int64_t lowest, std::int64_t highest,
                                   const PpgLocatorParams& params) {
  const int h = params.smooth_half_width;
  auto s = [&](std::int64_t i) { return triangular_smooth(ppg, i, h); };

  std::int64_t i_peak = begin;
  double v_peak = s(begin);
  for (std::int64_t i = begin + 1; i <= end; ++i) {
    const double v = s(i);
    if (v > v_peak) {
      v_peak = v;
      i_peak = i;
    }
  }
  // On an edge: climb towards the higher side, looking a kernel width ahead so that wiggles
  // narrower than the kernel do not stop the climb.
  const int step = std::max(1, h);
  const int direction = i_peak == end ? 1 : (i_peak == begin ? -1 : 0);
  while (direction != 0) {
    std::int64_t best = i_peak;
    double best_v = v_peak;
    for (int k = 1; k <= step; ++k) {
      const std::int64_t i = i_peak + direction * k;
      if (i < lowest || i > highest) break;
      const double v = s(i);
      if (v > best_v) {
        best_v = v;
        best = i;
      }
    }
    if (best == i_peak) break;
    i_peak = best;
    v_peak = best_v;
  }
  const double before = s(i_peak - 1), after = s(i_peak + 1);
  const ParabolicPeak refined = parabolic_peak(before, v_peak, after);
  return {static_cast<double>(i_peak) + refined.offset, refined.value,
          v_peak >= before && v_peak >= after};
}

}  // namespace resonant::dsp::detail
