// Live multi-window HRV (hrv_windows.hpp): each window equals compute_hrv on the intervals it
// holds, minimum-data NaNs per window, eviction and reset.
#include <resonant/dsp/hrv_windows.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

std::vector<RrInterval> breathing_rr(double duration_s, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 8.0);
  std::vector<RrInterval> out;
  double t = 0.0;
  while (t < duration_s) {
    const double rr = 850.0 + 45.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t) + noise(rng);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

std::span<const RrInterval> window_of(const std::vector<RrInterval>& all, std::size_t end,
                                      double window_s) {
  const double t_min = all[end - 1].t_s - window_s;
  std::size_t first = end - 1;
  while (first > 0 && all[first - 1].t_s >= t_min) --first;
  return {all.data() + first, end - first};
}

TEST(HrvWindows, EachWindowEqualsTheBatchOnItsIntervals) {
  const auto rr = breathing_rr(900.0, 3);
  LiveHrvWindows live;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < rr.size(); ++i) {
    live.push(rr[i]);
    if (i % 97 != 0 && i + 1 != rr.size()) continue;
    const auto results = live.update();
    ASSERT_EQ(results.size(), 3u);
    for (const auto& w : results) {
      const auto batch = compute_hrv(window_of(rr, i + 1, w.window_s));
      EXPECT_EQ(w.hrv.time.nn_count, batch.time.nn_count);
      if (batch.time.diff_count > 0) {
        EXPECT_DOUBLE_EQ(w.hrv.time.rmssd_ms, batch.time.rmssd_ms);
      }
      if (!std::isnan(batch.frequency.hf_ms2)) {
        EXPECT_DOUBLE_EQ(w.hrv.frequency.hf_ms2, batch.frequency.hf_ms2);
      }
      if (!std::isnan(batch.frequency.lf_ms2)) {
        EXPECT_DOUBLE_EQ(w.hrv.frequency.lf_ms2, batch.frequency.lf_ms2);
      }
      if (!std::isnan(batch.nonlinear.dfa_alpha1)) {
        EXPECT_DOUBLE_EQ(w.hrv.nonlinear.dfa_alpha1, batch.nonlinear.dfa_alpha1);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 30u);
  // Only the longest window's intervals are kept.
  EXPECT_LE(live.stored_intervals(), window_of(rr, rr.size(), 300.0).size() + 1);
}

TEST(HrvWindows, WhatEachDefaultWindowReports) {
  const auto rr = breathing_rr(400.0, 4);
  LiveHrvWindows live;
  for (const auto& r : rr) live.push(r);
  const auto results = live.update();
  const auto& w64 = results[0].hrv;
  const auto& w120 = results[1].hrv;
  const auto& w300 = results[2].hrv;
  EXPECT_DOUBLE_EQ(results[0].window_s, 64.0);
  EXPECT_FALSE(std::isnan(w64.time.rmssd_ms));
  EXPECT_FALSE(std::isnan(w64.frequency.hf_ms2));
  EXPECT_TRUE(std::isnan(w64.frequency.lf_ms2));
  EXPECT_FALSE(std::isnan(w64.nonlinear.sd1_ms));
  EXPECT_FALSE(std::isnan(w120.frequency.lf_ms2));
  EXPECT_TRUE(std::isnan(w120.frequency.vlf_ms2));
  EXPECT_FALSE(std::isnan(w120.nonlinear.dfa_alpha1));  // ~140 beats
  EXPECT_FALSE(std::isnan(w300.frequency.vlf_ms2));
  EXPECT_FALSE(std::isnan(w300.frequency.lf_pct));
  EXPECT_TRUE(std::isnan(w300.nonlinear.triangular_index));
  // The 0.1 Hz breathing shows as the LF peak (A = 45 ms: ~1000 ms^2).
  EXPECT_NEAR(w300.frequency.lf_peak_hz, 0.1, 0.005);
  EXPECT_NEAR(w120.frequency.lf_peak_hz, 0.1, 0.01);
  std::printf("[ hrv_windows ] 0.1 Hz A=45 ms + noise: 120 s LF %.0f peak %.3f | 300 s LF %.0f "
              "peak %.3f VLF %.1f HF %.1f\n", w120.frequency.lf_ms2, w120.frequency.lf_peak_hz,
              w300.frequency.lf_ms2, w300.frequency.lf_peak_hz, w300.frequency.vlf_ms2,
              w300.frequency.hf_ms2);
}

TEST(HrvWindows, ResetForgetsEverything) {
  LiveHrvWindows live(HrvWindowsConfig{{30.0}, {}});
  for (const auto& r : breathing_rr(100.0, 5)) live.push(r);
  live.update();
  live.reset();
  EXPECT_EQ(live.stored_intervals(), 0u);
  const auto results = live.update();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].hrv.time.nn_count, 0u);
  EXPECT_TRUE(std::isnan(results[0].hrv.frequency.hf_ms2));
}

TEST(HrvWindows, RingGrowsForImplausiblyShortIntervals) {
  LiveHrvWindows live(HrvWindowsConfig{{20.0}, {}});
  for (int i = 1; i <= 500; ++i) live.push({0.125 * i, 125.0, false});  // exact in binary
  // The ring starts at 20 s / 0.3 s + 2 = 69 slots and must hold 161: t_s >= 62.5 - 20 s.
  EXPECT_EQ(live.update()[0].hrv.time.nn_count, 161u);
}

}  // namespace
}  // namespace resonant::dsp
