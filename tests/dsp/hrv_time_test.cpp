// Time-domain HRV: the §9.4 synthetic vectors, gap handling, and the sliding window against the
// batch function (physiology-and-metrics.md §3.1, §9.4).
#include <resonant/dsp/hrv_time.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

// Intervals RR_k = rr_of(t) ms, t the time the interval starts; each ends at t + RR.
std::vector<RrInterval> series(double duration_s, double (*rr_of)(double)) {
  std::vector<RrInterval> out;
  double t = 0.0;
  while (t < duration_s) {
    const double rr = rr_of(t);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

// Batch result over the intervals a sliding window of window_s holds after the last one.
TimeDomainHrv batch_over_window(const std::vector<RrInterval>& all, std::size_t end,
                                double window_s) {
  const double t_min = all[end - 1].t_s - window_s;
  std::size_t first = end - 1;  // the newest always stays
  while (first > 0 && all[first - 1].t_s >= t_min) --first;
  return time_domain_hrv(std::span<const RrInterval>(all.data() + first, end - first));
}

void expect_same(const TimeDomainHrv& a, const TimeDomainHrv& b, double tolerance_ms) {
  EXPECT_EQ(a.nn_count, b.nn_count);
  EXPECT_EQ(a.diff_count, b.diff_count);
  EXPECT_NEAR(a.mean_nn_ms, b.mean_nn_ms, tolerance_ms);
  if (a.nn_count >= 2) {
    EXPECT_NEAR(a.sdnn_ms, b.sdnn_ms, tolerance_ms);
  }
  if (a.diff_count >= 1) {
    EXPECT_NEAR(a.rmssd_ms, b.rmssd_ms, tolerance_ms);
    EXPECT_NEAR(a.pnn50_pct, b.pnn50_pct, 1e-9);
  }
}

TEST(TimeDomainHrv, AlternatingIntervals) {
  // §9.4: 800/900 ms alternating, 300 intervals (SDNN 50.08 with N - 1 needs N = 300).
  std::vector<RrInterval> rr;
  double t = 0.0;
  for (int i = 0; i < 300; ++i) {
    const double v = i % 2 == 0 ? 800.0 : 900.0;
    t += v / 1000.0;
    rr.push_back({t, v, false});
  }
  const auto h = time_domain_hrv(rr);
  EXPECT_EQ(h.nn_count, 300u);
  EXPECT_EQ(h.diff_count, 299u);
  EXPECT_NEAR(h.mean_nn_ms, 850.0, 1e-9);
  EXPECT_NEAR(h.rmssd_ms, 100.0, 1e-9);
  EXPECT_NEAR(h.sdnn_ms, 50.08, 0.005);  // 50 sqrt(300/299) = 50.0835
  EXPECT_NEAR(h.pnn50_pct, 100.0, 1e-9);
  EXPECT_NEAR(h.mean_hr_bpm, 70.59, 0.005);
}

TEST(TimeDomainHrv, SlowSinusoidalModulation) {
  // §9.4: 1000 + 50 sin(2 pi 0.1 t) over 5 min: SDNN ~ A / sqrt 2 = 35.4,
  // RMSSD ~ sqrt 2 A sin(pi f RR) = 21.8, no difference above 50 ms.
  const auto rr = series(300.0, [](double t) {
    return 1000.0 + 50.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t);
  });
  const auto h = time_domain_hrv(rr);
  EXPECT_NEAR(h.sdnn_ms, 35.4, 0.05);
  EXPECT_NEAR(h.rmssd_ms, 21.8, 0.05);
  EXPECT_EQ(h.pnn50_pct, 0.0);
}

TEST(TimeDomainHrv, BreathingRateSinusoidalModulation) {
  // §9.4: the same amplitude at 0.25 Hz: SDNN 35.3, RMSSD 49.9 (RMSSD depends on the rate).
  const auto rr = series(300.0, [](double t) {
    return 1000.0 + 50.0 * std::sin(2.0 * std::numbers::pi * 0.25 * t);
  });
  const auto h = time_domain_hrv(rr);
  EXPECT_NEAR(h.sdnn_ms, 35.3, 0.05);
  EXPECT_NEAR(h.rmssd_ms, 49.9, 0.05);
}

TEST(TimeDomainHrv, GapsBreakSuccessiveDifferences) {
  // Two runs of 10 ms steps separated by a gap; across the gap the step would be 390 ms.
  const std::vector<RrInterval> rr = {
      {1.0, 800.0, false}, {1.81, 810.0, false}, {2.63, 820.0, false},
      {10.0, 1200.0, true}, {11.21, 1210.0, false}, {12.43, 1220.0, false}};
  const auto h = time_domain_hrv(rr);
  EXPECT_EQ(h.nn_count, 6u);
  EXPECT_EQ(h.diff_count, 4u);
  EXPECT_NEAR(h.rmssd_ms, 10.0, 1e-9);
  EXPECT_EQ(h.pnn50_pct, 0.0);

  SlidingTimeDomainHrv sliding(std::numeric_limits<double>::infinity());
  for (const auto& r : rr) sliding.push(r);
  expect_same(sliding.current(), h, 1e-9);
}

TEST(TimeDomainHrv, Nn50IgnoresRoundingOfExactFiftyMillisecondSteps) {
  // RR from sample counts at 360 Hz: 18 samples = exactly 50 ms, which floating point puts a
  // rounding error either side of 50. "> 50 ms" must count none of them (MIT-BIH 100 has 33).
  std::vector<RrInterval> rr;
  const double fs = 360.0;
  std::int64_t sample = 0;
  for (int i = 0; i < 200; ++i) {
    const std::int64_t step = 288 + (i % 2 == 0 ? 0 : 18);  // 800 ms, 850 ms, ...
    const double start_s = static_cast<double>(sample) / fs;
    sample += step;
    const double end_s = static_cast<double>(sample) / fs;
    rr.push_back({end_s, (end_s - start_s) * 1000.0, false});
  }
  EXPECT_EQ(time_domain_hrv(rr).pnn50_pct, 0.0);
  rr[100].rr_ms -= 0.5;  // 850 -> 799.5 -> 850: two differences of 50.5 ms
  EXPECT_NEAR(time_domain_hrv(rr).pnn50_pct, 2.0 * 100.0 / 199.0, 1e-9);
}

TEST(TimeDomainHrv, EmptyAndSingleInterval) {
  const auto empty = time_domain_hrv({});
  EXPECT_EQ(empty.nn_count, 0u);
  EXPECT_TRUE(std::isnan(empty.mean_nn_ms));
  const std::vector<RrInterval> one = {{1.0, 900.0, false}};
  const auto h = time_domain_hrv(one);
  EXPECT_EQ(h.nn_count, 1u);
  EXPECT_DOUBLE_EQ(h.mean_nn_ms, 900.0);
  EXPECT_TRUE(std::isnan(h.sdnn_ms));
  EXPECT_TRUE(std::isnan(h.rmssd_ms));
  EXPECT_TRUE(std::isnan(h.pnn50_pct));
}

TEST(TimeDomainHrv, SettledOnceTheIntervalsSpanThirtySeconds) {
  // 1000 ms intervals: 29 span 29 s (not shown), 30 span 30 s (shown). At 100 bpm (600 ms)
  // the same needs 50. A gap between intervals does not count as time.
  std::vector<RrInterval> rr;
  for (int k = 1; k <= 30; ++k) rr.push_back({static_cast<double>(k), 1000.0 + (k % 2), false});
  const auto h29 = time_domain_hrv(std::span<const RrInterval>(rr).first(29));
  EXPECT_NEAR(nn_span_s(h29), 29.015, 1e-9);
  EXPECT_FALSE(hrv_is_settled(h29));
  EXPECT_TRUE(hrv_is_settled(time_domain_hrv(rr)));
  std::vector<RrInterval> fast;
  for (int k = 1; k <= 50; ++k) fast.push_back({0.6 * k + (k > 20 ? 60.0 : 0.0), 600.0, k == 21});
  EXPECT_FALSE(hrv_is_settled(time_domain_hrv(std::span<const RrInterval>(fast).first(49))));
  EXPECT_TRUE(hrv_is_settled(time_domain_hrv(fast)));
  // No figure, nothing to show, however long the span.
  EXPECT_FALSE(hrv_is_settled(time_domain_hrv(std::span<const RrInterval>(rr).first(1))));
  EXPECT_EQ(nn_span_s(time_domain_hrv({})), 0.0);
  TimeDomainHrv long_but_empty;
  long_but_empty.nn_count = 100;
  long_but_empty.mean_nn_ms = 1000.0;
  EXPECT_FALSE(hrv_is_settled(long_but_empty));
}

TEST(TimeDomainHrv, PlausibilityGuard) {
  EXPECT_TRUE(is_plausible_rr_ms(300.0));
  EXPECT_TRUE(is_plausible_rr_ms(2000.0));
  EXPECT_FALSE(is_plausible_rr_ms(299.9));
  EXPECT_FALSE(is_plausible_rr_ms(2000.1));
  EXPECT_FALSE(is_plausible_rr_ms(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(is_plausible_rr_ms(std::numeric_limits<double>::infinity()));
}

// A random RR series with gaps, beats and wandering heart rate.
std::vector<RrInterval> random_series(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, 40.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<RrInterval> out;
  double t = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double base = 850.0 + 250.0 * std::sin(static_cast<double>(i) / 3000.0);
    const double rr = std::clamp(base + jitter(rng), 320.0, 1900.0);
    const bool gap = u(rng) < 0.01;
    t += rr / 1000.0 + (gap ? 3.0 : 0.0);  // a gap also loses time
    out.push_back({t, rr, gap});
  }
  return out;
}

TEST(SlidingTimeDomainHrv, EqualsBatchOnTheSameWindowAfterEveryPush) {
  const auto rr = random_series(3000, 42);
  for (const double window_s : {30.0, 60.0, 300.0}) {
    SCOPED_TRACE(window_s);
    SlidingTimeDomainHrv sliding(window_s, 8);  // small initial ring: exercises growth
    for (std::size_t i = 0; i < rr.size(); ++i) {
      sliding.push(rr[i]);
      expect_same(sliding.current(), batch_over_window(rr, i + 1, window_s), 1e-9);
      if (HasFailure()) {
        ADD_FAILURE() << "first difference after push " << i;
        return;
      }
    }
  }
}

TEST(SlidingTimeDomainHrv, EvictsExactlyTheIntervalsThatLeftTheWindow) {
  // One interval per second, each 1000 ms: a 10 s window holds those ending in [t - 10, t].
  SlidingTimeDomainHrv sliding(10.0);
  for (int i = 1; i <= 30; ++i) {
    sliding.push({static_cast<double>(i), 1000.0 + (i % 3) * 10.0, false});
  }
  const auto h = sliding.current();
  EXPECT_EQ(h.nn_count, 11u);   // t = 20 .. 30
  EXPECT_EQ(h.diff_count, 10u);  // the difference 19 -> 20 left with 19
  // After a long pause only the newest interval remains.
  sliding.push({100.0, 1000.0, true});
  EXPECT_EQ(sliding.current().nn_count, 1u);
  EXPECT_EQ(sliding.current().diff_count, 0u);
}

TEST(SlidingTimeDomainHrv, LongRunsStayPrecise) {
  // 24 h of intervals (~100k) with the heart rate wandering 40-140 bpm: the running sums are
  // re-centred and rebuilt; after every 1000th push the window matches the batch to 1e-9 ms.
  const auto rr = random_series(100000, 7);
  SlidingTimeDomainHrv sliding(300.0);
  SlidingTimeDomainHrv whole(std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < rr.size(); ++i) {
    sliding.push(rr[i]);
    whole.push(rr[i]);
    if (i % 1000 == 999) {
      expect_same(sliding.current(), batch_over_window(rr, i + 1, 300.0), 1e-9);
      if (HasFailure()) return;
    }
  }
  expect_same(whole.current(), time_domain_hrv(rr), 1e-9);
}

TEST(SlidingTimeDomainHrv, ResetForgetsEverything) {
  SlidingTimeDomainHrv sliding(60.0);
  for (const auto& r : random_series(200, 3)) sliding.push(r);
  sliding.reset();
  EXPECT_EQ(sliding.current().nn_count, 0u);
  sliding.push({1.0, 1000.0, false});
  sliding.push({2.1, 1100.0, false});
  const auto h = sliding.current();
  EXPECT_EQ(h.nn_count, 2u);
  EXPECT_NEAR(h.rmssd_ms, 100.0, 1e-9);
  EXPECT_NEAR(h.mean_nn_ms, 1050.0, 1e-9);
}

}  // namespace
}  // namespace resonant::dsp
