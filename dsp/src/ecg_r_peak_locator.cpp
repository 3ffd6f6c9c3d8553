#include "ecg_r_peak_locator.hpp"

#include <algorithm>
#include <cmath>

#include <resonant/dsp/peak_interpolation.hpp>

#include "triangular_smooth.hpp"

namespace resonant::dsp::detail {
namespace {

double mean_of(const SampleRing<float>& x, std::int64_t first, std::int64_t last) {
  double acc = 0.0;
  for (std::int64_t i = first; i <= last; ++i) acc += x.at(i);
  return acc / static_cast<double>(last - first + 1);
}

}  // namespace

LocatedRPeak locate_r_peak(const SampleRing<float>& ecg, std::int64_t begin, std::int64_t end,
                           int polarity, std::int64_t last_available,
                           const RPeakLocatorParams& params) {
  const int h = params.smooth_half_width;
  // Baseline line through the mean level just before and just after the window.
  const std::int64_t pre_first = begin - params.level_samples;
  const std::int64_t post_last =
      std::max(end + 1, std::min<std::int64_t>(end + params.level_samples, last_available));
  const double pre_level = mean_of(ecg, pre_first, begin - 1);
  const double post_level = mean_of(ecg, end + 1, post_last);
  const double pre_centre = 0.5 * static_cast<double>(pre_first + begin - 1);
  const double post_centre = 0.5 * static_cast<double>(end + 1 + post_last);
  const double slope = (post_level - pre_level) / (post_centre - pre_centre);
  auto detrended = [&](std::int64_t i) {
    return triangular_smooth(ecg, i, h) - (pre_level + slope * (static_cast<double>(i) - pre_centre));
  };

  std::int64_t i_max = begin, i_min = begin;
  double v_max = detrended(begin), v_min = v_max;
  for (std::int64_t i = begin + 1; i <= end; ++i) {
    const double v = detrended(i);
    if (v > v_max) {
      v_max = v;
      i_max = i;
    }
    if (v < v_min) {
      v_min = v;
      i_min = i;
    }
  }

  LocatedRPeak out;
  const double span = v_max - v_min;
  out.polarity_score = span > 0.0 ? (v_max + v_min) / span : 0.0;
  int sign = polarity != 0 ? polarity : (out.polarity_score >= 0.0 ? 1 : -1);
  // A beat whose opposite deflection clearly dominates (a wide ventricular beat of the other
  // axis) keeps its own extreme: the consistent one can be a T wave or a notch.
  const double along = sign > 0 ? v_max : -v_min;
  const double against = sign > 0 ? -v_min : v_max;
  if (against > params.dominance_ratio * std::max(0.0, along)) sign = -sign;
  out.extent = static_cast<float>(std::max(0.0, std::max(v_max, -v_min)));
  const std::int64_t i_peak = sign > 0 ? i_max : i_min;
  const double s = static_cast<double>(sign);
  const ParabolicPeak refined =
      parabolic_peak(s * detrended(i_peak - 1), s * detrended(i_peak), s * detrended(i_peak + 1));
  out.index = static_cast<double>(i_peak) + refined.offset;
  out.amplitude = static_cast<float>(std::max(0.0, refined.value));
  return out;
}

}  // namespace resonant::dsp::detail
