#pragma once
// Private: one window of a beat-sampled respiratory modulation prepared the way the spectral
// core analyses it (respiration_rate.cpp) and the cycle count refines it
// (respiration_count.cpp): the beats in [t_end_s - window_s, t_end_s] (finite values, strictly
// increasing times), a natural cubic spline at resample_rate_hz, and the smoothness-priors
// detrend. One code path, so both see the same samples.
#include <span>
#include <vector>

#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/rr_resample.hpp>

namespace resonant::dsp::detail {

// Smoothness-priors detrend before the spectrum: lambda 500 at 4 Hz removes < 0.035 Hz (slow
// HR and amplitude drifts that would leak into the 3 /min edge through the taper's side
// lobes) and keeps 0.99 of 0.1 Hz (detrend.hpp).
inline constexpr double kRespirationDetrendLambda = 500.0;

// Nyquist of a beat-sampled series: a modulation is only resolvable below half the beat rate;
// keep a margin. The spectral band and the count's pass band both stop here.
inline constexpr double kNyquistShare = 0.45;

struct RespirationWindow {
  UniformSeries series;            // the spline samples (series.start_s = the first beat)
  std::vector<double> detrended;   // series.values minus the smoothness-priors trend
  double span_s = 0.0;             // last beat - first beat in the window
  double beat_rate_hz = 0.0;       // (beats - 1) / span_s
};

/// False (out untouched or partly filled) when fewer than 4 beats lie in the window or they
/// cover less than config.min_coverage of it.
bool prepare_respiration_window(std::span<const double> t_s, std::span<const double> values,
                                double t_end_s, const SpectralRateConfig& config,
                                RespirationWindow& out);

}  // namespace resonant::dsp::detail
