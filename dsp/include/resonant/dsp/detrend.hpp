#pragma once
// Smoothness-priors detrending (Tarvainen, Ranta-aho & Karjalainen 2002, IEEE TBME 49:172;
// physiology-and-metrics.md §3.2): the trend is the solution of
//   (I + lambda^2 D2' D2) trend = z,  D2 the (n-2) x n second-difference matrix [1 -2 1],
// and the stationary part is z - trend. As a time-invariant filter (interior points) it is a
// high-pass H(w) = lambda^2 (2 - 2 cos w)^2 / (1 + lambda^2 (2 - 2 cos w)^2), -3 dB near
// (fs / 2 pi) arccos(1 - 1.554 / (2 lambda)): lambda = 500 on a 4 Hz series cuts at ~0.035 Hz
// (the Kubios default). It also passes only 0.993 of a 0.1 Hz amplitude (power 0.987).
//
// The system is pentadiagonal and symmetric positive definite: it is factorised as a banded
// L D L' (bandwidth 2) in O(n), never inverted, in storage reused between calls (the reusable
// form is allocation-free once it has seen the largest n). Tests check it against Eigen's
// sparse SimplicialLDLT. Latency: none (batch over the buffer); the ends of the buffer are
// where the trend is least constrained.
#include <cstddef>
#include <span>
#include <vector>

namespace resonant::dsp {

inline constexpr double kDefaultSmoothnessLambda = 500.0;

/// Stationary part z - trend of an evenly sampled series (lambda > 0; [10, 10000] useful).
/// Fewer than 3 samples: the mean is removed (a line through 2 points is its own trend).
std::vector<double> detrend_smoothness_priors(std::span<const double> values,
                                              double lambda = kDefaultSmoothnessLambda);

/// The same with reusable storage.
class SmoothnessPriorsDetrender {
 public:
  explicit SmoothnessPriorsDetrender(double lambda = kDefaultSmoothnessLambda) : lambda_(lambda) {}

  /// Writes the stationary part of `values` into `out` (same size; may alias values).
  void detrend(std::span<const double> values, std::span<double> out);
  /// The trend of the last detrend() call (values - out).
  std::span<const double> trend() const { return trend_; }
  double lambda() const { return lambda_; }

 private:
  void factorise(std::size_t n);

  double lambda_;
  std::size_t factorised_n_ = 0;
  // L D L' factors: d_ (diagonal of D), l1_[i] = L(i, i-1), l2_[i] = L(i, i-2).
  std::vector<double> d_, l1_, l2_;
  std::vector<double> b_, c_;  // A's off-diagonals while factorising
  std::vector<double> trend_;
};

}  // namespace resonant::dsp
