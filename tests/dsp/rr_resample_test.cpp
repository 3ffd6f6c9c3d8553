// Natural cubic spline resampling (rr_resample.hpp): exactness on polynomials it can represent,
// the sample grid, and the reusable form against the free function.
#include <resonant/dsp/rr_resample.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

// Uneven knots like beat times: 0.6-1.1 s apart.
std::vector<double> uneven_times(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> gap(0.6, 1.1);
  std::vector<double> t{0.37};
  while (t.size() < n) t.push_back(t.back() + gap(rng));
  return t;
}

TEST(RrResample, SampleGrid) {
  const std::vector<double> t{1.0, 2.0, 3.5};
  const std::vector<double> v{5.0, 7.0, 6.0};
  const auto s = resample_cubic(t, v, 4.0);
  EXPECT_DOUBLE_EQ(s.start_s, 1.0);
  EXPECT_DOUBLE_EQ(s.rate_hz, 4.0);
  ASSERT_EQ(s.values.size(), 11u);  // 1.0, 1.25, ..., 3.5
  EXPECT_NEAR(s.values.front(), 5.0, 1e-12);
  EXPECT_NEAR(s.values[4], 7.0, 1e-12);  // t = 2.0 is a knot
  EXPECT_NEAR(s.values.back(), 6.0, 1e-12);
}

TEST(RrResample, FewerThanTwoPointsIsEmpty) {
  const std::vector<double> t{1.0};
  const std::vector<double> v{5.0};
  EXPECT_TRUE(resample_cubic(t, v).values.empty());
  EXPECT_TRUE(resample_cubic({}, {}).values.empty());
}

TEST(RrResample, TwoPointsAreLinear) {
  const std::vector<double> t{0.0, 1.0};
  const std::vector<double> v{2.0, 4.0};
  const auto s = resample_cubic(t, v, 4.0);
  ASSERT_EQ(s.values.size(), 5u);
  for (std::size_t j = 0; j < 5; ++j) EXPECT_NEAR(s.values[j], 2.0 + 0.5 * static_cast<double>(j), 1e-12);
}

TEST(RrResample, ReproducesStraightLineExactly) {
  // A natural spline (M = 0 at the ends) reproduces any line on any knots.
  const auto t = uneven_times(50, 1);
  std::vector<double> v;
  for (double ti : t) v.push_back(800.0 + 3.0 * ti);
  const auto s = resample_cubic(t, v, 4.0);
  for (std::size_t j = 0; j < s.values.size(); ++j) {
    const double tj = s.start_s + static_cast<double>(j) / s.rate_hz;
    EXPECT_NEAR(s.values[j], 800.0 + 3.0 * tj, 1e-9);
  }
}

TEST(RrResample, ReproducesCubicAwayFromTheEnds) {
  // A natural spline imposes p'' = 0 at the end knots, so it reproduces a cubic exactly only
  // where that wrong end condition has died out: the error decays by about 2 - sqrt(3) = 0.27
  // per knot, so 20 knots in it is below 1e-11 of the cubic's scale. Near the ends it must
  // differ (that check keeps this test honest about what "natural" means).
  const auto t = uneven_times(60, 2);
  const double m = t[30];
  auto p = [m](double x) { return 0.5 * (x - m) * (x - m) * (x - m) - 4.0 * (x - m) * (x - m) + 800.0; };
  std::vector<double> v;
  for (double ti : t) v.push_back(p(ti));
  CubicResampler resampler;
  const auto& s = resampler.resample(t, v, 4.0);
  double interior_error = 0.0, end_error = 0.0;
  for (std::size_t j = 0; j < s.values.size(); ++j) {
    const double tj = s.start_s + static_cast<double>(j) / s.rate_hz;
    const double e = std::abs(s.values[j] - p(tj));
    if (tj > t[20] && tj < t[40]) interior_error = std::max(interior_error, e);
    if (tj < t[1]) end_error = std::max(end_error, e);
  }
  EXPECT_LT(interior_error, 1e-6);  // p is ~1e4 in size there: 1e-10 relative
  EXPECT_GT(end_error, 1e-3);
}

TEST(RrResample, InterpolatesKnotsAndReusableFormMatches) {
  const auto t = uneven_times(40, 3);
  std::vector<double> v;
  for (double ti : t) v.push_back(900.0 + 40.0 * std::sin(2.0 * std::numbers::pi * 0.1 * ti));
  CubicResampler resampler;
  const auto first = resampler.resample(t, v, 4.0).values;  // copy
  const auto again = resampler.resample(t, v, 4.0);
  const auto free_form = resample_cubic(t, v, 4.0);
  EXPECT_EQ(first, again.values);
  EXPECT_EQ(first, free_form.values);
  // A 0.1 Hz sine on ~0.85 s knots (12 knots per cycle) is followed closely between knots.
  for (std::size_t j = 0; j < first.size(); ++j) {
    const double tj = t[0] + static_cast<double>(j) / 4.0;
    EXPECT_NEAR(first[j], 900.0 + 40.0 * std::sin(2.0 * std::numbers::pi * 0.1 * tj), 0.5);
  }
}

}  // namespace
}  // namespace resonant::dsp
