// The QRS detector's threshold levels (private helper of EcgBeatDetector, qrs_thresholds.hpp):
// the rules beyond Pan & Tompkins, checked on the levels themselves. The detector tests and
// EcgLeadsGolden check what they do to beats.
#include "qrs_thresholds.hpp"

#include <gtest/gtest.h>

namespace resonant::dsp::detail {
namespace {

constexpr double kSignal = 100.0;  // SPKI, (mV/s)^2
constexpr double kNoise = 10.0;    // NPKI

QrsThresholds levels() {
  QrsThresholds t;
  t.initialise(kSignal, kNoise);
  return t;
}

TEST(QrsThresholds, PanTompkinsWeightsAndThresholds) {
  auto t = levels();
  EXPECT_DOUBLE_EQ(t.threshold1(), kNoise + 0.25 * (kSignal - kNoise));
  EXPECT_DOUBLE_EQ(t.threshold2(), 0.5 * t.threshold1());
  t.on_signal_peak(180.0);
  EXPECT_DOUBLE_EQ(t.signal_level(), 0.125 * 180.0 + 0.875 * kSignal);
  t.on_noise_peak(50.0);
  EXPECT_DOUBLE_EQ(t.noise_level(), 0.125 * 50.0 + 0.875 * kNoise);
}

TEST(QrsThresholds, ASearchBackBeatNearTheLevelMovesItAQuarter) {
  auto t = levels();
  t.on_search_back_peak(0.25 * kSignal);  // exactly a quarter: not "far below"
  EXPECT_DOUBLE_EQ(t.signal_level(), 0.25 * (0.25 * kSignal) + 0.75 * kSignal);
  t = levels();
  t.on_search_back_peak(0.6 * kSignal);
  EXPECT_DOUBLE_EQ(t.signal_level(), 0.25 * (0.6 * kSignal) + 0.75 * kSignal);
}

TEST(QrsThresholds, ASearchBackBeatFarBelowTheLevelMovesItHalfway) {
  // Under a quarter of SPKI (half the QRS slope): SPKI was lifted by artefact or the QRS
  // shrank, so the level moves halfway.
  auto t = levels();
  t.on_search_back_peak(0.2 * kSignal);
  EXPECT_DOUBLE_EQ(t.signal_level(), 0.5 * (0.2 * kSignal) + 0.5 * kSignal);
  // Beats at the QRS bring a level lifted 8 x back within 2 x of it in 4 beats (800, 450, 275,
  // 231, 198); always a quarter step took 7.
  t.initialise(8.0 * kSignal, kNoise);
  int beats = 0;
  while (t.signal_level() > 2.0 * kSignal && beats < 10) {
    t.on_search_back_peak(kSignal);
    ++beats;
  }
  EXPECT_EQ(beats, 4);
}

TEST(QrsThresholds, TheLevelRisesWithoutLimit) {
  // Nothing holds SPKI below a larger QRS: after a lead-off the level has decayed to its floor,
  // and the beats that come back must raise it (a cap on the rise let P and T waves through).
  auto t = levels();
  for (int i = 0; i < 60; ++i) t.decay();
  const double floor = t.signal_level();
  EXPECT_GT(floor, 0.0);
  EXPECT_LT(floor, 1e-6);
  t.on_signal_peak(kSignal);
  EXPECT_NEAR(t.signal_level(), 0.125 * kSignal, 1e-6);
  t.on_search_back_peak(kSignal);
  EXPECT_GT(t.signal_level(), 0.3 * kSignal);
}

}  // namespace
}  // namespace resonant::dsp::detail
