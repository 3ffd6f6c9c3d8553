// Pacer adherence: synthetic breathing that follows (or not) the pacer with known lag/rate.
#include <resonant/dsp/pacer_adherence.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/respiration_belt.hpp>

namespace resonant::dsp {
namespace {

PacerSettings at_rate(double rate_bpm) {
  PacerSettings s;
  s.rate_bpm = rate_bpm;
  s.inhale_fraction = 0.4;
  return s;
}

// Breaths of a person breathing at rate_bpm with onsets at lag_s + k * period.
std::vector<Breath> regular_breaths(double rate_bpm, double lag_s, double until_s,
                                    double inhale_fraction = 0.4, double jitter_s = 0.0,
                                    std::uint32_t seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, jitter_s > 0.0 ? jitter_s : 1.0);
  const double period = 60.0 / rate_bpm;
  std::vector<double> onsets;
  for (double t = lag_s; t < until_s; t += period) {
    onsets.push_back(t + (jitter_s > 0.0 ? jitter(rng) : 0.0));
  }
  // Strong jitter can reorder onsets or squeeze a breath: keep them ordered, >= 2 s apart.
  std::sort(onsets.begin(), onsets.end());
  std::vector<double> kept;
  for (const double t : onsets) {
    if (kept.empty() || t - kept.back() >= 2.0) kept.push_back(t);
  }
  onsets = kept;
  std::vector<Breath> out;
  for (std::size_t k = 0; k + 1 < onsets.size(); ++k) {
    Breath b;
    b.onset_s = onsets[k];
    b.end_s = onsets[k + 1];
    const double d = b.end_s - b.onset_s;
    b.peak_s = b.onset_s + inhale_fraction * d;
    b.rate_bpm = 60.0 / d;
    b.inhale_s = b.peak_s - b.onset_s;
    b.exhale_s = b.end_s - b.peak_s;
    b.inhale_fraction = inhale_fraction;
    b.quality = 1.0f;
    out.push_back(b);
  }
  return out;
}

PacerAdherence run(PacerAdherenceTracker& tracker, const std::vector<Breath>& breaths,
                   const PacerSchedule& pacer, double until_s) {
  PacerAdherence last;
  std::size_t next = 0;
  for (double t = 0.0; t <= until_s; t += 0.5) {
    // A breath is known once it has ended (plus detection latency, irrelevant here).
    while (next < breaths.size() && breaths[next].end_s <= t) tracker.push_breath(breaths[next++], pacer);
    last = tracker.update(t);
  }
  return last;
}

TEST(PacerAdherence, LagBehindThePacerIsThePhaseError) {
  const PacerSchedule pacer(at_rate(6.0));
  for (const double lag : {0.0, 1.5, -1.0, 3.0}) {
    PacerAdherenceTracker tracker;
    const auto a = run(tracker, regular_breaths(6.0, lag, 200.0), pacer, 200.0);
    EXPECT_NEAR(a.lag_s, lag, 0.02) << lag;
    EXPECT_NEAR(a.phase_difference_deg, -36.0 * lag, 1.0) << lag;  // 10 s period: 36 deg / s
    EXPECT_NEAR(a.rate_error_bpm, 0.0, 1e-9);
    EXPECT_GT(a.plv, 0.999);
    EXPECT_TRUE(a.keeping_up) << lag;  // consistency, not zero lag, is keeping up
    EXPECT_GE(a.breaths, 5u);
  }
}

TEST(PacerAdherence, BreathingAtEightWithASixPacerIsNotKeepingUp) {
  const PacerSchedule pacer(at_rate(6.0));
  PacerAdherenceTracker tracker;
  const auto a = run(tracker, regular_breaths(8.0, 0.0, 200.0), pacer, 200.0);
  std::printf("[ respiration ] adherence 8/min vs 6/min pacer: rate error %+.2f /min, PLV %.2f\n",
              a.rate_error_bpm, a.plv);
  EXPECT_NEAR(a.rate_error_bpm, 2.0, 1e-6);
  EXPECT_LT(a.plv, 0.5);
  EXPECT_FALSE(a.keeping_up);
}

TEST(PacerAdherence, BeltFollowingThePacerWithNoiseEndToEnd) {
  // §9.6: a 6.0 /min belt signal with 10 % noise (RMS 10 % of the amplitude, half the 0-1
  // volume swing), 1.5 s behind the pacer's volume.
  const PacerSchedule pacer(at_rate(6.0));
  const double fs = 100.0, lag = 1.5;
  BeltRespirationConfig bc;
  bc.sample_rate_hz = fs;
  BeltRespiration belt(bc);
  PacerAdherenceTracker tracker;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.05);
  PacerAdherence a;
  double worst_rate = 0.0;
  for (int i = 0; i < static_cast<int>(300 * fs); ++i) {
    const double t = i / fs;
    const double v = pacer.at(std::max(0.0, t - lag)).volume + noise(rng);
    if (const auto b = belt.push(static_cast<float>(v))) {
      if (b->onset_s > 30.0) worst_rate = std::max(worst_rate, std::abs(b->rate_bpm - 6.0));
      if (b->onset_s > 20.0) tracker.push_breath(*b, pacer);
    }
    if (i % 50 == 0) a = tracker.update(t);
  }
  std::printf("[ respiration ] belt following a 6/min pacer 1.5 s late, 10 %% noise: lag %.2f s, "
              "PLV %.4f, rate error %+.3f /min, worst breath %.3f /min\n",
              a.lag_s, a.plv, a.rate_error_bpm, worst_rate);
  EXPECT_NEAR(a.lag_s, lag, 0.3);
  EXPECT_GT(a.plv, 0.99);
  // §9.6's +-0.1 /min is for a sinusoid (respiration_belt_test: 0.079); the pacer's 40:60
  // raised-cosine shape measured 0.100 here.
  EXPECT_LT(worst_rate, 0.12);
  EXPECT_TRUE(a.keeping_up);
}

TEST(PacerAdherence, PhaseJitterLowersThePlvAndTheHysteresisHolds) {
  const PacerSchedule pacer(at_rate(6.0));
  // Follows well for 120 s, then onsets scatter (SD 3 s), then follows again.
  auto good = regular_breaths(6.0, 0.5, 120.0);
  auto noisy = regular_breaths(6.0, 120.5, 240.0, 0.4, 3.0, 3);
  auto again = regular_breaths(6.0, 240.5, 400.0);
  std::vector<Breath> all = good;
  all.insert(all.end(), noisy.begin(), noisy.end());
  all.insert(all.end(), again.begin(), again.end());
  PacerAdherenceTracker tracker;
  std::size_t next = 0;
  bool kept_at_110 = false, dropped_by_240 = false, back_by_400 = false;
  double min_plv = 1.0;
  for (double t = 0.0; t <= 400.0; t += 0.5) {
    while (next < all.size() && all[next].end_s <= t) tracker.push_breath(all[next++], pacer);
    const auto a = tracker.update(t);
    if (t == 110.0) kept_at_110 = a.keeping_up;
    if (t > 150.0 && t <= 240.0 && !a.keeping_up) dropped_by_240 = true;
    if (t > 150.0 && t <= 240.0) min_plv = std::min(min_plv, a.plv);
    if (t == 400.0) back_by_400 = a.keeping_up;
  }
  std::printf("[ respiration ] adherence with 3 s onset jitter: lowest PLV %.2f\n", min_plv);
  EXPECT_TRUE(kept_at_110);
  EXPECT_TRUE(dropped_by_240);
  EXPECT_TRUE(back_by_400);
}

TEST(PacerAdherence, HysteresisInRateOnlyMode) {
  const PacerSchedule pacer(at_rate(6.0));
  PacerAdherenceTracker tracker;
  const auto step = [&](double t, double rate, double quality) {
    RespirationRate r;
    r.t_s = t;
    r.rate_bpm = rate;
    r.quality = quality;
    tracker.push_rate(r, pacer);
    return tracker.update(t);
  };
  EXPECT_FALSE(step(10.0, 6.8, 0.9).keeping_up);   // 0.8 off: not yet
  EXPECT_TRUE(step(11.0, 6.3, 0.9).keeping_up);    // within 0.5: keeping up
  EXPECT_TRUE(step(12.0, 6.8, 0.9).keeping_up);    // 0.8 off: still (hysteresis)
  EXPECT_FALSE(step(13.0, 7.2, 0.9).keeping_up);   // beyond 1.0: dropped
  EXPECT_FALSE(step(14.0, 6.8, 0.9).keeping_up);   // 0.8: stays dropped
  EXPECT_FALSE(step(15.0, 6.2, 0.2).keeping_up);   // close but poor quality
  const auto a = step(16.0, 6.2, 0.9);
  EXPECT_TRUE(a.keeping_up);
  EXPECT_TRUE(a.rate_only);
  EXPECT_NEAR(a.rate_error_bpm, 0.2, 1e-9);
  EXPECT_FALSE(tracker.update(16.0 + 31.0).keeping_up);  // stale estimate
}

TEST(PacerAdherence, FollowsARampingPacer) {
  // The pacer slows from 7 to 5.5 /min in steps every 60 s; the person follows each step.
  PacerSchedule pacer(at_rate(7.0));
  std::vector<Breath> breaths;
  double t = 0.0;
  std::vector<double> onsets;
  for (const double rate : {7.0, 6.5, 6.0, 5.5}) {
    const double start = t;
    if (start > 0.0) pacer.set(start, at_rate(rate));
    while (t < start + 60.0) {
      onsets.push_back(t);
      t += 60.0 / rate;
    }
  }
  PacerAdherenceTracker tracker;
  std::size_t next = 1;
  PacerAdherence a;
  for (double now = 0.0; now <= t; now += 0.5) {
    while (next < onsets.size() && onsets[next] <= now) {
      Breath b;
      b.onset_s = onsets[next - 1];
      b.end_s = onsets[next];
      b.peak_s = b.onset_s + 0.4 * (b.end_s - b.onset_s);
      b.inhale_fraction = 0.4;
      b.rate_bpm = 60.0 / (b.end_s - b.onset_s);
      tracker.push_breath(b, pacer);
      ++next;
    }
    a = tracker.update(now);
  }
  EXPECT_NEAR(a.rate_error_bpm, 0.0, 0.05);
  EXPECT_TRUE(a.keeping_up);
}

TEST(PacerAdherence, HrBreathPhaseFromRsa) {
  // HR = 65 + 6 cos(2 pi (phi - phi_max)) bpm with its maximum 1 s after the inhale peak of
  // 10 s breaths (inhale fraction 0.4): expected +36 deg, +1 s.
  const PacerSchedule pacer(at_rate(6.0));
  const auto breaths = regular_breaths(6.0, 0.0, 200.0);
  PacerAdherenceTracker tracker;
  const double phi_max = 0.4 + 0.1;
  double t = 0.3;
  std::size_t next = 0;
  PacerAdherence a;
  while (t < 195.0) {
    // HR is that of the interval, taken at its middle (as the tracker does).
    const auto hr_at = [&](double when) {
      return 65.0 + 6.0 * std::cos(2.0 * std::numbers::pi * (when / 10.0 - phi_max));
    };
    const double rr_ms = 60000.0 / hr_at(t + 0.5 * 60.0 / hr_at(t));
    t += rr_ms / 1000.0;
    tracker.push_nn({t, rr_ms, false});
    while (next < breaths.size() && breaths[next].end_s <= t) tracker.push_breath(breaths[next++], pacer);
    a = tracker.update(t);
  }
  std::printf("[ respiration ] HR-breath phase: %+.1f deg (%+.2f s), RSA amplitude %.2f bpm, "
              "R^2 %.3f (expected +36 deg, +1 s, 6 bpm)\n",
              a.hr_phase_deg, a.hr_lag_s, a.rsa_amplitude_bpm, a.hr_phase_quality);
  EXPECT_NEAR(a.hr_phase_deg, 36.0, 5.0);
  EXPECT_NEAR(a.hr_lag_s, 1.0, 0.15);
  EXPECT_NEAR(a.rsa_amplitude_bpm, 6.0, 0.5);
  EXPECT_GT(a.hr_phase_quality, 0.95);
}

TEST(PacerAdherence, RejectsConfigOutOfRange) {
  PacerAdherenceConfig c;
  c.drop_plv = 0.95;  // above keep_plv: no hysteresis
  EXPECT_THROW(PacerAdherenceTracker{c}, std::invalid_argument);
}

}  // namespace
}  // namespace resonant::dsp
