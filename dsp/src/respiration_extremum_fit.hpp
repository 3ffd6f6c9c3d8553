#pragma once
// Private helper of the belt respiration: locate a breath extremum by a least-squares parabola
// over +- half_width samples of filtered history (a 3-point parabola follows the noise: with
// 10 % noise at 100 Hz it moved 6 /min onsets by up to 0.4 s; the fit averages it out).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace resonant::dsp::detail {

struct FittedExtremum {
  double index = 0.0;  // fractional sample index of the vertex
  double value = 0.0;  // fitted value there
};

/// history: a power-of-two ring (index & (size - 1)) holding samples oldest_index..newest_index.
/// Fits around centre_index, re-centres once on the vertex, and returns the vertex when the
/// parabola opens the right way (is_peak: downwards) and its vertex lies inside the window.
std::optional<FittedExtremum> fit_extremum(std::span<const double> history,
                                           std::int64_t oldest_index, std::int64_t newest_index,
                                           std::int64_t centre_index, std::int64_t half_width,
                                           bool is_peak);

}  // namespace resonant::dsp::detail
