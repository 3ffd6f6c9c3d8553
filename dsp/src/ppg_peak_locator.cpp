#include "ppg_peak_locator.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

#include <resonant/dsp/peak_interpolation.hpp>

#include "triangular_smooth.hpp"

namespace resonant::dsp::detail {
namespace {

// Samples the refinement reads: the reach (4 w + 1 positions) and w on either side.
constexpr std::size_t kMaxWideSpan = 6 * kMaxRefineHalfWidth + 1;

// The maximum of the PPG smoothed with half-width w within 2 w of `around`, when it is a maximum
// strictly inside that reach; nullopt otherwise (then the caller keeps its own time). The reach
// is twice the kernel so that a peak the wide kernel moves (by noise or the pulse's asymmetry)
// stays inside it: a fallback that came and went from pulse to pulse would itself jitter.
// The triangular kernel of half-width w is two boxes of w + 1 samples in a row, so running sums
// give every smoothed value in O(1) (the direct sum costs 2 w + 1 reads per value).
// Never before `lowest`: the caller's bound on how far back a pulse may be (its report delay).
std::optional<double> wide_kernel_peak(const SampleRing<float>& ppg, std::int64_t around, int w,
                                       std::int64_t lowest) {
  if (w > kMaxRefineHalfWidth) return std::nullopt;
  const std::int64_t first = std::max({around - 2 * w, lowest, ppg.oldest_index() + 1 + w});
  const std::int64_t last = std::min(around + 2 * w, ppg.next_index() - 2 - w);
  if (last - first < 2) return std::nullopt;
  // Local sample t is x(first - w + t), less x(around) so the sums stay near zero.
  const auto span = static_cast<std::size_t>(last - first + 1 + 2 * w);
  const double level = ppg.at(around);
  std::array<double, kMaxWideSpan + 1> x_sum{};  // x_sum[t] = sum of local samples [0, t)
  for (std::size_t t = 0; t < span; ++t) {
    x_sum[t + 1] = x_sum[t] + (ppg.at(first - w + static_cast<std::int64_t>(t)) - level);
  }
  // box_sum[m] = sum of box(m') for m' in [0, m), box(m') = local samples [m', m' + w].
  const auto width = static_cast<std::size_t>(w);
  std::array<double, kMaxWideSpan + 1> box_sum{};
  for (std::size_t m = 0; m + width < span; ++m) {
    box_sum[m + 1] = box_sum[m] + (x_sum[m + width + 1] - x_sum[m]);
  }
  // Position i = first + k sits at local t = k + w; its smoothed value is the boxes starting at
  // t - w .. t, i.e. box_sum[k + w + 1] - box_sum[k], over (w + 1)^2.
  const double norm = static_cast<double>((w + 1) * (w + 1));
  auto s = [&](std::size_t k) { return (box_sum[k + width + 1] - box_sum[k]) / norm; };
  const auto count = static_cast<std::size_t>(last - first + 1);
  std::size_t best = 0;
  double best_v = s(0);
  for (std::size_t k = 1; k < count; ++k) {
    const double v = s(k);
    if (v > best_v) {
      best_v = v;
      best = k;
    }
  }
  if (best == 0 || best == count - 1) return std::nullopt;
  return static_cast<double>(first) + static_cast<double>(best) +
         parabolic_peak(s(best - 1), best_v, s(best + 1)).offset;
}

}  // namespace

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
  const bool is_maximum = v_peak >= before && v_peak >= after;
  double index = static_cast<double>(i_peak) + refined.offset;
  if (is_maximum && params.refine_half_width > h) {
    if (const auto wide = wide_kernel_peak(ppg, i_peak, params.refine_half_width, lowest)) {
      index = *wide;
    }
  }
  return {index, refined.value, is_maximum};
}

}  // namespace resonant::dsp::detail
