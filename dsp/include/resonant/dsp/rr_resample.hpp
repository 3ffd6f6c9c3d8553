#pragma once
// Uniform resampling of an unevenly sampled series (the RR tachogram) by a natural cubic
// spline (physiology-and-metrics.md §3.2: 4 Hz cubic interpolation, as Kubios does), the step
// before any FFT-based spectrum. Reference: de Boor 1978 (natural cubic spline, tridiagonal
// solve, O(n)). Latency: the spline between two knots needs the later knot, so a live caller
// sees the series up to the last beat (one RR interval behind real time).
#include <span>
#include <vector>

namespace resonant::dsp {

struct UniformSeries {
  double start_s = 0.0;   // time of values[0]
  double rate_hz = 4.0;
  std::vector<double> values;
};

/// Natural cubic spline through (t_s[i], values[i]) (t_s strictly increasing), sampled every
/// 1/rate_hz from t_s.front() up to t_s.back(). Empty result for fewer than 2 points.
UniformSeries resample_cubic(std::span<const double> t_s, std::span<const double> values,
                             double rate_hz = 4.0);

/// The same resampling with reusable storage, for repeated (live) use: no allocation once the
/// buffers have grown to the largest input and output seen. The returned series lives until the
/// next call.
class CubicResampler {
 public:
  const UniformSeries& resample(std::span<const double> t_s, std::span<const double> values,
                                double rate_hz = 4.0);

 private:
  UniformSeries out_;
  std::vector<double> second_derivative_;  // spline moments M_i
  std::vector<double> scratch_;            // Thomas algorithm's modified super-diagonal
};

}  // namespace resonant::dsp
