#include <resonant/dsp/detrend.hpp>

#include <cstddef>

namespace resonant::dsp {

void SmoothnessPriorsDetrender::factorise(std::size_t n) {
  // A = I + lambda^2 D2' D2, built from the rows of D2 (each adds the outer product of
  // [1 -2 1] at columns r, r+1, r+2): diagonal a (in d_), off-diagonals b = A(i, i+1) and
  // c = A(i, i+2).
  const double l2 = lambda_ * lambda_;
  d_.assign(n, 1.0);
  b_.assign(n, 0.0);
  c_.assign(n, 0.0);
  for (std::size_t r = 0; r + 2 < n; ++r) {
    d_[r] += l2;
    d_[r + 1] += 4.0 * l2;
    d_[r + 2] += l2;
    b_[r] -= 2.0 * l2;
    b_[r + 1] -= 2.0 * l2;
    c_[r] += l2;
  }
  // Banded L D L' with L1[i] = L(i, i-1), L2[i] = L(i, i-2):
  //   d_i = a_i - L1_i^2 d_{i-1} - L2_i^2 d_{i-2}
  //   L2_{i+2} = c_i / d_i;  L1_{i+1} = (b_i - L2_{i+1} L1_i d_{i-1}) / d_i
  // (from A(i+1, i) = L(i+1, i-1) d_{i-1} L(i, i-1) + L(i+1, i) d_i). d_ is overwritten in place.
  l1_.assign(n, 0.0);
  l2_.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double d_prev = i >= 1 ? d_[i - 1] : 0.0;
    const double d_prev2 = i >= 2 ? d_[i - 2] : 0.0;
    d_[i] -= l1_[i] * l1_[i] * d_prev + l2_[i] * l2_[i] * d_prev2;
    if (i + 2 < n) l2_[i + 2] = c_[i] / d_[i];
    if (i + 1 < n) l1_[i + 1] = (b_[i] - l2_[i + 1] * l1_[i] * d_prev) / d_[i];
  }
  trend_.resize(n);
  factorised_n_ = n;
}

void SmoothnessPriorsDetrender::detrend(std::span<const double> values, std::span<double> out) {
  const std::size_t n = values.size();
  if (n < 3) {
    double mean = 0.0;
    for (double v : values) mean += v;
    if (n > 0) mean /= static_cast<double>(n);
    trend_.assign(n, mean);
    for (std::size_t i = 0; i < n; ++i) out[i] = values[i] - mean;
    return;
  }
  if (n != factorised_n_) factorise(n);
  // Forward (L y = z), diagonal, backward (L' x = y / d).
  auto& x = trend_;
  for (std::size_t i = 0; i < n; ++i) {
    double y = values[i];
    if (i >= 1) y -= l1_[i] * x[i - 1];
    if (i >= 2) y -= l2_[i] * x[i - 2];
    x[i] = y;
  }
  for (std::size_t i = 0; i < n; ++i) x[i] /= d_[i];
  for (std::size_t i = n; i-- > 0;) {
    if (i + 1 < n) x[i] -= l1_[i + 1] * x[i + 1];
    if (i + 2 < n) x[i] -= l2_[i + 2] * x[i + 2];
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = values[i] - x[i];
}

std::vector<double> detrend_smoothness_priors(std::span<const double> values, double lambda) {
  std::vector<double> out(values.size());
  SmoothnessPriorsDetrender detrender(lambda);
  detrender.detrend(values, out);
  return out;
}

}  // namespace resonant::dsp
