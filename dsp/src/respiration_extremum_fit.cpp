#include "respiration_extremum_fit.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::dsp::detail {
namespace {

std::optional<FittedExtremum> fit_once(std::span<const double> history, std::int64_t centre,
                                       std::int64_t half_width, bool is_peak) {
  const std::size_t mask = history.size() - 1;
  // Normal equations of y = a + b u + c u^2 with u = i - centre (symmetric window: odd
  // moments vanish), so b and (a, c) decouple.
  double s0 = 0.0, s2 = 0.0, s4 = 0.0, y0 = 0.0, y1 = 0.0, y2 = 0.0;
  for (std::int64_t u = -half_width; u <= half_width; ++u) {
    const double y = history[static_cast<std::size_t>(centre + u) & mask];
    const double uu = static_cast<double>(u);
    s0 += 1.0;
    s2 += uu * uu;
    s4 += uu * uu * uu * uu;
    y0 += y;
    y1 += uu * y;
    y2 += uu * uu * y;
  }
  const double det = s0 * s4 - s2 * s2;
  if (!(det > 0.0) || !(s2 > 0.0)) return std::nullopt;
  const double c = (s0 * y2 - s2 * y0) / det;
  const double a = (s4 * y0 - s2 * y2) / det;
  const double b = y1 / s2;
  if (is_peak ? !(c < 0.0) : !(c > 0.0)) return std::nullopt;
  const double vertex = -b / (2.0 * c);
  if (std::abs(vertex) > static_cast<double>(half_width)) return std::nullopt;
  return FittedExtremum{static_cast<double>(centre) + vertex, a + b * vertex + c * vertex * vertex};
}

}  // namespace

std::optional<FittedExtremum> fit_extremum(std::span<const double> history,
                                           std::int64_t oldest_index, std::int64_t newest_index,
                                           std::int64_t centre_index, std::int64_t half_width,
                                           bool is_peak) {
  std::int64_t centre = centre_index;
  std::optional<FittedExtremum> fit;
  for (int pass = 0; pass < 2; ++pass) {
    // Shrink the window symmetrically to the samples available (a turn confirmed early by a
    // noisy sample has fewer samples after it).
    const std::int64_t w =
        std::min({half_width, centre - oldest_index, newest_index - centre});
    if (w < 1) return fit;
    const auto next = fit_once(history, centre, w, is_peak);
    if (!next) return fit;
    fit = next;
    centre = static_cast<std::int64_t>(std::llround(fit->index));
  }
  return fit;
}

}  // namespace resonant::dsp::detail
