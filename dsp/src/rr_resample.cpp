#include <resonant/dsp/rr_resample.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace resonant::dsp {
namespace {

// Sample times are start + j / rate; a last knot that falls a rounding error short of a sample
// time must not lose that sample.
constexpr double kSampleTimeTolerance = 1e-9;

}  // namespace

const UniformSeries& CubicResampler::resample(std::span<const double> t_s,
                                              std::span<const double> values, double rate_hz) {
  out_.rate_hz = rate_hz;
  out_.values.clear();
  const std::size_t n = std::min(t_s.size(), values.size());
  if (n < 2 || !(rate_hz > 0.0)) {
    out_.start_s = n > 0 ? t_s[0] : 0.0;
    return out_;
  }
  out_.start_s = t_s[0];

  // Natural spline moments: for interior i,
  //   h_{i-1} M_{i-1} + 2 (h_{i-1} + h_i) M_i + h_i M_{i+1} = 6 (d_i - d_{i-1}),
  // d_i = (y_{i+1} - y_i) / h_i, M_0 = M_{n-1} = 0; tridiagonal, solved by Thomas in O(n).
  auto& m = second_derivative_;
  auto& c = scratch_;
  m.assign(n, 0.0);
  c.assign(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double h0 = t_s[i] - t_s[i - 1];
    const double h1 = t_s[i + 1] - t_s[i];
    const double rhs = 6.0 * ((values[i + 1] - values[i]) / h1 - (values[i] - values[i - 1]) / h0);
    const double sub = h0;
    const double diag = 2.0 * (h0 + h1) - sub * c[i - 1];
    c[i] = h1 / diag;
    m[i] = (rhs - sub * m[i - 1]) / diag;
  }
  for (std::size_t i = n - 2; i >= 1; --i) m[i] -= c[i] * m[i + 1];

  const double span_s = t_s[n - 1] - t_s[0];
  const auto count = static_cast<std::size_t>(std::floor(span_s * rate_hz + kSampleTimeTolerance)) + 1;
  out_.values.resize(count);
  std::size_t k = 0;  // knot interval [t_k, t_{k+1}] holding the sample
  for (std::size_t j = 0; j < count; ++j) {
    const double t = t_s[0] + static_cast<double>(j) / rate_hz;
    while (k + 2 < n && t > t_s[k + 1]) ++k;
    const double h = t_s[k + 1] - t_s[k];
    const double a = (t_s[k + 1] - t) / h;  // weight of the left knot
    const double b = 1.0 - a;
    out_.values[j] = a * values[k] + b * values[k + 1] +
                     ((a * a * a - a) * m[k] + (b * b * b - b) * m[k + 1]) * h * h / 6.0;
  }
  return out_;
}

UniformSeries resample_cubic(std::span<const double> t_s, std::span<const double> values,
                             double rate_hz) {
  CubicResampler resampler;
  return resampler.resample(t_s, values, rate_hz);
}

}  // namespace resonant::dsp
