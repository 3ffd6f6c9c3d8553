#include "resonator.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace resonant::drivers::sim::detail {

Resonator::Resonator(double f0_hz, double q, double step_s) {
  const double w0 = 2.0 * std::numbers::pi * f0_hz;
  const double zeta = 1.0 / (2.0 * q);
  const std::complex<double> pole(-zeta * w0, w0 * std::sqrt(1.0 - zeta * zeta));
  const std::complex<double> residue = 2.0 * zeta * w0 * pole / (pole - std::conj(pole));
  const std::complex<double> decay = std::exp(pole * step_s);
  const std::complex<double> gain = (decay - 1.0) / pole;
  const std::complex<double> out = 2.0 * residue;
  decay_re_ = decay.real();
  decay_im_ = decay.imag();
  gain_re_ = gain.real();
  gain_im_ = gain.imag();
  out_re_ = out.real();
  out_im_ = out.imag();
}

double Resonator::step(double input) {
  const double re = decay_re_ * z_re_ - decay_im_ * z_im_ + gain_re_ * input;
  const double im = decay_re_ * z_im_ + decay_im_ * z_re_ + gain_im_ * input;
  z_re_ = re;
  z_im_ = im;
  output_ = out_re_ * z_re_ - out_im_ * z_im_;
  return output_;
}

double resonator_white_noise_variance(double f0_hz, double q, double density) {
  const double w0 = 2.0 * std::numbers::pi * f0_hz;
  return density * w0 / (2.0 * q);
}

}  // namespace resonant::drivers::sim::detail
