#pragma once
// Second-order IIR sections (biquads) in cascade, and Butterworth designs for any sample rate.
//
// Method: analog Butterworth prototypes mapped to z by the bilinear transform with the cutoff
// pre-warped (Oppenheim & Schafer, Discrete-Time Signal Processing, 3rd ed., §7.2). An order-n
// filter is n/2 second-order sections with quality factors Q_k = 1 / (2 sin((2k+1)pi/(2n)))
// (plus one first-order section when n is odd). Sections run in transposed direct form II in
// double precision, so low cutoffs at high sample rates (0.5 Hz at 2000 Hz) stay stable.
//
// Latency: causal IIR; the delay depends on frequency and is reported by
// group_delay_samples(f). No allocation anywhere (fixed array of sections).
#include <array>
#include <complex>
#include <cstddef>

namespace resonant::dsp {

/// y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]  (a0 normalised to 1).
struct BiquadCoefficients {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0;
  double a1 = 0.0, a2 = 0.0;
};

class BiquadCascade {
 public:
  static constexpr std::size_t kMaxSections = 8;  // order 16 as a low-pass or high-pass

  BiquadCascade() = default;

  /// Appends one section; throws std::length_error beyond kMaxSections (design time only).
  void add_section(const BiquadCoefficients& section);
  /// Appends all sections of `other` (e.g. a high-pass then a low-pass = a band-pass).
  void append(const BiquadCascade& other);

  /// Filters one sample. No allocation.
  double process(double x) {
    for (std::size_t i = 0; i < count_; ++i) {
      const BiquadCoefficients& c = coeffs_[i];
      State& s = state_[i];
      const double y = c.b0 * x + s.s1;
      s.s1 = c.b1 * x - c.a1 * y + s.s2;
      s.s2 = c.b2 * x - c.a2 * y;
      x = y;
    }
    return x;
  }

  /// Zero state (as if the input had been 0 forever).
  void reset();
  /// State as if `x` had been applied forever: no start-up transient from a DC offset.
  void reset_to_steady_state(double x);

  std::size_t size() const { return count_; }
  const BiquadCoefficients& section(std::size_t i) const { return coeffs_[i]; }

  /// Complex frequency response at freq_hz for a cascade running at sample_rate_hz.
  std::complex<double> response(double freq_hz, double sample_rate_hz) const;
  /// Group delay -d(phase)/d(omega) at freq_hz, in samples.
  double group_delay_samples(double freq_hz, double sample_rate_hz) const;

 private:
  struct State {
    double s1 = 0.0, s2 = 0.0;
  };
  std::array<BiquadCoefficients, kMaxSections> coeffs_{};
  std::array<State, kMaxSections> state_{};
  std::size_t count_ = 0;
};

/// Butterworth low-pass. order in [1, 16]; 0 < cutoff_hz < sample_rate_hz / 2.
/// Throws std::invalid_argument outside these ranges.
BiquadCascade butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz);

/// Butterworth high-pass. Same ranges as butterworth_lowpass.
BiquadCascade butterworth_highpass(int order, double cutoff_hz, double sample_rate_hz);

/// Band-pass as a Butterworth high-pass at low_hz followed by a Butterworth low-pass at high_hz,
/// each of `order` (so 2 x order poles, like scipy's butter(order, [low, high], "bandpass")).
/// order in [1, 8]; 0 < low_hz < high_hz < sample_rate_hz / 2.
BiquadCascade butterworth_bandpass(int order, double low_hz, double high_hz,
                                   double sample_rate_hz);

}  // namespace resonant::dsp
