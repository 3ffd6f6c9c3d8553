// Breath statistics: exact figures from hand-made breaths.
#include <resonant/dsp/breath_statistics.hpp>

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

Breath breath(double onset_s, double inhale_s, double exhale_s, float quality = 1.0f) {
  Breath b;
  b.onset_s = onset_s;
  b.peak_s = onset_s + inhale_s;
  b.end_s = b.peak_s + exhale_s;
  b.inhale_s = inhale_s;
  b.exhale_s = exhale_s;
  b.rate_bpm = 60.0 / (inhale_s + exhale_s);
  b.inhale_fraction = inhale_s / (inhale_s + exhale_s);
  b.quality = quality;
  return b;
}

TEST(BreathStatistics, SteadyBreathing) {
  std::vector<Breath> breaths;
  for (int i = 0; i < 10; ++i) breaths.push_back(breath(5.0 * i, 2.0, 3.0));
  const auto s = breath_statistics(breaths);
  EXPECT_EQ(s.breaths, 10u);
  EXPECT_EQ(s.left_out, 0u);
  EXPECT_DOUBLE_EQ(s.median_rate_bpm, 12.0);
  EXPECT_DOUBLE_EQ(s.rate_p10_bpm, 12.0);
  EXPECT_DOUBLE_EQ(s.rate_p90_bpm, 12.0);
  EXPECT_DOUBLE_EQ(s.exhale_per_inhale, 1.5);
  EXPECT_NEAR(s.duration_cv_pct, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.longest_breath_s, 5.0);
}

TEST(BreathStatistics, SpreadPercentilesAndVariability) {
  // Durations 4, 5, 6, 10 and 12 s (rates 15, 12, 10, 6, 5 /min), one low-quality breath.
  std::vector<Breath> breaths = {breath(0, 2, 2), breath(4, 2, 3), breath(9, 2, 4),
                                 breath(15, 4, 6), breath(25, 3, 9), breath(37, 1, 1, 0.2f)};
  const auto s = breath_statistics(breaths);
  EXPECT_EQ(s.breaths, 5u);
  EXPECT_EQ(s.left_out, 1u);
  EXPECT_DOUBLE_EQ(s.median_duration_s, 6.0);
  EXPECT_DOUBLE_EQ(s.median_rate_bpm, 10.0);  // 60 / the median duration
  // Sorted rates 5, 6, 10, 12, 15: the 10th percentile at 0.4 of the way from 5 to 6, the
  // 90th at 0.6 of the way from 12 to 15.
  EXPECT_NEAR(s.rate_p10_bpm, 5.4, 1e-12);
  EXPECT_NEAR(s.rate_p90_bpm, 13.8, 1e-12);
  EXPECT_DOUBLE_EQ(s.exhale_per_inhale, 1.5);  // 1, 1.5, 2, 1.5, 3
  // Mean 7.4 s; sample SD sqrt((3.4² + 2.4² + 1.4² + 2.6² + 4.6²) / 4) = 3.4351 s.
  EXPECT_NEAR(s.duration_cv_pct, 100.0 * 3.4351128074635 / 7.4, 1e-9);
  EXPECT_DOUBLE_EQ(s.longest_breath_s, 12.0);
  EXPECT_DOUBLE_EQ(s.longest_breath_onset_s, 25.0);
}

TEST(BreathStatistics, NothingToSummarise) {
  const auto none = breath_statistics({});
  EXPECT_EQ(none.breaths, 0u);
  EXPECT_TRUE(std::isnan(none.median_rate_bpm));
  EXPECT_TRUE(std::isnan(none.duration_cv_pct));
  const std::vector<Breath> poor = {breath(0, 2, 3, 0.1f)};
  const auto s = breath_statistics(poor);
  EXPECT_EQ(s.breaths, 0u);
  EXPECT_EQ(s.left_out, 1u);
  EXPECT_TRUE(std::isnan(s.longest_breath_s));
  // One breath: a rate, no variability.
  const std::vector<Breath> one = {breath(0, 2, 3)};
  EXPECT_DOUBLE_EQ(breath_statistics(one).median_rate_bpm, 12.0);
  EXPECT_TRUE(std::isnan(breath_statistics(one).duration_cv_pct));
}

}  // namespace
}  // namespace resonant::dsp
