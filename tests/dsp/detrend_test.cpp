// Smoothness-priors detrending (detrend.hpp, Tarvainen 2002): the banded solve against Eigen's
// sparse LDL', its action on lines and sines (§3.2's cutoff), and the reusable form.
#include <resonant/dsp/detrend.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <Eigen/Sparse>
#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kRateHz = 4.0;

// Reference: z - (I + lambda^2 D2' D2)^-1 z with Eigen's sparse Cholesky (LDL').
std::vector<double> eigen_reference(const std::vector<double>& z, double lambda) {
  const auto n = static_cast<Eigen::Index>(z.size());
  Eigen::SparseMatrix<double> d2(n - 2, n);
  std::vector<Eigen::Triplet<double>> entries;
  for (Eigen::Index r = 0; r + 2 < n; ++r) {
    entries.emplace_back(r, r, 1.0);
    entries.emplace_back(r, r + 1, -2.0);
    entries.emplace_back(r, r + 2, 1.0);
  }
  d2.setFromTriplets(entries.begin(), entries.end());
  Eigen::SparseMatrix<double> identity(n, n);
  identity.setIdentity();
  const Eigen::SparseMatrix<double> a =
      identity + lambda * lambda * Eigen::SparseMatrix<double>(d2.transpose() * d2);
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(a);
  const Eigen::Map<const Eigen::VectorXd> zv(z.data(), n);
  const Eigen::VectorXd trend = solver.solve(zv);
  std::vector<double> out(z.size());
  for (Eigen::Index i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = zv(i) - trend(i);
  return out;
}

std::vector<double> noise_with_drift(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 20.0);
  std::vector<double> z(n);
  double walk = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    walk += noise(rng) * 0.2;
    z[i] = 850.0 + walk + noise(rng);
  }
  return z;
}

TEST(Detrend, MatchesEigenSparseLdlt) {
  for (const double lambda : {10.0, 500.0, 5000.0}) {
    for (const std::size_t n : {3u, 4u, 5u, 17u, 1200u}) {
      const auto z = noise_with_drift(n, static_cast<unsigned>(n));
      const auto ours = detrend_smoothness_priors(z, lambda);
      const auto ref = eigen_reference(z, lambda);
      ASSERT_EQ(ours.size(), ref.size());
      // The system's condition number grows as 16 lambda^2 (4e6 at lambda 500), so two correct
      // solvers differ by about eps * cond * |z|: allow 1e-9 of |z| (~900), scaled by
      // (lambda / 500)^2 above 500.
      const double tolerance = 1e-9 * 900.0 * std::max(1.0, std::pow(lambda / 500.0, 2.0));
      double worst = 0.0;
      for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(ours[i] - ref[i]));
      EXPECT_LT(worst, tolerance) << "lambda " << lambda << " n " << n;
    }
  }
}

TEST(Detrend, RemovesAStraightLineCompletely) {
  // A line is in D2's null space: the trend is the line itself.
  std::vector<double> z(800);
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = 900.0 - 0.05 * static_cast<double>(i);
  for (const double v : detrend_smoothness_priors(z, 500.0)) EXPECT_NEAR(v, 0.0, 1e-6);
}

TEST(Detrend, PassesHrvBandsAndRemovesVeryLowFrequencies) {
  // Interior amplitude gain against §3.2's formula H(w) = L(w) / (1 + L(w)),
  // L = lambda^2 (2 - 2 cos w)^2; lambda = 500 at 4 Hz: ~0.035 Hz cutoff.
  const double lambda = 500.0;
  for (const double f : {0.01, 0.035, 0.1, 0.25}) {
    const std::size_t n = 4800;  // 20 min at 4 Hz
    std::vector<double> z(n);
    for (std::size_t i = 0; i < n; ++i) z[i] = std::sin(2.0 * std::numbers::pi * f * static_cast<double>(i) / kRateHz);
    const auto out = detrend_smoothness_priors(z, lambda);
    // Amplitude over the middle half (away from the ends), by projection on the input sine.
    double num = 0.0, den = 0.0;
    for (std::size_t i = n / 4; i < 3 * n / 4; ++i) {
      num += out[i] * z[i];
      den += z[i] * z[i];
    }
    const double w = 2.0 * std::numbers::pi * f / kRateHz;
    const double l = lambda * lambda * std::pow(2.0 - 2.0 * std::cos(w), 2.0);
    const double expected = l / (1.0 + l);
    std::printf("[ detrend ] lambda 500 at 4 Hz: gain at %.3f Hz %.4f (formula %.4f)\n", f,
                num / den, expected);
    EXPECT_NEAR(num / den, expected, 0.01);
  }
}

TEST(Detrend, ReusableFormMatchesAndCanRunInPlace) {
  SmoothnessPriorsDetrender detrender(500.0);
  const auto z = noise_with_drift(600, 5);
  std::vector<double> a(z.size());
  std::vector<double> other(300);
  detrender.detrend(noise_with_drift(300, 6), other);  // another size first
  detrender.detrend(z, a);
  EXPECT_EQ(a, detrend_smoothness_priors(z, 500.0));
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(detrender.trend()[i] + a[i], z[i], 1e-9);
  std::vector<double> in_place = z;
  detrender.detrend(in_place, in_place);
  EXPECT_EQ(in_place, a);
}

TEST(Detrend, ShortInputsRemoveTheMean) {
  const std::vector<double> two{1.0, 3.0};
  const auto out = detrend_smoothness_priors(two);
  EXPECT_DOUBLE_EQ(out[0], -1.0);
  EXPECT_DOUBLE_EQ(out[1], 1.0);
  EXPECT_TRUE(detrend_smoothness_priors({}).empty());
}

}  // namespace
}  // namespace resonant::dsp
