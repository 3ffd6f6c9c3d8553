#pragma once
// The baroreflex-like resonator: a second-order band-pass
//
//   H(s) = 2*zeta*w0*s / (s^2 + 2*zeta*w0*s + w0^2),   w0 = 2*pi*f0,  Q = 1/(2*zeta)
//
// |H| = 1 and phase 0 at f0; the phase leads below f0 and lags above it; DC is rejected.
//
// Discretisation: exact for an input held constant over each step (zero-order hold). With the
// poles p, conj(p) and the residue r at p, H = r/(s - p) + conj(r)/(s - conj(p)); one complex
// state z with dz/dt = p*z + u gives y = 2*Re(r*z), and over a step T
//   z' = exp(p*T)*z + (exp(p*T) - 1)/p * u.
// |exp(p*T)| = exp(-zeta*w0*T) < 1, so the recursion is stable for any T and any run length,
// and there is no coefficient rounding problem even though f0/fs is tiny (0.1 Hz at 250 Hz).
namespace resonant::drivers::sim::detail {

class Resonator {
 public:
  Resonator() = default;
  /// f0_hz > 0, q > 0.5 (under-damped), step_s > 0.
  Resonator(double f0_hz, double q, double step_s);

  /// Advances one step with the input held at `input` over the step; returns the output.
  double step(double input);
  double output() const { return output_; }

 private:
  // Complex numbers as pairs of doubles: std::complex multiplication calls a NaN-handling
  // library routine (__muldc3) on every product, which this per-tick update does not need.
  double decay_re_ = 0.0, decay_im_ = 0.0;  // exp(p*T)
  double gain_re_ = 0.0, gain_im_ = 0.0;    // (exp(p*T) - 1)/p
  double out_re_ = 0.0, out_im_ = 0.0;      // 2*r
  double z_re_ = 0.0, z_im_ = 0.0;
  double output_ = 0.0;
};

/// Output variance of the resonator for white noise of two-sided spectral density `density`
/// (units^2/Hz): var = density * zeta * w0 (continuous-time result, accurate while f0 << fs).
double resonator_white_noise_variance(double f0_hz, double q, double density);

}  // namespace resonant::drivers::sim::detail
