// Clipping by held extremes (extreme_hold.hpp): a rail stops a waveform, a coarse converter only
// rounds its peak. Properties on synthetic signals; MIMIC 03700181 in signal_quality_golden_test.
#include <resonant/dsp/extreme_hold.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kFs = 500.0;
constexpr std::int64_t kMinRun = 10;  // the ECG's 20 ms at 500 Hz

double quantised(double x, double step) { return step * std::round(x / step); }

/// One block of a 2 Hz sine of amplitude 1, optionally cut at +-cut and rounded to step.
std::vector<double> sine_block(double cut, double step, double phase) {
  std::vector<double> x;
  for (int i = 0; i < static_cast<int>(kFs); ++i) {
    double v = std::sin(2.0 * std::numbers::pi * 2.0 * i / kFs + phase);
    v = std::clamp(v, -cut, cut);
    x.push_back(step > 0.0 ? quantised(v, step) : v);
  }
  return x;
}

/// Samples held at the block's max and min that count, after the step has been learnt.
std::int64_t held_in_last_block(double cut, double step) {
  QuantisationStep quantisation;
  ExtremeHold max_hold(kMinRun), min_hold(kMinRun);
  double previous = 0.0;
  std::int64_t held = 0;
  for (int block = 0; block < 5; ++block) {
    max_hold.start_block();
    min_hold.start_block();
    double lo = 0.0, hi = 0.0;
    bool first = true;
    for (double x : sine_block(cut, step, 0.1 * block)) {
      if (block == 0 && first) previous = x;
      quantisation.push(std::abs(x - previous), !first && x > lo && x < hi);
      max_hold.push(x, previous, quantisation.step());
      min_hold.push(-x, -previous, quantisation.step());
      previous = x;
      lo = first ? x : std::min(lo, x);
      hi = first ? x : std::max(hi, x);
      first = false;
    }
    held = max_hold.held() + min_hold.held();
  }
  return held;
}

TEST(QuantisationStep, FindsTheConverterStepOnlyWhenTheSignalIsQuantised) {
  QuantisationStep q;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 1.0);
  double previous = 0.0;
  for (int i = 0; i < 5000; ++i) {  // continuous: no step
    const double x = std::sin(i * 0.01) + 0.01 * noise(rng);
    q.push(std::abs(x - previous), true);
    previous = x;
  }
  EXPECT_TRUE(std::isnan(q.step()));
  q.reset();
  for (int i = 0; i < 5000; ++i) {  // the same rounded to 0.01
    const double x = quantised(std::sin(i * 0.01) + 0.01 * noise(rng), 0.01);
    q.push(std::abs(x - previous), i > 0 && std::abs(x) < 0.9);
    previous = x;
  }
  EXPECT_NEAR(q.step(), 0.01, 1e-9);
  // One smaller change does not undo a confirmed step.
  q.push(0.001, true);
  EXPECT_NEAR(q.step(), 0.01, 1e-9);
}

TEST(QuantisationStep, AnExactlyPeriodicClippedSignalHasNoStep) {
  // Its smallest change (the partial step into the clip) recurs every period, but it never
  // repeats a value between its extremes.
  QuantisationStep q;
  double previous = 0.0;
  for (int block = 0; block < 10; ++block) {
    for (double x : sine_block(0.5, 0.0, 0.0)) {
      q.push(std::abs(x - previous), std::abs(x) < 0.5);
      previous = x;
    }
  }
  EXPECT_TRUE(std::isnan(q.step()));
}

TEST(ExtremeHold, ACoarselyRoundedPeakIsNotAClip) {
  // 2 Hz at 500 Hz rounded to 1/20 of its amplitude: each peak holds its top value for about
  // 30 ms, as MIMIC 03700181's T waves do.
  EXPECT_EQ(held_in_last_block(1.0, 0.05), 0);
}

TEST(ExtremeHold, AWaveformCutLowIsAClipEvenWhenRounded) {
  // Cut at 80 % of its amplitude the sine holds the cut for ~54 samples a half-period: more
  // than 5 clip lengths, so it counts however it was entered.
  EXPECT_GE(held_in_last_block(0.8, 0.05), 2 * kMinRun);
  EXPECT_GE(held_in_last_block(0.8, 0.0), 2 * kMinRun);  // continuous: the plain rule
}

TEST(ExtremeHold, ARPeakCutByARailIsEnteredSteeply) {
  // A 10 ms-wide R wave of 1 mV in 0.005 mV steps, cut at 0.6 mV: each beat reaches the rail
  // by many steps a sample and holds it ~20 ms; the step is known (the flat baseline, between
  // the S wave and the cut R, repeats).
  constexpr double kStep = 0.005;
  QuantisationStep quantisation;
  ExtremeHold hold(kMinRun);
  double previous = 0.0;
  for (int block = 0; block < 3; ++block) {
    hold.start_block();
    double lo = 0.0, hi = 0.0;
    for (int i = 0; i < static_cast<int>(kFs); ++i) {
      const double t_s = i / kFs;
      double r = 0.0;
      for (const double beat_s : {0.25, 0.75}) {
        const double z = (t_s - beat_s) / 0.010;
        const double z_s = (t_s - beat_s - 0.025) / 0.008;  // an S wave below the baseline
        r += std::exp(-0.5 * z * z) - 0.2 * std::exp(-0.5 * z_s * z_s);
      }
      const double x = quantised(std::min(r, 0.6), kStep);
      quantisation.push(std::abs(x - previous), i > 0 && x > lo && x < hi);
      hold.push(x, previous, quantisation.step());
      previous = x;
      lo = i == 0 ? x : std::min(lo, x);
      hi = i == 0 ? x : std::max(hi, x);
    }
    EXPECT_NEAR(quantisation.step(), kStep, 1e-9) << "block " << block;
    EXPECT_GE(hold.held(), kMinRun) << "block " << block;
    EXPECT_LT(hold.held(), ExtremeHold::kLongHoldClipLengths * kMinRun) << "not by length";
  }
}

TEST(ExtremeHold, ASlowDriftIntoARailIsAClipWhenLong) {
  // Entered one step at a time, held for 5 clip lengths: counts; held for less: does not.
  const double step = 0.01;
  for (const std::int64_t hold : {kMinRun * ExtremeHold::kLongHoldClipLengths, kMinRun * 2}) {
    ExtremeHold h(kMinRun);
    h.start_block();
    double previous = 0.0;
    for (int i = 0; i <= 50; ++i) {
      const double x = i * step;
      h.push(x, previous, step);
      previous = x;
    }
    for (std::int64_t i = 1; i < hold; ++i) h.push(previous, previous, step);
    h.push(previous - step, previous, step);
    EXPECT_EQ(h.held(), hold >= kMinRun * ExtremeHold::kLongHoldClipLengths ? hold : 0) << hold;
  }
}

}  // namespace
}  // namespace resonant::dsp
