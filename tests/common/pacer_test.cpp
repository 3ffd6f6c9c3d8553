#include <resonant/common/pacer.hpp>

#include <cmath>
#include <random>

#include <gtest/gtest.h>

namespace resonant {
namespace {

constexpr double kContinuityTolerance = 1e-9;  // volume is an exact function: no jump at all

TEST(Pacer, ClampsSettingsIntoValidRanges) {
  PacerSettings s;
  s.rate_bpm = 12.0;
  s.inhale_fraction = 0.95;
  EXPECT_DOUBLE_EQ(clamped(s).rate_bpm, kPacerMaxRateBpm);
  EXPECT_DOUBLE_EQ(clamped(s).inhale_fraction, kPacerMaxInhaleFraction);
  s.rate_bpm = 1.0;
  EXPECT_DOUBLE_EQ(clamped(s).rate_bpm, kPacerMinRateBpm);
  s.rate_bpm = 5.5549;
  EXPECT_NEAR(clamped(s).rate_bpm, 5.55, 1e-12) << "rates have a 0.01 breaths/min resolution";
  s.rate_bpm = std::nan("");
  EXPECT_DOUBLE_EQ(clamped(s).rate_bpm, 6.0);
}

TEST(Pacer, RatesOnTheStepGridShowOneDecimalOthersTwo) {
  EXPECT_EQ(rate_decimals(6.0), 1);
  EXPECT_EQ(rate_decimals(5.5), 1);
  EXPECT_EQ(rate_decimals(10.0), 1);
  EXPECT_EQ(rate_decimals(clamped(PacerSettings{60.0 / 19.0, 0.4, 0.0, 0.0}).rate_bpm), 2);
  EXPECT_EQ(rate_decimals(3.75), 2);  // box: 16 s
}

TEST(Pacer, HoldsNeverTakeMoreThanHalfTheCycle) {
  PacerSettings s;
  s.rate_bpm = 10.0;  // 6 s cycle
  s.hold_after_inhale_s = 4.0;
  s.hold_after_exhale_s = 4.0;
  const PacerSettings c = clamped(s);
  EXPECT_NEAR(c.hold_after_inhale_s + c.hold_after_exhale_s, 3.0, 1e-12);
  EXPECT_NEAR(c.hold_after_inhale_s, c.hold_after_exhale_s, 1e-12);
}

TEST(Pacer, LayoutSplitsTheCycleAsAsked) {
  PacerSettings s;
  s.rate_bpm = 6.0;  // 10 s
  s.inhale_fraction = 0.4;
  s.hold_after_inhale_s = 1.0;
  s.hold_after_exhale_s = 1.0;
  const CycleLayout l = cycle_layout(s);
  EXPECT_NEAR(l.inhale, 0.32, 1e-12);  // 0.4 of the 8 s of breathing = 3.2 s
  EXPECT_NEAR(l.hold_in, 0.1, 1e-12);
  EXPECT_NEAR(l.exhale, 0.48, 1e-12);
  EXPECT_NEAR(l.hold_out, 0.1, 1e-12);
}

TEST(Pacer, VolumeRisesOnInhaleAndFallsOnExhale) {
  PacerSettings s;  // 6/min, 40:60
  EXPECT_NEAR(pacer_volume(s, 0.0), 0.0, 1e-12);
  EXPECT_NEAR(pacer_volume(s, 0.2), 0.5, 1e-12);  // middle of the inhale
  EXPECT_NEAR(pacer_volume(s, 0.4), 1.0, 1e-9);   // top
  EXPECT_NEAR(pacer_volume(s, 0.7), 0.5, 1e-12);  // middle of the exhale
  double prev = -1.0;
  for (double p = 0.0; p < 0.4; p += 0.001) {
    const double v = pacer_volume(s, p);
    EXPECT_GE(v, prev);
    prev = v;
  }
  prev = 1.0;  // the top of the breath
  for (double p = 0.4; p < 1.0; p += 0.001) {
    const double v = pacer_volume(s, p);
    EXPECT_LE(v, prev + 1e-12);
    prev = v;
  }
}

TEST(Pacer, OneBreathTakesSixtyOverRateSeconds) {
  PacerSchedule sched(PacerSettings{5.0, 0.5, 0, 0}, 0.0);
  const PacerState a = sched.at(3.0);
  const PacerState b = sched.at(3.0 + 12.0);
  EXPECT_EQ(b.breath_index, a.breath_index + 1);
  EXPECT_NEAR(b.cycle_phase, a.cycle_phase, 1e-12);
  EXPECT_NEAR(a.cycle_s, 12.0, 1e-12);
}

// The property the issue asks for: changing the rate keeps the phase continuous.
TEST(Pacer, RateChangesKeepTheBreathContinuous) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> rate(kPacerMinRateBpm, kPacerMaxRateBpm);
  std::uniform_real_distribution<double> step(0.3, 25.0);
  PacerSchedule sched;
  double t = 0.0;
  for (int i = 0; i < 500; ++i) {
    t += step(rng);
    const PacerState before = sched.at(t);
    PacerSettings next = sched.current().settings;
    next.rate_bpm = rate(rng);
    sched.set(t, next);
    const PacerState after = sched.at(t);
    ASSERT_NEAR(after.volume, before.volume, kContinuityTolerance) << "change " << i << " at " << t;
    ASSERT_EQ(after.part, before.part);
    ASSERT_EQ(after.breath_index, before.breath_index);
    // And just after the change the volume has moved only a little (no jump, finite speed).
    const PacerState soon = sched.at(t + 1e-3);
    ASSERT_NEAR(soon.volume, after.volume, 1e-3);
  }
}

TEST(Pacer, RatioAndHoldChangesKeepTheVolumeContinuous) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> frac(0.2, 0.8);
  std::uniform_real_distribution<double> hold(0.0, 3.0);
  std::uniform_real_distribution<double> step(0.2, 9.0);
  std::bernoulli_distribution no_hold(0.3);
  PacerSchedule sched;
  double t = 0.0;
  for (int i = 0; i < 500; ++i) {
    t += step(rng);
    const PacerState before = sched.at(t);
    PacerSettings next = sched.current().settings;
    next.inhale_fraction = frac(rng);
    next.hold_after_inhale_s = no_hold(rng) ? 0.0 : hold(rng);
    next.hold_after_exhale_s = no_hold(rng) ? 0.0 : hold(rng);
    sched.set(t, next);
    ASSERT_NEAR(sched.at(t).volume, before.volume, kContinuityTolerance) << "change " << i;
  }
}

TEST(Pacer, TwoChangesAtTheSameInstantDoNotStackSegments) {
  PacerSchedule sched;
  sched.set(5.0, PacerSettings{7.0, 0.4, 0, 0});
  const std::size_t n = sched.segments().size();
  const double v = sched.at(5.0).volume;
  sched.set(5.0, PacerSettings{8.0, 0.4, 0, 0});
  EXPECT_EQ(sched.segments().size(), n);
  EXPECT_NEAR(sched.at(5.0).volume, v, kContinuityTolerance);
  EXPECT_DOUBLE_EQ(sched.current().settings.rate_bpm, 8.0);
}

TEST(Pacer, EarlierTimesUseTheSegmentThatWasActive) {
  PacerSchedule sched(PacerSettings{6.0, 0.4, 0, 0}, 0.0);
  const PacerState old_at_3 = sched.at(3.0);
  sched.set(20.0, PacerSettings{4.0, 0.4, 0, 0});
  const PacerState now_at_3 = sched.at(3.0);
  EXPECT_DOUBLE_EQ(now_at_3.volume, old_at_3.volume);
  EXPECT_DOUBLE_EQ(sched.at(25.0).rate_bpm, 4.0);
}

}  // namespace
}  // namespace resonant
