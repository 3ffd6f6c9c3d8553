// Transparent resonance indicators (physiology-and-metrics.md §4.3, §5.3, §6.5).
#include <resonant/dsp/resonance_indicators.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

namespace resonant::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Beats of a heart whose rate follows hr_bpm(t): each interval is 60000 / HR at its middle.
std::vector<RrInterval> beats_from_hr(const std::function<double(double)>& hr_bpm, double duration_s,
                                      double jitter_ms = 0.0, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, jitter_ms);
  std::vector<RrInterval> nn;
  double t = 0.0;
  while (t < duration_s) {
    double rr = 60000.0 / hr_bpm(t);
    // The interval's rate is the rate at its middle (a sinus node integrating HR, to second order).
    for (int k = 0; k < 3; ++k) rr = 60000.0 / hr_bpm(t + rr / 2000.0);
    if (jitter_ms > 0.0) rr += jitter(rng);
    t += rr / 1000.0;
    nn.push_back({t, rr, false});
  }
  return nn;
}

TEST(ResonanceIndicators, PacerCyclesFollowTheSchedule) {
  PacerSettings s;
  s.rate_bpm = 6.0;
  s.inhale_fraction = 0.4;
  PacerSchedule schedule(s, 0.0);
  auto cycles = breath_cycles_from_pacer(schedule, 0.0, 60.0);
  ASSERT_EQ(cycles.size(), 6u);
  for (std::size_t k = 0; k < cycles.size(); ++k) {
    EXPECT_NEAR(cycles[k].start_s, 10.0 * static_cast<double>(k), 1e-9);
    EXPECT_NEAR(cycles[k].end_s - cycles[k].start_s, 10.0, 1e-9);
    EXPECT_NEAR(cycles[k].peak_inhale_fraction, 0.4, 1e-12);
  }
  // A hold after inhale moves peak inhalation to the middle of the hold.
  s.hold_after_inhale_s = 2.0;
  cycles = breath_cycles_from_pacer(PacerSchedule(s, 0.0), 0.0, 30.0);
  ASSERT_FALSE(cycles.empty());
  EXPECT_NEAR(cycles[0].peak_inhale_fraction, 0.8 * 0.4 + 0.1, 1e-12);
  // A rate change mid-cycle: cycles stay contiguous; the new rate applies after the change.
  PacerSettings fast = s;
  fast.hold_after_inhale_s = 0.0;
  PacerSchedule changing(fast, 0.0);
  PacerSettings slow = fast;
  slow.rate_bpm = 5.0;
  changing.set(25.0, slow);
  cycles = breath_cycles_from_pacer(changing, 0.0, 120.0);
  ASSERT_GE(cycles.size(), 5u);
  for (std::size_t k = 1; k < cycles.size(); ++k) EXPECT_DOUBLE_EQ(cycles[k].start_s, cycles[k - 1].end_s);
  EXPECT_NEAR(cycles.back().end_s - cycles.back().start_s, 12.0, 1e-9);
}

TEST(ResonanceIndicators, OnsetCycles) {
  const std::vector<double> onsets{1.0, 11.0, 20.5, 31.0};
  const auto cycles = breath_cycles_from_onsets(onsets, 0.45);
  ASSERT_EQ(cycles.size(), 3u);
  EXPECT_DOUBLE_EQ(cycles[1].start_s, 11.0);
  EXPECT_DOUBLE_EQ(cycles[1].end_s, 20.5);
  EXPECT_DOUBLE_EQ(cycles[2].peak_inhale_fraction, 0.45);
}

TEST(ResonanceIndicators, SinusoidalHrGivesItsSwingAndPhase) {
  // HR = 65 + 6 cos(2 pi (f t - u_peak) + delta): peak-to-trough 12 bpm, amplitude 6 bpm,
  // phase delta relative to peak inhalation (positive = HR peaks first).
  const double f = 6.0 / 60.0, u_peak = 0.5;
  for (double delta_deg : {-60.0, -10.0, 0.0, 25.0, 90.0}) {
    const double delta = delta_deg * std::numbers::pi / 180.0;
    const auto nn = beats_from_hr(
        [&](double t) { return 65.0 + 6.0 * std::cos(kTwoPi * (f * t - u_peak) + delta); }, 200.0);
    PacerSettings s;
    s.rate_bpm = 6.0;
    s.inhale_fraction = 0.5;
    const auto cycles = breath_cycles_from_pacer(PacerSchedule(s, 0.0), 20.0, 190.0);
    const auto per_breath = breath_indicators(nn, cycles);
    const BreathSummary sum = summarize_breaths(per_breath);
    std::printf("[ resonance ] HR sine 6 bpm at 6/min, phase %+5.0f deg: P2T %.2f bpm, amplitude %.2f, "
                "phase %+6.2f deg, consistency %.4f\n",
                delta_deg, sum.mean_peak_to_trough_bpm, sum.mean_hr_amplitude_bpm, sum.mean_phase_deg,
                sum.phase_consistency);
    EXPECT_EQ(sum.valid_breaths, cycles.size());
    // Beats sample HR once per ~0.9 s; the spline between them costs a little amplitude.
    EXPECT_NEAR(sum.mean_peak_to_trough_bpm, 12.0, 0.2);
    EXPECT_NEAR(sum.mean_hr_amplitude_bpm, 6.0, 0.1);
    EXPECT_NEAR(sum.mean_phase_deg, delta_deg, 2.0);
    EXPECT_GT(sum.phase_consistency, 0.999);
  }
}

TEST(ResonanceIndicators, PhaseIsMeasuredOnTheHrCurve) {
  // A 1 s lag of HR behind peak inhalation at 6 /min is -36 deg.
  const double f = 0.1;
  auto phase_for_lag = [&](double lag_s) {
    const auto nn = beats_from_hr([&](double t) { return 70.0 + 5.0 * std::cos(kTwoPi * (f * (t - lag_s) - 0.5)); }, 200.0);
    PacerSettings s;
    s.rate_bpm = 6.0;
    s.inhale_fraction = 0.5;
    const auto cycles = breath_cycles_from_pacer(PacerSchedule(s, 0.0), 20.0, 190.0);
    return summarize_breaths(breath_indicators(nn, cycles)).mean_phase_deg;
  };
  const double d = phase_for_lag(1.0) - phase_for_lag(0.0);
  std::printf("[ resonance ] 1 s HR lag at 6/min: phase change %.2f deg (expected -36)\n", d);
  EXPECT_NEAR(d, -36.0, 1.0);
}

TEST(ResonanceIndicators, TurningPointsOfASineAreTwoPerBreath) {
  const auto nn = beats_from_hr([](double t) { return 65.0 + 6.0 * std::sin(kTwoPi * 0.1 * t); }, 200.0, 5.0, 3);
  const UniformSeries hr = instantaneous_hr(nn);
  const double tp = turning_points_per_breath(hr, 20.0, 180.0, 16.0, 1.0);
  std::printf("[ resonance ] turning points per breath, 6 bpm sine + 5 ms jitter: %.2f\n", tp);
  EXPECT_NEAR(tp, 2.0, 0.15);
  // Irregular HR (two rhythms) has more.
  const auto nn2 = beats_from_hr([](double t) { return 65.0 + 4.0 * std::sin(kTwoPi * 0.1 * t) + 4.0 * std::sin(kTwoPi * 0.27 * t); }, 200.0);
  const double tp2 = turning_points_per_breath(instantaneous_hr(nn2), 20.0, 180.0, 16.0, 1.0);
  std::printf("[ resonance ] turning points per breath, 0.1 + 0.27 Hz: %.2f\n", tp2);
  EXPECT_GT(tp2, 3.5);
}

TEST(ResonanceIndicators, LfPeakCountsAndLocates) {
  std::vector<double> one(480), two(480);  // 120 s at 4 Hz
  for (std::size_t j = 0; j < one.size(); ++j) {
    const double t = static_cast<double>(j) / 4.0;
    one[j] = 50.0 * std::sin(kTwoPi * 0.1 * t);
    two[j] = 50.0 * std::sin(kTwoPi * 0.06 * t) + 40.0 * std::sin(kTwoPi * 0.13 * t);
  }
  const LfPeak a = lf_peak(periodogram(one, 4.0, TaperWindow::kHann, 4096));
  const LfPeak b = lf_peak(periodogram(two, 4.0, TaperWindow::kHann, 4096));
  std::printf("[ resonance ] LF peak of a 0.1 Hz sine (A 50 ms, 120 s): %.4f Hz, LF power %.0f ms2 (A^2/2 = 1250), peaks %zu\n",
              a.peak_hz, a.lf_power, a.peak_count);
  EXPECT_NEAR(a.peak_hz, 0.1, 0.001);
  EXPECT_EQ(a.peak_count, 1u);
  EXPECT_NEAR(a.lf_power, 1250.0, 0.05 * 1250.0);
  EXPECT_EQ(b.peak_count, 2u);
  EXPECT_NEAR(b.peak_hz, 0.06, 0.002);
  EXPECT_GT(band_share(periodogram(one, 4.0, TaperWindow::kHann, 4096), 0.1, 0.015), 0.9);
  EXPECT_LT(band_share(periodogram(two, 4.0, TaperWindow::kHann, 4096), 0.1, 0.015), 0.1);
}

TEST(ResonanceIndicators, GapMakesABreathInvalid) {
  auto nn = beats_from_hr([](double t) { return 65.0 + 6.0 * std::sin(kTwoPi * 0.1 * t); }, 100.0);
  std::vector<RrInterval> holed;
  for (auto iv : nn) {
    if (iv.t_s > 42.0 && iv.t_s < 47.0) continue;  // 5 s without beats in the 5th breath
    holed.push_back(iv);
  }
  PacerSettings s;
  s.rate_bpm = 6.0;
  // From 10 s: HR before the first beat (~0.9 s) is unknown, so the first breath is invalid.
  const auto cycles = breath_cycles_from_pacer(PacerSchedule(s, 0.0), 10.0, 90.0);
  const auto per_breath = breath_indicators(holed, cycles);
  ASSERT_EQ(per_breath.size(), 8u);
  for (const auto& b : per_breath) {
    const bool touches = b.end_s + 0.75 > 42.0 && b.start_s < 47.0;
    EXPECT_EQ(b.valid, !touches) << b.start_s;
  }
}

TEST(ResonanceIndicators, StreamingMatchesBatch) {
  const auto nn = beats_from_hr([](double t) { return 65.0 + 6.0 * std::sin(kTwoPi * 0.09 * t); }, 150.0, 8.0, 5);
  PacerSettings s;
  s.rate_bpm = 5.4;
  const auto cycles = breath_cycles_from_pacer(PacerSchedule(s, 0.0), 0.0, 140.0);
  const auto batch = breath_indicators(nn, cycles);
  BreathIndicatorTracker tracker({}, 1000.0);
  std::size_t next_cycle = 0;
  for (const auto& iv : nn) {
    // The pacer reports a breath when it ends.
    while (next_cycle < cycles.size() && cycles[next_cycle].end_s <= iv.t_s) tracker.push_breath(cycles[next_cycle++]);
    tracker.push(iv);
  }
  const auto streamed = tracker.recent();
  ASSERT_EQ(streamed.size(), batch.size());
  for (std::size_t k = 0; k < batch.size(); ++k) {
    EXPECT_EQ(streamed[k].valid, batch[k].valid);
    if (!batch[k].valid) continue;  // the first breath: no HR before the first beat
    // The local spline's grid is not the whole record's: the max/min fall on other samples.
    EXPECT_NEAR(streamed[k].peak_to_trough_bpm, batch[k].peak_to_trough_bpm, 0.1);
    EXPECT_NEAR(streamed[k].phase_deg, batch[k].phase_deg, 1.0);
  }
  BreathIndicatorTracker windowed({}, 30.0);
  next_cycle = 0;
  for (const auto& iv : nn) {
    while (next_cycle < cycles.size() && cycles[next_cycle].end_s <= iv.t_s) windowed.push_breath(cycles[next_cycle++]);
    windowed.push(iv);
  }
  EXPECT_LE(windowed.recent().size(), 4u);  // breaths of ~11 s ending within 30 s
  EXPECT_GT(windowed.summary().mean_peak_to_trough_bpm, 10.0);
}

}  // namespace
}  // namespace resonant::dsp
