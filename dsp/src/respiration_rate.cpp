#include <resonant/dsp/respiration_rate.hpp>

#include <algorithm>
#include <cmath>

#include <resonant/dsp/detrend.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/peak_interpolation.hpp>
#include <resonant/dsp/rr_resample.hpp>
#include <resonant/dsp/spectrum.hpp>

#include "respiration_window.hpp"

namespace resonant::dsp {
namespace {

using detail::kNyquistShare;
constexpr std::size_t kMinBeats = 4;
// The streaming buffer drops its evicted front once it holds this many stale beats.
constexpr std::size_t kCompactAfter = 256;

// The kMaxRatePeaks largest local maxima of the density within [low_hz, high_hz], each refined
// by a parabola, with their share of the band's power (largest first).
void find_rate_peaks(const Spectrum& spectrum, double low_hz, double high_hz, double total_power,
                     double half_width_hz, RespirationRate& out) {
  const double df = spectrum.resolution_hz;
  const auto& d = spectrum.density;
  if (!(df > 0.0) || d.size() < 3 || !(total_power > 0.0)) return;
  const auto first = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(low_hz / df)));
  const auto last = std::min(d.size() - 2, static_cast<std::size_t>(std::floor(high_hz / df)));
  std::array<std::size_t, kMaxRatePeaks> bins{};
  std::size_t count = 0;
  for (std::size_t k = first; k <= last; ++k) {
    if (!(d[k] >= d[k - 1] && d[k] > d[k + 1])) continue;
    // Insert into the largest-first list of at most kMaxRatePeaks bins.
    std::size_t pos = count;
    while (pos > 0 && d[bins[pos - 1]] < d[k]) --pos;
    if (pos >= kMaxRatePeaks) continue;
    for (std::size_t j = std::min(count, kMaxRatePeaks - 1); j > pos; --j) bins[j] = bins[j - 1];
    bins[pos] = k;
    count = std::min(count + 1, kMaxRatePeaks);
  }
  for (std::size_t j = 0; j < count; ++j) {
    const std::size_t k = bins[j];
    const ParabolicPeak p = parabolic_peak(d[k - 1], d[k], d[k + 1]);
    const double f = (static_cast<double>(k) + p.offset) * df;
    const double near = band_power(spectrum, std::max(low_hz, f - half_width_hz),
                                   std::min(high_hz, f + half_width_hz));
    out.peaks[j] = RatePeak{60.0 * f, near / total_power};
  }
  out.peak_count = count;
}

}  // namespace

namespace detail {

bool prepare_respiration_window(std::span<const double> t_s, std::span<const double> values,
                                double t_end_s, const SpectralRateConfig& config,
                                RespirationWindow& out) {
  const double t_start_s = t_end_s - config.window_s;
  std::vector<double> t, v;
  const std::size_t n = std::min(t_s.size(), values.size());
  const auto first = static_cast<std::size_t>(
      std::lower_bound(t_s.begin(), t_s.begin() + static_cast<std::ptrdiff_t>(n), t_start_s) -
      t_s.begin());
  for (std::size_t i = first; i < n && t_s[i] <= t_end_s; ++i) {
    if (!std::isfinite(values[i])) continue;
    if (!t.empty() && !(t_s[i] > t.back())) continue;  // the spline needs increasing times
    t.push_back(t_s[i]);
    v.push_back(values[i]);
  }
  if (t.size() < kMinBeats) return false;
  const double span_s = t.back() - t.front();
  if (span_s < config.min_coverage * config.window_s) return false;

  out.series = resample_cubic(t, v, config.resample_rate_hz);
  if (out.series.values.size() < kMinBeats) return false;
  out.detrended = detrend_smoothness_priors(out.series.values, kRespirationDetrendLambda);
  out.span_s = span_s;
  out.beat_rate_hz = static_cast<double>(t.size() - 1) / span_s;
  return true;
}

}  // namespace detail

RespirationRate spectral_respiration_rate(std::span<const double> t_s,
                                          std::span<const double> values, double t_end_s,
                                          const SpectralRateConfig& config) {
  RespirationRate out;
  out.t_s = t_end_s;
  detail::RespirationWindow window;
  if (!detail::prepare_respiration_window(t_s, values, t_end_s, config, window)) return out;
  const std::vector<double>& x = window.detrended;
  std::size_t fft_size = 1;
  const double wanted = std::max(static_cast<double>(x.size()),
                                 config.resample_rate_hz / config.resolution_hz);
  while (static_cast<double>(fft_size) < wanted) fft_size <<= 1;
  const Spectrum spectrum = periodogram(x, config.resample_rate_hz, TaperWindow::kHann, fft_size);

  const double beat_rate_hz = window.beat_rate_hz;
  const double low_hz = config.min_rate_bpm / 60.0;
  const double high_hz = std::min(config.max_rate_bpm / 60.0, kNyquistShare * beat_rate_hz);
  if (!(high_hz > low_hz)) return out;
  const double f = peak_frequency_hz(spectrum, low_hz, high_hz);
  if (!std::isfinite(f)) return out;
  const double total = band_power(spectrum, low_hz, high_hz);
  if (!(total > config.min_band_power)) return out;
  const double near = band_power(spectrum, std::max(low_hz, f - config.peak_half_width_hz),
                                 std::min(high_hz, f + config.peak_half_width_hz));
  out.rate_bpm = 60.0 * f;
  out.peak_share = near / total;
  out.quality =
      std::clamp((out.peak_share - kNoiseShare) / (kCleanShare - kNoiseShare), 0.0, 1.0);
  find_rate_peaks(spectrum, low_hz, high_hz, total, config.peak_half_width_hz, out);
  return out;
}

SpectralRateConfig interval_series_config(SpectralRateConfig config) {
  config.min_band_power = std::max(config.min_band_power, kMinResolvedPowerMs2);
  return config;
}

BeatSeriesRate::BeatSeriesRate(const SpectralRateConfig& config) : config_(config) {}

void BeatSeriesRate::push(double t_s, double value) {
  t_s_.push_back(t_s);
  values_.push_back(value);
  const double keep_from = t_s - config_.window_s;
  while (begin_ < t_s_.size() && t_s_[begin_] < keep_from) ++begin_;
  if (begin_ >= kCompactAfter && begin_ * 2 >= t_s_.size()) {
    const auto n = static_cast<std::ptrdiff_t>(begin_);
    t_s_.erase(t_s_.begin(), t_s_.begin() + n);
    values_.erase(values_.begin(), values_.begin() + n);
    begin_ = 0;
  }
}

RespirationRate BeatSeriesRate::estimate(double t_end_s) const {
  const std::span<const double> t(t_s_), v(values_);
  return spectral_respiration_rate(t.subspan(begin_), v.subspan(begin_), t_end_s, config_);
}

RespirationRate BeatSeriesRate::estimate() const {
  if (t_s_.size() == begin_) return RespirationRate{};
  return estimate(t_s_.back());
}

void BeatSeriesRate::reset() {
  t_s_.clear();
  values_.clear();
  begin_ = 0;
}

std::vector<RespirationRate> spectral_respiration_rates(std::span<const double> t_s,
                                                        std::span<const double> values,
                                                        double t_first_end_s, double step_s,
                                                        const SpectralRateConfig& config) {
  std::vector<RespirationRate> out;
  if (t_s.empty() || !(step_s > 0.0)) return out;
  for (double t_end = t_first_end_s; t_end <= t_s.back() + 1e-9; t_end += step_s) {
    out.push_back(spectral_respiration_rate(t_s, values, t_end, config));
  }
  return out;
}

}  // namespace resonant::dsp
