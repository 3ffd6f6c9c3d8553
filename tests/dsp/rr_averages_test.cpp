// The QRS detector's RR averages (private helper of EcgBeatDetector, rr_averages.hpp): the
// regularity count that lets the T-wave window shorten at fast rates.
#include "rr_averages.hpp"

#include <gtest/gtest.h>

namespace resonant::dsp::detail {
namespace {

constexpr double kRegularRatio = 1.25;

RrAverages with(std::initializer_list<double> rr_samples) {
  RrAverages a(250.0);
  for (const double rr : rr_samples) a.push(rr);
  return a;
}

TEST(RrAverages, NoRegularityCountBeforeEightIntervals) {
  EXPECT_EQ(with({}).recent_near_median(kRegularRatio), 0u);
  EXPECT_EQ(with({100, 100, 100, 100, 100, 100, 100}).recent_near_median(kRegularRatio), 0u);
  EXPECT_EQ(with({100, 100, 100, 100, 100, 100, 100, 100}).recent_near_median(kRegularRatio), 8u);
}

TEST(RrAverages, OneMissedBeatLeavesSevenNearTheMedian) {
  // 75 samples = 200 bpm at 250 Hz; one missed beat doubles an interval.
  EXPECT_EQ(with({75, 77, 73, 150, 75, 76, 74, 75}).recent_near_median(kRegularRatio), 7u);
}

TEST(RrAverages, NoiseBeatsAndTWavesAreIrregular) {
  // False beats in a burst of noise, then T waves taken as beats (short, long, short, ...).
  EXPECT_LT(with({40, 95, 60, 130, 52, 71, 150, 45}).recent_near_median(kRegularRatio), 7u);
  EXPECT_LT(with({70, 180, 72, 178, 71, 180, 70, 179}).recent_near_median(kRegularRatio), 7u);
}

TEST(RrAverages, TheBandIsInclusiveAndSymmetricInRatio) {
  // Median 100: 80 (= 100 / 1.25) and 125 (= 100 x 1.25) are inside, 79 and 126 outside.
  EXPECT_EQ(with({80, 125, 100, 100, 100, 100, 100, 100}).recent_near_median(kRegularRatio), 8u);
  EXPECT_EQ(with({79, 126, 100, 100, 100, 100, 100, 100}).recent_near_median(kRegularRatio), 6u);
}

}  // namespace
}  // namespace resonant::dsp::detail
