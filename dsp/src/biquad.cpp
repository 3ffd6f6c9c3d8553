#include <resonant/dsp/biquad.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace resonant::dsp {
namespace {

void check_design(int order, int max_order, double cutoff_hz, double sample_rate_hz) {
  if (order < 1 || order > max_order) {
    throw std::invalid_argument("Butterworth order " + std::to_string(order) +
                                " outside [1, " + std::to_string(max_order) + "]");
  }
  if (!(sample_rate_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < 0.5 * sample_rate_hz)) {
    throw std::invalid_argument("Butterworth cutoff " + std::to_string(cutoff_hz) +
                                " Hz must lie in (0, fs/2) with fs = " +
                                std::to_string(sample_rate_hz) + " Hz");
  }
}

enum class Kind { kLowPass, kHighPass };

// Pre-warped analog cutoff: K = tan(pi fc / fs) makes the digital -3 dB point land on fc.
BiquadCascade butterworth(Kind kind, int order, double cutoff_hz, double sample_rate_hz) {
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  BiquadCascade cascade;
  for (int i = 0; i < order / 2; ++i) {
    // Pole pair i of the order-n Butterworth prototype.
    const double q = 1.0 / (2.0 * std::sin((2.0 * i + 1.0) * std::numbers::pi / (2.0 * order)));
    const double norm = 1.0 / (1.0 + k / q + k * k);
    BiquadCoefficients c;
    if (kind == Kind::kLowPass) {
      c.b0 = k * k * norm;
      c.b1 = 2.0 * c.b0;
      c.b2 = c.b0;
    } else {
      c.b0 = norm;
      c.b1 = -2.0 * norm;
      c.b2 = norm;
    }
    c.a1 = 2.0 * (k * k - 1.0) * norm;
    c.a2 = (1.0 - k / q + k * k) * norm;
    cascade.add_section(c);
  }
  if (order % 2 == 1) {  // the real pole of odd orders: a first-order section
    BiquadCoefficients c;
    const double norm = 1.0 / (1.0 + k);
    if (kind == Kind::kLowPass) {
      c.b0 = k * norm;
      c.b1 = c.b0;
    } else {
      c.b0 = norm;
      c.b1 = -norm;
    }
    c.a1 = (k - 1.0) * norm;
    cascade.add_section(c);
  }
  return cascade;
}

}  // namespace

void BiquadCascade::add_section(const BiquadCoefficients& section) {
  if (count_ >= kMaxSections) throw std::length_error("BiquadCascade: too many sections");
  coeffs_[count_] = section;
  state_[count_] = State{};
  ++count_;
}

void BiquadCascade::append(const BiquadCascade& other) {
  for (std::size_t i = 0; i < other.count_; ++i) add_section(other.coeffs_[i]);
}

void BiquadCascade::reset() {
  for (auto& s : state_) s = State{};
}

void BiquadCascade::reset_to_steady_state(double x) {
  for (std::size_t i = 0; i < count_; ++i) {
    const BiquadCoefficients& c = coeffs_[i];
    // A constant input x gives the constant output H(1) x; solve the two state equations.
    const double dc_gain = (c.b0 + c.b1 + c.b2) / (1.0 + c.a1 + c.a2);
    const double y = dc_gain * x;
    state_[i].s2 = c.b2 * x - c.a2 * y;
    state_[i].s1 = c.b1 * x - c.a1 * y + state_[i].s2;
    x = y;
  }
}

std::complex<double> BiquadCascade::response(double freq_hz, double sample_rate_hz) const {
  const double w = 2.0 * std::numbers::pi * freq_hz / sample_rate_hz;
  const std::complex<double> z1 = std::polar(1.0, -w);  // z^-1
  const std::complex<double> z2 = z1 * z1;
  std::complex<double> h = 1.0;
  for (std::size_t i = 0; i < count_; ++i) {
    const BiquadCoefficients& c = coeffs_[i];
    h *= (c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2);
  }
  return h;
}

double BiquadCascade::group_delay_samples(double freq_hz, double sample_rate_hz) const {
  // Central difference of the phase; the ratio H(w+h)/H(w-h) avoids phase unwrapping.
  const double dw = 1e-5;  // rad/sample: small against any feature of these filters
  const double df_hz = dw * sample_rate_hz / (2.0 * std::numbers::pi);
  const std::complex<double> ratio =
      response(freq_hz + df_hz, sample_rate_hz) / response(freq_hz - df_hz, sample_rate_hz);
  return -std::arg(ratio) / (2.0 * dw);
}

BiquadCascade butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz) {
  check_design(order, 2 * static_cast<int>(BiquadCascade::kMaxSections), cutoff_hz,
               sample_rate_hz);
  return butterworth(Kind::kLowPass, order, cutoff_hz, sample_rate_hz);
}

BiquadCascade butterworth_highpass(int order, double cutoff_hz, double sample_rate_hz) {
  check_design(order, 2 * static_cast<int>(BiquadCascade::kMaxSections), cutoff_hz,
               sample_rate_hz);
  return butterworth(Kind::kHighPass, order, cutoff_hz, sample_rate_hz);
}

BiquadCascade butterworth_bandpass(int order, double low_hz, double high_hz,
                                   double sample_rate_hz) {
  const int max_order = static_cast<int>(BiquadCascade::kMaxSections);  // HP + LP share sections
  check_design(order, max_order, low_hz, sample_rate_hz);
  check_design(order, max_order, high_hz, sample_rate_hz);
  if (!(low_hz < high_hz)) {
    throw std::invalid_argument("Butterworth band-pass needs low_hz < high_hz");
  }
  BiquadCascade cascade = butterworth(Kind::kHighPass, order, low_hz, sample_rate_hz);
  cascade.append(butterworth(Kind::kLowPass, order, high_hz, sample_rate_hz));
  return cascade;
}

}  // namespace resonant::dsp
