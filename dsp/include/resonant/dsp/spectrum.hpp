#pragma once
// Power spectral density estimates for evenly sampled series: the single-segment periodogram
// and Welch's averaged modified periodogram (Welch 1967), as used for frequency-domain HRV
// (Task Force 1996; Kubios defaults: 256 s Hann segments with 50 % overlap;
// physiology-and-metrics.md §3.2). FFT: Eigen's unsupported FFT (KissFFT backend).
// Latency: a spectrum describes the whole segment it is computed over (its centre lags the
// newest sample by half the segment).
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace resonant::dsp {

struct Spectrum {
  double resolution_hz = 0.0;   // bin k is at k * resolution_hz
  std::vector<double> density;  // one-sided power spectral density, (input units)^2 / Hz
};

enum class TaperWindow { kHann, kHamming, kRectangular };

/// Periodogram of one segment: mean removed, tapered, zero-padded to fft_size (>= x.size(); 0 =
/// next power of two), scaled so that sum(density) * resolution_hz equals the variance of the
/// (untapered) signal for a broadband input (window power compensated).
Spectrum periodogram(std::span<const double> x, double sample_rate_hz,
                     TaperWindow window = TaperWindow::kHann, std::size_t fft_size = 0);

struct WelchConfig {
  double segment_s = 256.0;   // [16, 600]
  double overlap = 0.5;       // [0, 0.9]
  TaperWindow window = TaperWindow::kHann;
};

Spectrum welch_psd(std::span<const double> x, double sample_rate_hz, const WelchConfig& config = {});

/// Welch's estimate with reusable storage, for repeated (live) use: no allocation once the
/// buffers have grown to the largest input seen (and the FFT plan for that size exists).
/// welch_psd() runs this same code. Segments: length min(segment_s * rate, x.size()) samples;
/// as many as the configured overlap needs, spread evenly so that the first starts at the first
/// sample and the last ends at the last (the actual overlap is >= the configured one); each is
/// mean-removed, tapered and zero-padded to the next power of two. The returned spectrum lives
/// until the next call.
class WelchEstimator {
 public:
  explicit WelchEstimator(const WelchConfig& config = {});
  ~WelchEstimator();
  WelchEstimator(WelchEstimator&&) noexcept;
  WelchEstimator& operator=(WelchEstimator&&) noexcept;

  const Spectrum& estimate(std::span<const double> x, double sample_rate_hz);
  /// Segments averaged in the last estimate (0 when the input had fewer than 2 samples).
  std::size_t segment_count() const { return segment_count_; }
  const WelchConfig& config() const { return config_; }

 private:
  struct Impl;
  WelchConfig config_;
  std::unique_ptr<Impl> impl_;
  std::size_t segment_count_ = 0;
};

/// Integral of the density over [low_hz, high_hz) (bins by centre frequency, as Kubios does; say
/// so in the doc), in (input units)^2.
double band_power(const Spectrum& spectrum, double low_hz, double high_hz);

/// Frequency of the largest density in [low_hz, high_hz], refined by a parabola; NaN if empty.
double peak_frequency_hz(const Spectrum& spectrum, double low_hz, double high_hz);

}  // namespace resonant::dsp
