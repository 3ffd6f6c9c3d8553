#pragma once
// Sub-sample peak position from three samples (parabolic interpolation).
//
// Method: fit a parabola through (-1, y_prev), (0, y_peak), (+1, y_next); its vertex is at
// delta = 0.5 (y_prev - y_next) / (y_prev - 2 y_peak + y_next) samples
// (physiology-and-metrics.md §1.1; Task Force 1996 recommends it below 250 Hz).
// For a sampled Gaussian of standard deviation >= 1.5 samples the bias is < 0.03 samples.
// Latency: needs the sample after the peak (1 sample).
namespace resonant::dsp {

struct ParabolicPeak {
  double offset = 0.0;  // [-0.5, 0.5] samples relative to the peak sample
  double value = 0.0;   // height of the vertex
};

/// y_peak must be a local maximum (y_peak >= both neighbours); otherwise (or on a flat top)
/// the offset is 0 and the value y_peak. For a minimum, pass the negated samples.
ParabolicPeak parabolic_peak(double y_prev, double y_peak, double y_next);

}  // namespace resonant::dsp
