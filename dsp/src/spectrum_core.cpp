#include "spectrum_core.hpp"

#include <cmath>
#include <numbers>

namespace resonant::dsp::detail {
namespace {

// Periodic (DFT-even) tapers, as scipy.signal.welch uses: w[i] = a - b cos(2 pi i / L).
double taper_value(TaperWindow window, std::size_t i, std::size_t length) {
  const double phase = 2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(length);
  switch (window) {
    case TaperWindow::kHann:
      return 0.5 - 0.5 * std::cos(phase);
    case TaperWindow::kHamming:
      return 0.54 - 0.46 * std::cos(phase);
    case TaperWindow::kRectangular:
      break;
  }
  return 1.0;
}

}  // namespace

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

SegmentPeriodogram::SegmentPeriodogram() { fft_.SetFlag(Eigen::FFT<double>::HalfSpectrum); }

void SegmentPeriodogram::configure(std::size_t segment_length, std::size_t fft_size,
                                   TaperWindow window) {
  if (segment_length == taper_.size() && fft_size == fft_size_ && window == window_) return;
  window_ = window;
  fft_size_ = fft_size;
  taper_.resize(segment_length);
  taper_power_ = 0.0;
  for (std::size_t i = 0; i < segment_length; ++i) {
    taper_[i] = taper_value(window, i, segment_length);
    taper_power_ += taper_[i] * taper_[i];
  }
  frame_.assign(fft_size, 0.0);
  bins_.resize(fft_size / 2 + 1);
}

void SegmentPeriodogram::accumulate(std::span<const double> segment, std::span<double> acc) {
  const std::size_t n = taper_.size();
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += segment[i];
  mean /= static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) frame_[i] = (segment[i] - mean) * taper_[i];
  for (std::size_t i = n; i < fft_size_; ++i) frame_[i] = 0.0;
  fft_.fwd(bins_.data(), frame_.data(), static_cast<Eigen::Index>(fft_size_));
  for (std::size_t k = 0; k < bins_.size(); ++k) acc[k] += std::norm(bins_[k]);
}

void SegmentPeriodogram::scale_to_density(std::span<double> acc, std::size_t segments,
                                          double sample_rate_hz) const {
  // Parseval: sum_k |X_k|^2 over all fft_size bins = fft_size * sum (w x)^2, and
  // sum (w x)^2 ~ taper_power * variance for a broadband x. With resolution fs / fft_size, the
  // two-sided density is |X_k|^2 / (fs * taper_power); one-sided doubles all bins but DC and
  // (for even sizes) Nyquist.
  const double scale = 1.0 / (sample_rate_hz * taper_power_ * static_cast<double>(segments));
  const std::size_t last = acc.size() - 1;
  const bool has_nyquist = fft_size_ % 2 == 0;
  for (std::size_t k = 0; k < acc.size(); ++k) {
    const bool single = k == 0 || (k == last && has_nyquist);
    acc[k] *= single ? scale : 2.0 * scale;
  }
}

}  // namespace resonant::dsp::detail
