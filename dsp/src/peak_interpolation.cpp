#include <resonant/dsp/peak_interpolation.hpp>

#include <algorithm>

namespace resonant::dsp {

ParabolicPeak parabolic_peak(double y_prev, double y_peak, double y_next) {
  const double curvature = y_prev - 2.0 * y_peak + y_next;  // < 0 at a strict maximum
  if (!(curvature < 0.0) || y_peak < y_prev || y_peak < y_next) return {0.0, y_peak};
  const double offset = std::clamp(0.5 * (y_prev - y_next) / curvature, -0.5, 0.5);
  // Vertex height of the fitted parabola: y0 - (y_prev - y_next) * offset / 4.
  return {offset, y_peak - 0.25 * (y_prev - y_next) * offset};
}

}  // namespace resonant::dsp
