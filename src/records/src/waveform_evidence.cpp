// Periodicity test of a column of numbers (see waveform_evidence.hpp).
#include "waveform_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace resonant::records::detail {
namespace {

/// The longest repeat looked for: a beat at 30 /min sampled at 1000 Hz, or a breath at
/// 3 /min at 100 Hz, is 2000 samples.
constexpr std::size_t kMaxLag = 2048;
/// A wave has at least this many samples a period (a pulse at 180 /min at 50 Hz has 17).
constexpr std::size_t kMinPeriodValues = 16;
/// The series must hold this many repeats of a lag for its autocorrelation to count.
constexpr std::size_t kMinRepeats = 4;
/// Values looked at: enough for kMinRepeats of kMaxLag and more, bounded for speed.
constexpr std::size_t kMaxValues = 32768;
/// Lags tried grow geometrically by this factor (about 6 %: a period is found to within 3 %).
constexpr double kLagGrowth = 1.06;
/// A sine first crosses zero at a quarter period; pulses, more asymmetric, a little later.
constexpr std::size_t kPeriodPerFirstZero = 5;
constexpr double kMinCorrelation = 0.5;
/// Read as intervals, the repeat would last this long: 2 /min, slower than paced breathing
/// (3 /min, 20 s) whose sinus arrhythmia is a heart's most regular oscillation.
constexpr double kMinAsRrPeriodS = 30.0;

/// The series minus its centred moving mean over twice the longest lag: a wandering baseline
/// (drift of a breathing belt, a PPG's DC) would otherwise hide the repeat.
std::vector<double> without_drift(std::span<const double> x) {
  const std::size_t n = x.size();
  std::vector<double> prefix(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + x[i];
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i >= kMaxLag ? i - kMaxLag : 0;
    const std::size_t hi = std::min(n, i + kMaxLag + 1);
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

double median_of(std::span<const double> v) {
  std::vector<double> copy(v.begin(), v.end());
  const auto mid = copy.begin() + static_cast<std::ptrdiff_t>(copy.size() / 2);
  std::nth_element(copy.begin(), mid, copy.end());
  return *mid;
}

}  // namespace

std::optional<WaveformEvidence> periodic_waveform_evidence(std::span<const double> values_ms) {
  const std::span<const double> head = values_ms.first(std::min(values_ms.size(), kMaxValues));
  if (head.size() < kMinRepeats * kMinPeriodValues * 2) return std::nullopt;
  const std::vector<double> x = without_drift(head);
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double variance = 0.0;
  for (double v : x) variance += (v - mean) * (v - mean);
  variance /= static_cast<double>(x.size());
  if (!(variance > 0.0)) return std::nullopt;

  const std::size_t max_lag = std::min(kMaxLag * kPeriodPerFirstZero, x.size() / kMinRepeats);
  std::size_t first_zero = 0;
  std::optional<WaveformEvidence> best;
  double lag = 1.0;
  for (std::size_t k = 1; k <= max_lag;
       k = std::max(k + 1, static_cast<std::size_t>(std::lround(lag *= kLagGrowth)))) {
    if (first_zero != 0 && k > kPeriodPerFirstZero * first_zero) break;
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
  best->as_rr_period_s = static_cast<double>(best->period_values) * median_of(head) / 1000.0;
  if (best->as_rr_period_s < kMinAsRrPeriodS) return std::nullopt;
  return best;
}

}  // namespace resonant::records::detail
