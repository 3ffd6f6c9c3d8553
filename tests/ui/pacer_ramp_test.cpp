// The adaptive pacer ramp (engine/pacer_ramp.hpp) driven with synthetic adherence; it sits
// with the pacer's other tests under the ui label.
#include <cmath>

#include <gtest/gtest.h>

#include <resonant/common/pacer.hpp>
#include <resonant/engine/pacer_ramp.hpp>

namespace resonant::engine {
namespace {

constexpr RampAdherence kKeepingUp{true, 0.1};
constexpr RampAdherence kLagging{false, 1.5};

// Feeds `breaths` whole breaths after `from`, each with the same adherence.
double breathe(PacerRamp& ramp, std::int64_t& breath, int breaths, const RampAdherence& a) {
  double rate = ramp.rate_bpm();
  for (int i = 0; i < breaths; ++i) rate = ramp.update(++breath, a);
  return rate;
}

TEST(PacerRamp, StartsAtTheMeasuredRateOnThePacerGrid) {
  EXPECT_NEAR(PacerRamp({.target_bpm = 6.0}, 11.73, 6.0).rate_bpm(), 10.0, 1e-12);
  EXPECT_NEAR(PacerRamp({.target_bpm = 6.0}, 8.26, 6.0).rate_bpm(), 8.3, 1e-12);
  EXPECT_NEAR(PacerRamp({.target_bpm = 6.0}, std::nan(""), 7.0).rate_bpm(), 7.0, 1e-12)
      << "no measurement: the fallback";
  EXPECT_NEAR(PacerRamp({.target_bpm = 6.0}, 5.0, 7.0).rate_bpm(), 6.0, 1e-12)
      << "already slower than the target: start at the target (the ramp never speeds up)";
}

TEST(PacerRamp, StepsDownAfterEnoughGoodBreaths) {
  PacerRamp ramp({.target_bpm = 6.0, .step_bpm = 0.3, .breaths_per_step = 4}, 9.0, 6.0);
  std::int64_t breath = 10;
  ramp.update(breath, kKeepingUp);  // the breath in progress at the start does not count
  EXPECT_NEAR(breathe(ramp, breath, 3, kKeepingUp), 9.0, 1e-12);
  EXPECT_NEAR(breathe(ramp, breath, 1, kKeepingUp), 8.7, 1e-12);
  EXPECT_EQ(ramp.good_breaths(), 0);
  EXPECT_NEAR(breathe(ramp, breath, 4, kKeepingUp), 8.4, 1e-12);
}

TEST(PacerRamp, HoldsWhileThePersonDoesNotKeepUp) {
  PacerRamp ramp({.target_bpm = 6.0, .step_bpm = 0.2, .breaths_per_step = 3}, 8.0, 6.0);
  std::int64_t breath = 0;
  ramp.update(breath, kKeepingUp);
  breathe(ramp, breath, 2, kKeepingUp);
  EXPECT_NEAR(breathe(ramp, breath, 10, kLagging), 8.0, 1e-12) << "holds, never speeds up";
  // A bad breath starts the count again: two good ones are not enough now.
  EXPECT_NEAR(breathe(ramp, breath, 2, kKeepingUp), 8.0, 1e-12);
  EXPECT_NEAR(breathe(ramp, breath, 1, kKeepingUp), 7.8, 1e-12);
}

TEST(PacerRamp, KeepingUpNeedsASmallRateErrorToo) {
  PacerRamp ramp({.target_bpm = 6.0, .breaths_per_step = 1, .max_rate_error_bpm = 0.5}, 7.0, 6.0);
  std::int64_t breath = 0;
  ramp.update(breath, kKeepingUp);
  EXPECT_NEAR(breathe(ramp, breath, 3, RampAdherence{true, 0.6}), 7.0, 1e-12);
  EXPECT_NEAR(breathe(ramp, breath, 3, RampAdherence{true, std::nan("")}), 7.0, 1e-12);
  EXPECT_NEAR(breathe(ramp, breath, 1, RampAdherence{true, -0.4}), 6.8, 1e-12);
}

TEST(PacerRamp, StopsExactlyAtTheTarget) {
  PacerRamp ramp({.target_bpm = 4.5, .step_bpm = 0.4, .breaths_per_step = 2}, 6.0, 6.0);
  std::int64_t breath = 0;
  ramp.update(breath, kKeepingUp);
  const double rate = breathe(ramp, breath, 40, kKeepingUp);
  EXPECT_NEAR(rate, 4.5, 1e-12);
  EXPECT_TRUE(ramp.reached());
}

TEST(PacerRamp, TheSameBreathCountsOnce) {
  PacerRamp ramp({.target_bpm = 6.0, .breaths_per_step = 2}, 8.0, 6.0);
  ramp.update(5, kKeepingUp);
  for (int i = 0; i < 50; ++i) ramp.update(6, kKeepingUp);  // many calls within one breath
  EXPECT_EQ(ramp.good_breaths(), 1);
  EXPECT_NEAR(ramp.rate_bpm(), 8.0, 1e-12);
}

TEST(PacerRamp, DrivingAScheduleKeepsTheBreathContinuous) {
  // The ramp's rates applied to a schedule at breath boundaries and mid-breath: the volume
  // never jumps and the breath count never goes back.
  PacerSettings settings;
  PacerRamp ramp({.target_bpm = 4.5, .step_bpm = 0.5, .breaths_per_step = 1}, 9.0, 6.0);
  settings.rate_bpm = ramp.rate_bpm();
  PacerSchedule schedule(settings, 0.0);
  const double dt_s = 0.05;
  double last_volume = schedule.at(0.0).volume;
  std::int64_t last_breath = 0;
  for (double t = dt_s; t < 240.0; t += dt_s) {
    const PacerState st = schedule.at(t);
    ASSERT_GE(st.breath_index, last_breath);
    // Lungs move at most 1 full volume per (rate-dependent) half breath: a jump would exceed
    // pi/2 * dt / shortest part; bound by the fastest possible part (20 % of 6 s).
    ASSERT_LT(std::abs(st.volume - last_volume), 3.1416 / 2.0 * dt_s / 1.2 + 1e-9) << "t " << t;
    last_volume = st.volume;
    last_breath = st.breath_index;
    const double rate = ramp.update(st.breath_index, kKeepingUp);
    if (std::abs(rate - schedule.current().settings.rate_bpm) > 1e-9) {
      settings.rate_bpm = rate;
      schedule.set(t, settings);
      ASSERT_NEAR(schedule.at(t).volume, st.volume, 1e-9);
    }
  }
  EXPECT_NEAR(schedule.current().settings.rate_bpm, 4.5, 1e-12);
}

}  // namespace
}  // namespace resonant::engine
