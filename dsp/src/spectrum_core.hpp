#pragma once
// Private: the one periodogram core shared by periodogram(), welch_psd() and WelchEstimator.
// Holds the FFT (Eigen/KissFFT, plans cached per size) and the taper, so that repeated calls
// with the same sizes do not allocate.
#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include <unsupported/Eigen/FFT>

#include <resonant/dsp/spectrum.hpp>

namespace resonant::dsp::detail {

class SegmentPeriodogram {
 public:
  SegmentPeriodogram();

  /// Prepares the taper for segments of segment_length samples and an FFT of fft_size
  /// (>= segment_length); cheap when nothing changed.
  void configure(std::size_t segment_length, std::size_t fft_size, TaperWindow window);

  /// Adds |X_k|^2 of the mean-removed, tapered, zero-padded segment, k = 0 .. fft_size / 2,
  /// to acc (size fft_size / 2 + 1).
  void accumulate(std::span<const double> segment, std::span<double> acc);

  /// Turns acc, the sum over `segments` segments, into a one-sided density in units^2 / Hz.
  void scale_to_density(std::span<double> acc, std::size_t segments, double sample_rate_hz) const;

  std::size_t fft_size() const { return fft_size_; }

 private:
  Eigen::FFT<double> fft_;
  std::vector<double> taper_;
  std::vector<double> frame_;
  std::vector<std::complex<double>> bins_;
  std::size_t fft_size_ = 0;
  TaperWindow window_ = TaperWindow::kHann;
  double taper_power_ = 0.0;  // sum of taper^2
};

std::size_t next_power_of_two(std::size_t n);

}  // namespace resonant::dsp::detail
