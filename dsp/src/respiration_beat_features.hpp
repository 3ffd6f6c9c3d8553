#pragma once
// Private helper of EDR and PPG-derived respiration: per-beat features read from raw samples,
// written once over an accessor so the batch form (a whole record) and the streaming form (a
// history ring) run the same code. `at(i)` returns sample i; valid indices are
// [first, last].
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace resonant::dsp::detail {

inline constexpr double kFeatureNaN = std::numeric_limits<double>::quiet_NaN();

/// QRS area (input units x s) within +- half_width_s of the R peak at r_index, above the
/// straight line joining the window's two ends (Moody et al. 1985: removes baseline wander).
template <typename At>
double qrs_area_at(const At& at, std::int64_t first, std::int64_t last, double r_index,
                   double fs, double half_width_s) {
  const auto r = static_cast<std::int64_t>(std::llround(r_index));
  const auto w = std::max<std::int64_t>(1, std::llround(half_width_s * fs));
  if (r - w < first || r + w > last) return kFeatureNaN;
  const double left = at(r - w), right = at(r + w);
  double area = 0.0;
  for (std::int64_t i = -w; i <= w; ++i) {
    const double share = static_cast<double>(i + w) / static_cast<double>(2 * w);
    area += at(r + i) - (left + share * (right - left));
  }
  return area / fs;
}

struct PulseFeatures {
  double intensity = kFeatureNaN;    // RIIV: mean of the pulse's peak and onset
  double amplitude = kFeatureNaN;    // RIAV: peak minus onset
};

/// The onset is the minimum in the search_back_s before the peak (at most back to the previous
/// peak); the peak value the largest sample within +-1 of peak_index.
template <typename At>
PulseFeatures pulse_features_at(const At& at, std::int64_t first, std::int64_t last,
                                double peak_index, double prev_peak_index, double fs,
                                double search_back_s) {
  PulseFeatures out;
  const auto p = static_cast<std::int64_t>(std::llround(peak_index));
  if (p - 1 < first || p + 1 > last) return out;
  const double peak = std::max({at(p - 1), at(p), at(p + 1)});
  std::int64_t from = p - std::llround(search_back_s * fs);
  if (std::isfinite(prev_peak_index)) {
    from = std::max(from, static_cast<std::int64_t>(std::llround(prev_peak_index)));
  }
  from = std::max(from, first);
  if (from >= p) return out;
  double onset = at(from);
  for (std::int64_t i = from + 1; i < p; ++i) onset = std::min(onset, static_cast<double>(at(i)));
  out.intensity = 0.5 * (peak + onset);
  out.amplitude = peak - onset;
  return out;
}

}  // namespace resonant::dsp::detail
