#include <resonant/dsp/spectrum.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <resonant/dsp/peak_interpolation.hpp>

#include "spectrum_core.hpp"

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Spectrum periodogram(std::span<const double> x, double sample_rate_hz, TaperWindow window,
                     std::size_t fft_size) {
  Spectrum out;
  if (x.size() < 2 || !(sample_rate_hz > 0.0)) return out;
  const std::size_t nfft =
      fft_size == 0 ? detail::next_power_of_two(x.size()) : std::max(fft_size, x.size());
  detail::SegmentPeriodogram core;
  core.configure(x.size(), nfft, window);
  out.density.assign(nfft / 2 + 1, 0.0);
  core.accumulate(x, out.density);
  core.scale_to_density(out.density, 1, sample_rate_hz);
  out.resolution_hz = sample_rate_hz / static_cast<double>(nfft);
  return out;
}

struct WelchEstimator::Impl {
  detail::SegmentPeriodogram core;
  Spectrum out;
};

WelchEstimator::WelchEstimator(const WelchConfig& config)
    : config_(config), impl_(std::make_unique<Impl>()) {}
WelchEstimator::~WelchEstimator() = default;
WelchEstimator::WelchEstimator(WelchEstimator&&) noexcept = default;
WelchEstimator& WelchEstimator::operator=(WelchEstimator&&) noexcept = default;

const Spectrum& WelchEstimator::estimate(std::span<const double> x, double sample_rate_hz) {
  Spectrum& out = impl_->out;
  out.density.clear();
  out.resolution_hz = 0.0;
  segment_count_ = 0;
  const std::size_t n = x.size();
  if (n < 2 || !(sample_rate_hz > 0.0)) return out;

  const auto configured =
      static_cast<std::size_t>(std::llround(std::max(config_.segment_s, 0.0) * sample_rate_hz));
  const std::size_t length = std::clamp<std::size_t>(configured, 2, n);
  const double overlap = std::clamp(config_.overlap, 0.0, 0.9);
  const auto step = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::llround(static_cast<double>(length) * (1.0 - overlap))));
  // Enough segments that consecutive starts are at most `step` apart, spread over the record.
  const std::size_t spare = n - length;
  const std::size_t segments = (spare + step - 1) / step + 1;

  const std::size_t nfft = detail::next_power_of_two(length);
  impl_->core.configure(length, nfft, config_.window);
  out.density.assign(nfft / 2 + 1, 0.0);
  for (std::size_t s = 0; s < segments; ++s) {
    const std::size_t start =
        segments == 1 ? 0 : static_cast<std::size_t>(std::llround(
                                static_cast<double>(spare) * static_cast<double>(s) /
                                static_cast<double>(segments - 1)));
    impl_->core.accumulate(x.subspan(start, length), out.density);
  }
  impl_->core.scale_to_density(out.density, segments, sample_rate_hz);
  out.resolution_hz = sample_rate_hz / static_cast<double>(nfft);
  segment_count_ = segments;
  return out;
}

Spectrum welch_psd(std::span<const double> x, double sample_rate_hz, const WelchConfig& config) {
  WelchEstimator estimator(config);
  return estimator.estimate(x, sample_rate_hz);
}

double band_power(const Spectrum& spectrum, double low_hz, double high_hz) {
  if (!(spectrum.resolution_hz > 0.0)) return kNaN;
  double sum = 0.0;
  for (std::size_t k = 0; k < spectrum.density.size(); ++k) {
    const double f = static_cast<double>(k) * spectrum.resolution_hz;
    if (f >= low_hz && f < high_hz) sum += spectrum.density[k];
  }
  return sum * spectrum.resolution_hz;
}

double peak_frequency_hz(const Spectrum& spectrum, double low_hz, double high_hz) {
  const auto& d = spectrum.density;
  if (!(spectrum.resolution_hz > 0.0) || d.empty()) return kNaN;
  const double df = spectrum.resolution_hz;
  const auto first = static_cast<std::size_t>(std::max(0.0, std::ceil(low_hz / df)));
  const auto last_bin = static_cast<double>(d.size() - 1);
  const double last_f = std::min(std::floor(high_hz / df), last_bin);
  if (last_f < 0.0) return kNaN;
  const auto last = static_cast<std::size_t>(last_f);
  if (first > last) return kNaN;
  std::size_t best = first;
  for (std::size_t k = first + 1; k <= last; ++k) {
    if (d[k] > d[best]) best = k;
  }
  double offset = 0.0;
  if (best > 0 && best + 1 < d.size()) offset = parabolic_peak(d[best - 1], d[best], d[best + 1]).offset;
  return (static_cast<double>(best) + offset) * df;
}

}  // namespace resonant::dsp
