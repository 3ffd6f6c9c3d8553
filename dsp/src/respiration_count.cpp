#include <resonant/dsp/respiration_count.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

#include <unsupported/Eigen/FFT>

#include "respiration_window.hpp"

namespace resonant::dsp {
namespace {

constexpr double kSecondsPerMinute = 60.0;
// A band-passed series whose RMS is below this share of the input's level is rounding noise (a
// flat input): no count (as the belt's numeric floor, respiration.md).
constexpr double kNumericFloor = 1e-9;
// Rounding: a cumulative weight this close to half the total counts as exactly half.
constexpr double kHalfWeightTolerance = 1e-12;

std::size_t padded_size(std::size_t n) {
  std::size_t size = 1;
  while (size < 2 * n) size <<= 1;
  return size;
}

// Gain of the band-pass at f_hz: 1 on [low_hz, high_hz], a raised-cosine roll-off over
// one bin (taper_hz) outside each edge, 0 beyond.
double band_gain(double f_hz, double low_hz, double high_hz, double taper_hz) {
  double outside = 0.0;
  if (f_hz < low_hz) outside = low_hz - f_hz;
  if (f_hz > high_hz) outside = f_hz - high_hz;
  if (outside >= taper_hz) return 0.0;
  return 0.5 * (1.0 + std::cos(std::numbers::pi * outside / taper_hz));
}

// Zero-phase band-pass of x (sampled at rate_hz) in the frequency domain.
std::vector<double> band_pass(const std::vector<double>& x, double rate_hz, double low_hz,
                              double high_hz) {
  const std::size_t size = padded_size(x.size());
  std::vector<double> frame(size, 0.0);
  std::copy(x.begin(), x.end(), frame.begin());
  Eigen::FFT<double> fft;
  fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  std::vector<std::complex<double>> bins;
  fft.fwd(bins, frame);
  const double bin_hz = rate_hz / static_cast<double>(size);
  for (std::size_t k = 0; k < bins.size(); ++k) {
    bins[k] *= band_gain(static_cast<double>(k) * bin_hz, low_hz, high_hz, bin_hz);
  }
  fft.inv(frame, bins);  // scaled by 1 / size (Eigen's default)
  frame.resize(x.size());
  return frame;
}

}  // namespace

double count_respiration_rate(std::span<const double> t_s, std::span<const double> values,
                              double t_end_s, double rate_bpm, const SpectralRateConfig& series,
                              const CycleCountConfig& config) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(std::isfinite(rate_bpm) && rate_bpm > 0.0 && config.band_factor > 1.0)) return nan;
  detail::RespirationWindow window;
  if (!detail::prepare_respiration_window(t_s, values, t_end_s, series, window)) return nan;
  const double rate_hz = window.series.rate_hz;
  const double f0_hz = rate_bpm / kSecondsPerMinute;
  // The pass band stops at the beat series' Nyquist margin, as the spectral band does: above
  // it the spline's images, not the modulation, would be counted.
  const double low_hz = f0_hz / config.band_factor;
  const double high_hz =
      std::min(config.band_factor * f0_hz, detail::kNyquistShare * window.beat_rate_hz);
  if (!(high_hz > low_hz)) return nan;
  const std::vector<double> y = band_pass(window.detrended, rate_hz, low_hz, high_hz);
  double level = 0.0, power = 0.0;
  for (const double v : window.series.values) level = std::max(level, std::abs(v));
  for (const double v : y) power += v * v;
  if (!(std::sqrt(power / static_cast<double>(y.size())) > kNumericFloor * level)) return nan;
  const double span_s = static_cast<double>(y.size() - 1) / rate_hz;
  const double from_s = config.edge_share * span_s, to_s = (1.0 - config.edge_share) * span_s;
  std::size_t crossings = 0;
  double first_s = nan, last_s = nan;
  for (std::size_t i = 0; i + 1 < y.size(); ++i) {
    if (!(y[i] < 0.0 && y[i + 1] >= 0.0)) continue;
    const double t = (static_cast<double>(i) + (-y[i]) / (y[i + 1] - y[i])) / rate_hz;
    if (t < from_s || t > to_s) continue;
    if (crossings == 0) first_s = t;
    last_s = t;
    ++crossings;
  }
  if (crossings < std::max<std::size_t>(config.min_crossings, 2) || !(last_s > first_s)) {
    return nan;
  }
  const double counted_bpm =
      kSecondsPerMinute * static_cast<double>(crossings - 1) / (last_s - first_s);
  // Outside the breathing band the count describes no breathing rate the spectral core could
  // report either: no count.
  if (counted_bpm < series.min_rate_bpm || counted_bpm > series.max_rate_bpm) return nan;
  return counted_bpm;
}

double supporting_share(const RespirationRate& estimate, double rate_bpm,
                        const RespirationTrackingConfig& tracking) {
  double share = 0.0;
  for (std::size_t j = 0; j < estimate.peak_count; ++j) {
    if (!is_tracking_candidate(estimate, j, tracking)) continue;
    const RatePeak& p = estimate.peaks[j];
    if (std::abs(p.rate_bpm - rate_bpm) <= kRespirationSupportBpm) {
      share = std::max(share, p.share);
    }
  }
  return share;
}

double combine_counted_rates(std::span<CountedRate> votes, double tracked_bpm) {
  const auto valid_end = std::partition(votes.begin(), votes.end(), [](const CountedRate& v) {
    return std::isfinite(v.rate_bpm) && v.weight > 0.0;
  });
  const std::span<CountedRate> valid(votes.begin(), valid_end);
  if (valid.empty()) return tracked_bpm;
  std::sort(valid.begin(), valid.end(),
            [](const CountedRate& a, const CountedRate& b) { return a.rate_bpm < b.rate_bpm; });
  double total = 0.0;
  for (const CountedRate& v : valid) total += v.weight;
  const double half = 0.5 * total;
  double cumulative = 0.0;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    cumulative += valid[i].weight;
    if (cumulative < half - kHalfWeightTolerance * total) continue;
    const bool exactly_half = std::abs(cumulative - half) <= kHalfWeightTolerance * total;
    if (exactly_half && i + 1 < valid.size()) {
      return 0.5 * (valid[i].rate_bpm + valid[i + 1].rate_bpm);
    }
    return valid[i].rate_bpm;
  }
  return valid.back().rate_bpm;
}

double refine_rate_by_count(double t_end_s, double tracked_bpm, std::span<const CountSeries> series,
                            const SpectralRateConfig& spectral, const CycleCountConfig& config,
                            const RespirationTrackingConfig& tracking) {
  if (!std::isfinite(tracked_bpm)) return tracked_bpm;
  std::vector<CountedRate> votes;
  votes.reserve(series.size());
  for (const CountSeries& s : series) {
    if (s.estimate == nullptr) continue;
    const double share = supporting_share(*s.estimate, tracked_bpm, tracking);
    if (!(share > 0.0)) continue;
    votes.push_back(
        {count_respiration_rate(s.t_s, s.values, t_end_s - s.clock_offset_s, tracked_bpm, spectral,
                                config),
         share});
  }
  return combine_counted_rates(votes, tracked_bpm);
}

double BeatSeriesRate::count_rate(double t_end_s, double rate_bpm,
                                  const CycleCountConfig& config) const {
  return count_respiration_rate(times(), values(), t_end_s, rate_bpm, config_, config);
}

std::span<const double> BeatSeriesRate::times() const {
  return std::span<const double>(t_s_).subspan(begin_);
}

std::span<const double> BeatSeriesRate::values() const {
  return std::span<const double>(values_).subspan(begin_);
}

}  // namespace resonant::dsp
