// Periodicity test of a column of numbers (see waveform_evidence.hpp).
#include "waveform_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "text_util.hpp"

namespace resonant::records::detail {
namespace {

/// The moving mean removed before looking for a repeat spans this many values each side: a
/// beat at 30 /min sampled at 1000 Hz, or a breath at 3 /min at 100 Hz, is 2000 samples, so a
/// wave's own repeat survives while a wandering baseline (a belt's drift, a PPG's DC) goes.
/// Shorter series keep a lopsided window at their ends (below 2049 values only their mean is
/// removed): a drift left in keeps the autocorrelation above zero, so no repeat is found.
constexpr std::size_t kDriftHalfWindowValues = 2048;
/// A wave has at least this many samples a period (a pulse at 180 /min at 50 Hz has 17).
constexpr std::size_t kMinPeriodValues = 16;
/// Lags up to a quarter of the values: at least four repeats make a correlation.
constexpr std::size_t kMinRepeats = 4;
/// Lags tried grow geometrically by this factor (about 6 %: a period is found to within 3 %).
constexpr double kLagGrowth = 1.06;
/// A sine first crosses zero at a quarter period; pulses, more asymmetric, later. The repeat
/// is looked for up to five times that lag: the period, not yet its double for a sine. (A
/// pulse crossing zero after 0.4 of its period may be named at its double: the note then
/// gives twice the period.)
constexpr std::size_t kSearchPerFirstZero = 5;
/// The mean squared difference a period apart is at most the series' variance: the wave's
/// shape recurs. Measured repeats: PPG 0.75-0.85, arterial pressure 0.93, impedance breathing 0.72; RR lists
/// of ../shared/data at most 0.45.
constexpr double kMinCorrelation = 0.5;
/// Read as intervals, the repeat lasts this long: 2 /min, slower than paced breathing
/// (3 /min, 20 s), whose sinus arrhythmia is a heart's most regular fast swing.
constexpr double kMinAsRrPeriodS = 30.0;
/// A variance below this share of the squared mean is rounding, not a wave (a paced heart's
/// constant intervals).
constexpr double kMinRelativeVariance = 1e-12;

/// The series minus its moving mean (see kDriftHalfWindowValues).
std::vector<double> without_drift(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::vector<double> prefix(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + x[i];
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i >= kDriftHalfWindowValues ? i - kDriftHalfWindowValues : 0;
    const std::size_t hi = std::min(n, i + kDriftHalfWindowValues + 1);
    out[i] = x[i] - (prefix[hi] - prefix[lo]) / static_cast<double>(hi - lo);
  }
  return out;
}

/// Autocorrelation at lag k from the mean squared difference: 1 - E[(x[i+k]-x[i])^2]/(2 var).
double correlation_at(const std::vector<double>& x, double variance, std::size_t k) {
  double sum = 0.0;
  for (std::size_t i = 0; i + k < x.size(); ++i) {
    const double d = x[i + k] - x[i];
    sum += d * d;
  }
  return 1.0 - sum / static_cast<double>(x.size() - k) / (2.0 * variance);
}

}  // namespace

std::optional<WaveformEvidence> periodic_waveform_evidence(std::span<const RrInterval> rr) {
  std::vector<double> values_ms;
  values_ms.reserve(std::min(rr.size(), kWaveformCheckValues));
  for (const RrInterval& r : rr.first(std::min(rr.size(), kWaveformCheckValues))) {
    values_ms.push_back(r.rr_ms);
  }
  const std::size_t max_lag = values_ms.size() / kMinRepeats;
  // A repeat of kMinPeriodValues needs its first zero and the period after it among the lags.
  if (max_lag < kMinPeriodValues * 2) return std::nullopt;
  const std::vector<double> x = without_drift(values_ms);
  double mean_ms = 0.0;
  for (double v : values_ms) mean_ms += v;
  mean_ms /= static_cast<double>(values_ms.size());
  double mean_x = 0.0;
  for (double v : x) mean_x += v;
  mean_x /= static_cast<double>(x.size());
  double variance = 0.0;
  for (double v : x) variance += (v - mean_x) * (v - mean_x);
  variance /= static_cast<double>(x.size());
  if (!(variance > kMinRelativeVariance * mean_ms * mean_ms)) return std::nullopt;

  std::size_t first_zero = 0;
  std::optional<WaveformEvidence> best;
  double lag = 1.0;
  for (std::size_t k = 1; k <= max_lag;
       k = std::max(k + 1, static_cast<std::size_t>(std::lround(lag *= kLagGrowth)))) {
    if (first_zero != 0 && k > kSearchPerFirstZero * first_zero) break;
    const double r = correlation_at(x, variance, k);
    if (first_zero == 0) {
      if (r < 0.0) first_zero = k;
      continue;
    }
    if (!best || r > best->correlation) best = WaveformEvidence{k, r, 0.0};
  }
  if (!best || best->period_values < kMinPeriodValues || best->correlation < kMinCorrelation) {
    return std::nullopt;
  }
  best->as_rr_period_s =
      static_cast<double>(best->period_values) * median_of(values_ms) / 1000.0;
  if (best->as_rr_period_s < kMinAsRrPeriodS) return std::nullopt;
  return best;
}

}  // namespace resonant::records::detail
