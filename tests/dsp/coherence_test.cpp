// Coherence ratio (physiology-and-metrics.md §4.1, §4.2, §9.5): reference figures, properties
// and the streaming tracker's mechanics.
#include <resonant/dsp/coherence.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <vector>

namespace resonant::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// The §4.2 / §9.5 reference setup: 64 s at 2 Hz (128 points), mean removal only, Hann,
// zero-padded to 1024, peak 0.04-0.26 Hz +- 0.015 Hz, total up to 0.4 Hz.
CoherenceConfig reference_setup(TaperWindow taper = TaperWindow::kHann, std::size_t fft = 1024,
                                double total_high_hz = 0.4) {
  CoherenceConfig c;
  c.linear_detrend = false;
  c.total_low_hz = 0.0;
  c.total_high_hz = total_high_hz;
  c.taper = taper;
  c.fft_size = fft;
  return c;
}

std::vector<double> sampled_sine(double amplitude_ms, double f_hz, double noise_sd_ms, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_sd_ms);
  std::vector<double> x(128);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double t = static_cast<double>(k) / 2.0;
    x[k] = 1000.0 + amplitude_ms * std::sin(kTwoPi * f_hz * t) + (noise_sd_ms > 0.0 ? noise(rng) : 0.0);
  }
  return x;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// NN intervals whose RR follows base + amplitude * sin(2 pi f t) at the beat times (the §9.4
// construction), plus white noise on each interval.
std::vector<RrInterval> synthetic_nn(double duration_s, double f_hz, double amplitude_ms,
                                     double noise_sd_ms, unsigned seed, double base_ms = 1000.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_sd_ms);
  std::vector<RrInterval> nn;
  double t = 0.0;
  while (t < duration_s) {
    double rr = base_ms + amplitude_ms * std::sin(kTwoPi * f_hz * t);
    if (noise_sd_ms > 0.0) rr += noise(rng);
    t += rr / 1000.0;
    nn.push_back({t, rr, false});
  }
  return nn;
}

std::vector<double> valid_ratios(const std::vector<CoherenceSample>& s) {
  std::vector<double> r;
  for (const auto& x : s) {
    if (std::isfinite(x.ratio)) r.push_back(x.ratio);
  }
  return r;
}

// --- §9.5 reference figures --------------------------------------------------------------

TEST(CoherenceReference, PureSineMatchesSection95) {
  // §4.2 table, pure 0.1 Hz sine of 50 ms amplitude: 8.06 (Hann, 1024), 9.61 (rect, 1024),
  // 1.17 (Hann, no padding). Tolerance 5 %: the doc does not state its Hann variant; ours is
  // periodic (spectrum.hpp), which gives 8.29, a symmetric Hann gives 8.02.
  const auto x = sampled_sine(50.0, 0.1, 0.0, 0);
  const double hann = coherence_of_window(x, 2.0, reference_setup()).ratio;
  const double rect = coherence_of_window(x, 2.0, reference_setup(TaperWindow::kRectangular)).ratio;
  const double unpadded = coherence_of_window(x, 2.0, reference_setup(TaperWindow::kHann, 128)).ratio;
  std::printf("[ coherence ] pure 0.1 Hz sine: Hann/1024 %.3f (doc 8.06), rect/1024 %.3f (9.61), Hann/128 %.3f (1.17)\n",
              hann, rect, unpadded);
  EXPECT_NEAR(hann, 8.06, 0.05 * 8.06);
  EXPECT_NEAR(rect, 9.61, 0.05 * 9.61);
  EXPECT_NEAR(unpadded, 1.17, 0.05 * 1.17);
  // The documented default (linear detrend, total from 0.0033 Hz) barely changes a pure tone.
  const double defaults = coherence_of_window(x, 2.0).ratio;
  std::printf("[ coherence ] pure 0.1 Hz sine, default config (linear detrend, 0.0033-0.4 Hz): %.3f\n", defaults);
  EXPECT_NEAR(defaults, hann, 0.1 * hann);
}

TEST(CoherenceReference, NoiseStatisticsMatchSection95) {
  // §9.5: white noise (SD 50 ms) median 0.24, 95th percentile 0.55 over 100 runs; 0.1 Hz sine
  // (50 ms) + white noise (SD 25 ms) 3.32 (a single run in the doc). Our seeds differ, so we
  // use 400 runs and accept +-0.05 on the noise median and +-20 % on the sine+noise median.
  // The doc's 95th percentile (0.55) is NOT reproduced: we measure ~0.43 with either Hann
  // variant (periodic or symmetric, checked with a naive DFT). We test the claim the doc draws
  // from it instead (§4.2 lesson 3: white noise stays below 0.55 in 95 % of windows).
  std::vector<double> noise_cr, mixed_cr, noise_cr_1hz, mixed_cr_1hz;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    const auto noise = sampled_sine(0.0, 0.1, 50.0, seed);
    const auto mixed = sampled_sine(50.0, 0.1, 25.0, 1000 + seed);
    noise_cr.push_back(coherence_of_window(noise, 2.0, reference_setup()).ratio);
    mixed_cr.push_back(coherence_of_window(mixed, 2.0, reference_setup()).ratio);
    noise_cr_1hz.push_back(coherence_of_window(noise, 2.0, reference_setup(TaperWindow::kHann, 1024, 1.01)).ratio);
    mixed_cr_1hz.push_back(coherence_of_window(mixed, 2.0, reference_setup(TaperWindow::kHann, 1024, 1.01)).ratio);
  }
  const double noise_median = percentile(noise_cr, 0.5);
  const double noise_p95 = percentile(noise_cr, 0.95);
  const double mixed_median = percentile(mixed_cr, 0.5);
  std::printf("[ coherence ] white noise SD 50 ms, 400 runs: median %.3f (doc 0.24), p95 %.3f (doc 0.55); "
              "total to 1 Hz: median %.3f (doc 0.08)\n",
              noise_median, noise_p95, percentile(noise_cr_1hz, 0.5));
  std::printf("[ coherence ] 0.1 Hz sine 50 ms + noise SD 25 ms, 400 runs: median %.3f (doc 3.32, one run); "
              "total to 1 Hz: median %.3f (doc 1.34)\n",
              mixed_median, percentile(mixed_cr_1hz, 0.5));
  EXPECT_NEAR(noise_median, 0.24, 0.05);
  EXPECT_LE(noise_p95, 0.55);
  EXPECT_GT(noise_p95, 0.3);  // a tail exists: the estimate is not degenerate
  EXPECT_NEAR(mixed_median, 3.32, 0.2 * 3.32);
  // §4.2 lesson 3: the level-1 thresholds separate noise (< 0.5 in ~95 % of windows) from a
  // paced-breathing oscillation with moderate noise (> 1.8 almost always).
  EXPECT_GT(percentile(mixed_cr, 0.05), 1.8);
}

TEST(CoherenceReference, TwoEqualSinesGiveLowRatio) {
  // §4.2 table: 0.1 + 0.25 Hz equal sines -> 0.80 (Hann, 1024). Both lie in the search range, so
  // about half the power is outside the peak window. +-10 %: which of the two equal peaks wins
  // is decided by leakage, so this figure is more setup-sensitive than the others.
  std::vector<double> x(128);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double t = static_cast<double>(k) / 2.0;
    x[k] = 50.0 * std::sin(kTwoPi * 0.1 * t) + 50.0 * std::sin(kTwoPi * 0.25 * t);
  }
  const double cr = coherence_of_window(x, 2.0, reference_setup()).ratio;
  std::printf("[ coherence ] 0.1 + 0.25 Hz equal sines: %.3f (doc 0.80)\n", cr);
  EXPECT_NEAR(cr, 0.80, 0.08);
}

// --- properties on NN series --------------------------------------------------------------

TEST(CoherenceProperty, CleanOscillationAtPointOneHzIsHigh) {
  const auto nn = synthetic_nn(300.0, 0.1, 50.0, 0.0, 1);
  const auto series = coherence_series(nn);
  const auto r = valid_ratios(series);
  ASSERT_GE(r.size(), 40u);
  const double lowest = *std::min_element(r.begin(), r.end());
  std::printf("[ coherence ] NN at 0.1 Hz, 50 ms, no noise: %zu updates, min CR %.2f, median %.2f\n",
              r.size(), lowest, percentile(r, 0.5));
  EXPECT_GT(lowest, 4.0);
  for (const auto& s : series) {
    if (std::isfinite(s.ratio)) {
      EXPECT_NEAR(s.peak_hz, 0.1, 0.005);
      EXPECT_EQ(s.level, CoherenceLevel::kHigh);
    }
  }
}

TEST(CoherenceProperty, FallsMonotonicallyWithNoisePower) {
  const double noise_sd_ms[] = {0.0, 10.0, 20.0, 40.0, 80.0, 160.0};
  double previous = std::numeric_limits<double>::infinity();
  for (double sd : noise_sd_ms) {
    std::vector<double> all;
    for (unsigned seed = 1; seed <= 5; ++seed) {
      const auto r = valid_ratios(coherence_series(synthetic_nn(300.0, 0.1, 50.0, sd, seed)));
      all.insert(all.end(), r.begin(), r.end());
    }
    ASSERT_FALSE(all.empty());
    const double median = percentile(all, 0.5);
    std::printf("[ coherence ] 0.1 Hz, 50 ms + white noise SD %5.1f ms: median CR %.3f (%zu windows)\n",
                sd, median, all.size());
    EXPECT_LT(median, previous) << "noise SD " << sd;
    previous = median;
  }
  EXPECT_LT(previous, 0.5);  // noise 3x the oscillation amplitude: low
}

TEST(CoherenceProperty, OscillationAboveSearchRangeIsLow) {
  // 0.3 Hz lies outside 0.04-0.26 Hz: the peak search finds only leakage and noise.
  const auto r = valid_ratios(coherence_series(synthetic_nn(300.0, 0.3, 50.0, 2.0, 3)));
  ASSERT_FALSE(r.empty());
  const double highest = *std::max_element(r.begin(), r.end());
  std::printf("[ coherence ] NN at 0.3 Hz, 50 ms: max CR %.3f\n", highest);
  EXPECT_LT(highest, 0.5);
}

// --- tracker mechanics ---------------------------------------------------------------------

TEST(CoherenceTracker, UpdatesEveryFiveSecondsOnceAWindowIsFull) {
  const auto nn = synthetic_nn(200.0, 0.1, 50.0, 0.0, 1);
  CoherenceTracker tracker;
  std::vector<double> times;
  for (const auto& iv : nn) {
    const std::size_t n = tracker.push(iv);
    EXPECT_LE(n, 1u);
    if (n == 1) times.push_back(tracker.latest()->t_s);
  }
  ASSERT_GE(times.size(), 2u);
  // The first interval begins at 0 s, so the first full window ends at 64 s -> first update 65 s.
  EXPECT_DOUBLE_EQ(times.front(), 65.0);
  for (std::size_t k = 1; k < times.size(); ++k) EXPECT_DOUBLE_EQ(times[k] - times[k - 1], 5.0);
  EXPECT_EQ(tracker.updates(), times.size());
}

TEST(CoherenceTracker, BatchRunsTheSameCore) {
  const auto nn = synthetic_nn(240.0, 0.1, 40.0, 15.0, 7);
  const auto batch = coherence_series(nn);
  CoherenceTracker tracker;
  for (const auto& iv : nn) tracker.push(iv);
  ASSERT_EQ(tracker.history_size(), batch.size());
  for (std::size_t k = 0; k < batch.size(); ++k) {
    EXPECT_EQ(tracker.history(k).t_s, batch[k].t_s);
    EXPECT_EQ(tracker.history(k).ratio, batch[k].ratio);
  }
}

TEST(CoherenceTracker, HistoryIsBoundedAndScoreAccumulates) {
  CoherenceConfig c;
  c.history_capacity = 4;
  CoherenceTracker tracker(c);
  for (const auto& iv : synthetic_nn(200.0, 0.1, 50.0, 0.0, 1)) tracker.push(iv);
  EXPECT_EQ(tracker.history_size(), 4u);
  ASSERT_GT(tracker.updates(), 4u);
  EXPECT_DOUBLE_EQ(tracker.history(3).t_s - tracker.history(0).t_s, 15.0);
  // Every update is "high" on a clean 0.1 Hz oscillation: 2 points each (emWave2).
  EXPECT_EQ(tracker.accumulated_score(), 2 * static_cast<long long>(tracker.updates()));
  tracker.reset();
  EXPECT_EQ(tracker.history_size(), 0u);
  EXPECT_FALSE(tracker.latest().has_value());
  EXPECT_EQ(tracker.accumulated_score(), 0);
}

TEST(CoherenceTracker, HoleInTheDataGivesNaNThenRecovers) {
  auto nn = synthetic_nn(300.0, 0.1, 50.0, 0.0, 1);
  // Remove 20 s of beats (an electrode off) at 150-170 s; the next interval follows a gap.
  std::vector<RrInterval> holed;
  bool gap = false;
  for (auto iv : nn) {
    if (iv.t_s > 150.0 && iv.t_s < 170.0) {
      gap = true;
      continue;
    }
    iv.after_gap = gap;
    gap = false;
    holed.push_back(iv);
  }
  const auto series = coherence_series(holed);
  std::size_t nan_count = 0;
  for (const auto& s : series) {
    const bool window_touches_hole = s.t_s > 150.0 && s.t_s - 64.0 < 170.0;
    if (window_touches_hole) {
      EXPECT_TRUE(std::isnan(s.ratio)) << s.t_s;
      EXPECT_EQ(s.level, CoherenceLevel::kUnknown);
      EXPECT_TRUE(s.coverage < 0.9 || s.longest_gap_s > 4.0) << s.t_s;
      ++nan_count;
    } else {
      EXPECT_GT(s.ratio, 4.0) << s.t_s;
    }
  }
  EXPECT_GT(nan_count, 10u);
}

TEST(CoherenceTracker, ImplausibleAndOutOfOrderIntervalsAreIgnored) {
  const auto nn = synthetic_nn(200.0, 0.1, 50.0, 0.0, 1);
  CoherenceTracker clean, dirty;
  for (const auto& iv : nn) {
    clean.push(iv);
    dirty.push(iv);
    dirty.push(iv);  // duplicate: not later than the previous one
  }
  ASSERT_EQ(clean.history_size(), dirty.history_size());
  for (std::size_t k = 0; k < clean.history_size(); ++k) EXPECT_EQ(clean.history(k).ratio, dirty.history(k).ratio);
  CoherenceTracker spiky;
  std::size_t k = 0;
  for (auto iv : nn) {
    if (++k % 50 == 0) iv.rr_ms = 4000.0;  // implausible: dropped, leaves a ~1 s hole
    spiky.push(iv);
  }
  ASSERT_TRUE(spiky.latest().has_value());
  EXPECT_GT(spiky.latest()->ratio, 3.0);
}

TEST(CoherenceLevels, ThresholdTablesAndPoints) {
  EXPECT_EQ(coherence_level(0.4, {}), CoherenceLevel::kLow);
  EXPECT_EQ(coherence_level(0.5, {}), CoherenceLevel::kMedium);
  EXPECT_EQ(coherence_level(1.8, {}), CoherenceLevel::kHigh);
  EXPECT_EQ(coherence_level(std::numeric_limits<double>::quiet_NaN(), {}), CoherenceLevel::kUnknown);
  EXPECT_EQ(coherence_points(CoherenceLevel::kHigh), 2);
  EXPECT_EQ(coherence_points(CoherenceLevel::kMedium), 1);
  EXPECT_EQ(coherence_points(CoherenceLevel::kLow), 0);
  EXPECT_DOUBLE_EQ(challenge_level_thresholds(4).medium_to_high, 6.0);
  EXPECT_DOUBLE_EQ(challenge_level_thresholds(4).low_to_medium, 2.1);
  EXPECT_DOUBLE_EQ(challenge_level_thresholds(1, ThresholdSource::kForumQuote2013).medium_to_high, 0.9);
  EXPECT_DOUBLE_EQ(challenge_level_thresholds(3, ThresholdSource::kForumQuote2013).low_to_medium, 1.8);
  EXPECT_DOUBLE_EQ(challenge_level_thresholds(0).low_to_medium, 0.5);  // clamped to level 1
  EXPECT_EQ(to_string(CoherenceLevel::kMedium), "medium");
}

TEST(CoherenceReference, FlatSeriesIsUndefined) {
  const std::vector<double> flat(128, 900.0);
  EXPECT_TRUE(std::isnan(coherence_of_window(flat, 2.0).ratio));
}

}  // namespace
}  // namespace resonant::dsp
