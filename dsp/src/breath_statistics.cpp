#include <resonant/dsp/breath_statistics.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sorted_quantile.hpp"

namespace resonant::dsp {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kSpreadLowQuantile = 0.1;
constexpr double kSpreadHighQuantile = 0.9;

double median_of(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  return sorted_quantile(values, 0.5);
}

}  // namespace

BreathStatistics breath_statistics(std::span<const Breath> breaths, double min_quality) {
  BreathStatistics out;
  std::vector<double> durations_s, rates_bpm, exhale_per_inhale;
  durations_s.reserve(breaths.size());
  rates_bpm.reserve(breaths.size());
  exhale_per_inhale.reserve(breaths.size());
  double sum_s = 0.0;
  for (const Breath& b : breaths) {
    const double duration_s = b.end_s - b.onset_s;
    if (!(b.quality >= min_quality) || !(duration_s > 0.0)) {
      ++out.left_out;
      continue;
    }
    durations_s.push_back(duration_s);
    rates_bpm.push_back(kSecondsPerMinute / duration_s);
    if (b.inhale_s > 0.0) exhale_per_inhale.push_back(b.exhale_s / b.inhale_s);
    sum_s += duration_s;
    if (!(duration_s <= out.longest_breath_s)) {
      out.longest_breath_s = duration_s;
      out.longest_breath_onset_s = b.onset_s;
    }
  }
  out.breaths = durations_s.size();
  if (durations_s.empty()) return out;
  const double mean_s = sum_s / static_cast<double>(durations_s.size());
  double sum_sq = 0.0;
  for (const double d : durations_s) sum_sq += (d - mean_s) * (d - mean_s);
  if (durations_s.size() > 1) {
    out.duration_cv_pct =
        100.0 * std::sqrt(sum_sq / static_cast<double>(durations_s.size() - 1)) / mean_s;
  }
  out.median_duration_s = median_of(durations_s);
  out.median_rate_bpm = kSecondsPerMinute / out.median_duration_s;
  std::sort(rates_bpm.begin(), rates_bpm.end());
  out.rate_p10_bpm = sorted_quantile(rates_bpm, kSpreadLowQuantile);
  out.rate_p90_bpm = sorted_quantile(rates_bpm, kSpreadHighQuantile);
  if (!exhale_per_inhale.empty()) out.exhale_per_inhale = median_of(exhale_per_inhale);
  return out;
}

}  // namespace resonant::dsp
