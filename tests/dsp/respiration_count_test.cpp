// Properties of the cycle-count refinement (respiration_count.hpp) on synthetic beat-sampled
// series: a steady sine counts its own rate; a rate step inside the window counts
// 60 / the mean cycle duration where the spectral peak does not; a harmonic-rich slow wave
// counts its fundamental; noise gives a defined result; the weighted median and the streaming
// method behave as documented.
#include <resonant/dsp/respiration_count.hpp>

#include <cmath>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kWindowS = 60.0;
constexpr double kTEndS = 120.0;
constexpr double kBeatPeriodS = 60.0 / 72.0;  // 72 /min heart rate

SpectralRateConfig window_config() {
  SpectralRateConfig c;
  c.window_s = kWindowS;
  return c;
}

struct Series {
  std::vector<double> t_s, values;
};

// Beats at 72 /min with a small deterministic jitter (+-40 ms), values = f(beat time).
Series beat_sampled(const std::function<double(double)>& f, double until_s = 130.0) {
  Series s;
  for (int k = 0;; ++k) {
    const double t = k * kBeatPeriodS + 0.04 * std::sin(1.7 * k);
    if (t > until_s) break;
    s.t_s.push_back(t);
    s.values.push_back(f(t));
  }
  return s;
}

// Breathing phase (cycles) of a rate that is rate1 until t_step_s and rate2 after, continuous.
double step_phase(double t, double rate1_bpm, double rate2_bpm, double t_step_s) {
  if (t <= t_step_s) return rate1_bpm / 60.0 * t;
  return rate1_bpm / 60.0 * t_step_s + rate2_bpm / 60.0 * (t - t_step_s);
}

TEST(RespirationCount, SteadySineCountsItsRate) {
  const Series s = beat_sampled([](double t) { return std::sin(2.0 * std::numbers::pi * 0.25 * t); });
  const double counted = count_respiration_rate(s.t_s, s.values, kTEndS, 15.0, window_config());
  EXPECT_NEAR(counted, 15.0, 0.05);
  // A tracked rate off by 2 /min still lies in the band: the count is the signal's rate.
  EXPECT_NEAR(count_respiration_rate(s.t_s, s.values, kTEndS, 13.0, window_config()), 15.0, 0.05);
}

TEST(RespirationCount, RateStepCountsTheMeanCycleDurationNotTheSpectralPeak) {
  constexpr double kStepAtS = kTEndS - kWindowS / 2.0;  // the middle of the window
  const auto phase = [&](double t) { return step_phase(t, 18.0, 24.0, kStepAtS); };
  const Series s = beat_sampled([&](double t) { return std::sin(2.0 * std::numbers::pi * phase(t)); });
  // Reference as a belt defines it: 60 / the mean duration of the complete cycles in the window
  // (cycle starts where the phase passes an integer).
  std::vector<double> starts;
  for (double t = kTEndS - kWindowS; t <= kTEndS; t += 1e-3) {
    if (std::floor(phase(t)) != std::floor(phase(t - 1e-3))) starts.push_back(t);
  }
  ASSERT_GE(starts.size(), 10u);
  const double reference =
      60.0 * static_cast<double>(starts.size() - 1) / (starts.back() - starts.front());
  EXPECT_NEAR(reference, 21.0, 0.5);  // 9 cycles at 18 and 12 at 24 in 60 s

  const RespirationRate spectral = spectral_respiration_rate(s.t_s, s.values, kTEndS, window_config());
  ASSERT_TRUE(std::isfinite(spectral.rate_bpm));
  EXPECT_GT(std::abs(spectral.rate_bpm - reference), 1.0) << spectral.rate_bpm;
  const double counted =
      count_respiration_rate(s.t_s, s.values, kTEndS, spectral.rate_bpm, window_config());
  EXPECT_NEAR(counted, reference, 0.3) << "spectral peak " << spectral.rate_bpm;
}

TEST(RespirationCount, HarmonicRichSlowWaveCountsItsFundamental) {
  // 6 /min with a 2x harmonic of 0.8 of its amplitude (and a 3x of 0.3): two upward zero
  // crossings per cycle before the band-pass.
  const auto wave = [](double t) {
    const double p = 2.0 * std::numbers::pi * 0.1 * t;
    return std::sin(p) + 0.8 * std::sin(2.0 * p + 0.5) + 0.3 * std::sin(3.0 * p + 1.0);
  };
  const Series s = beat_sampled(wave);
  EXPECT_NEAR(count_respiration_rate(s.t_s, s.values, kTEndS, 6.0, window_config()), 6.0, 0.1);
}

TEST(RespirationCount, NoiseGivesADefinedResult) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  const Series s = beat_sampled([&](double) { return noise(rng); });
  // The count does not judge the band: band-limited noise crosses at a rate inside the band.
  const double counted = count_respiration_rate(s.t_s, s.values, kTEndS, 15.0, window_config());
  ASSERT_TRUE(std::isfinite(counted));
  EXPECT_GE(counted, 15.0 / 1.5);
  EXPECT_LE(counted, 15.0 * 1.5);
  // The refinement only counts estimates with a peak near the tracked rate: a rate 2 /min away
  // from every peak of the noise's spectrum is kept unchanged.
  const RespirationRate estimate = spectral_respiration_rate(s.t_s, s.values, kTEndS, window_config());
  ASSERT_GT(estimate.peak_count, 0u);
  double tracked = NAN;
  for (double r = 8.0; r <= 28.0 && std::isnan(tracked); r += 0.25) {
    bool clear = true;
    for (std::size_t j = 0; j < estimate.peak_count; ++j) {
      clear = clear && std::abs(estimate.peaks[j].rate_bpm - r) >= 2.0;
    }
    if (clear) tracked = r;
  }
  ASSERT_TRUE(std::isfinite(tracked));
  const CountSeries series[] = {{&estimate, s.t_s, s.values}};
  EXPECT_EQ(refine_rate_by_count(kTEndS, tracked, series, window_config()), tracked);
  // A flat series has no crossing: NaN.
  const Series flat = beat_sampled([](double) { return 1.0; });
  EXPECT_TRUE(std::isnan(count_respiration_rate(flat.t_s, flat.values, kTEndS, 15.0, window_config())));
}

TEST(RespirationCount, RefinementCountsTheSupportingEstimates) {
  const Series sine = beat_sampled([](double t) { return std::sin(2.0 * std::numbers::pi * 0.25 * t); });
  const RespirationRate estimate = spectral_respiration_rate(sine.t_s, sine.values, kTEndS, window_config());
  ASSERT_NEAR(estimate.rate_bpm, 15.0, 0.2);
  const CountSeries series[] = {{&estimate, sine.t_s, sine.values}};
  // Tracked 15.6 /min: the estimate's 15 /min peak supports it and its count replaces it.
  EXPECT_NEAR(refine_rate_by_count(kTEndS, 15.6, series, window_config()), 15.0, 0.05);
  // Nothing supports 18 /min: kept.
  EXPECT_EQ(refine_rate_by_count(kTEndS, 18.0, series, window_config()), 18.0);
  EXPECT_TRUE(std::isnan(refine_rate_by_count(kTEndS, NAN, series, window_config())));
}

TEST(RespirationCount, WeightedMedian) {
  std::vector<CountedRate> votes{{30.0, 0.3}, {15.0, 0.2}, {16.0, 0.5}};
  EXPECT_EQ(combine_counted_rates(votes, 12.0), 16.0);
  std::vector<CountedRate> halves{{16.0, 0.5}, {14.0, 0.5}};
  EXPECT_DOUBLE_EQ(combine_counted_rates(halves, 12.0), 15.0);
  std::vector<CountedRate> none{{NAN, 0.5}, {14.0, 0.0}};
  EXPECT_EQ(combine_counted_rates(none, 12.0), 12.0);
  EXPECT_EQ(combine_counted_rates({}, 12.0), 12.0);
  // Weighted, not plain: the plain median of these is 15.
  std::vector<CountedRate> heavy_low{{15.0, 0.2}, {14.0, 0.6}, {16.0, 0.2}};
  EXPECT_EQ(combine_counted_rates(heavy_low, 12.0), 14.0);
}

// A slow heart (40 /min) samples breathing coarsely: the count's band stops at the beat
// series' Nyquist margin (0.45 x 40 /min = 18 /min), like the spectral band. 15 /min under it
// still counts; a tracked 28 /min has its whole band above it: no count.
TEST(RespirationCount, TheBandStopsAtTheBeatSeriesNyquistMargin) {
  Series s;
  for (int k = 0;; ++k) {
    const double t = k * 1.5 + 0.02 * std::sin(1.3 * k);  // 40 /min
    if (t > 130.0) break;
    s.t_s.push_back(t);
    s.values.push_back(std::sin(2.0 * std::numbers::pi * 0.25 * t));
  }
  EXPECT_NEAR(count_respiration_rate(s.t_s, s.values, kTEndS, 15.0, window_config()), 15.0, 0.3);
  EXPECT_TRUE(std::isnan(count_respiration_rate(s.t_s, s.values, kTEndS, 28.0, window_config())));
}

// A series on another clock (a beat channel counting from its own origin) is counted over the
// same window when its clock offset is given.
TEST(RespirationCount, ASeriesOnItsOwnClockIsCountedOverTheSameWindow) {
  // 13.4 /min at 60 s rising to 14.9 /min at 120 s (and 15.8 at 157 s).
  const auto wave = [](double t) {
    return std::sin(2.0 * std::numbers::pi * (0.2 * t + 0.0002 * t * t));
  };
  const Series s = beat_sampled(wave, 200.0);
  constexpr double kOriginS = 37.0;  // the channel started 37 s into the session
  Series shifted = s;
  for (double& t : shifted.t_s) t -= kOriginS;
  RespirationRate estimate;
  estimate.rate_bpm = 14.0;
  estimate.peak_count = 1;
  estimate.peaks[0] = {14.0, 0.8};
  const CountSeries same[] = {{&estimate, s.t_s, s.values, 0.0}};
  const CountSeries own[] = {{&estimate, shifted.t_s, shifted.values, kOriginS}};
  const double on_session_clock = refine_rate_by_count(kTEndS, 14.0, same, window_config());
  EXPECT_NEAR(on_session_clock, 14.2, 0.3);  // 60 / the mean cycle over 60-120 s
  EXPECT_NEAR(refine_rate_by_count(kTEndS, 14.0, own, window_config()), on_session_clock, 1e-9);
  // Without the offset the window would be 97-157 s of the chirp: ~15 /min.
  const CountSeries wrong[] = {{&estimate, shifted.t_s, shifted.values, 0.0}};
  EXPECT_GT(refine_rate_by_count(kTEndS, 14.0, wrong, window_config()) - on_session_clock, 0.5);
}

TEST(RespirationCount, StreamingMethodEqualsTheFunction) {
  const Series s = beat_sampled([](double t) { return std::sin(2.0 * std::numbers::pi * 0.2 * t); });
  BeatSeriesRate live(window_config());
  for (std::size_t i = 0; i < s.t_s.size(); ++i) {
    live.push(s.t_s[i], s.values[i]);
    if (s.t_s[i] < kTEndS) continue;
    const double batch = count_respiration_rate(s.t_s, s.values, s.t_s[i], 12.0, window_config());
    EXPECT_NEAR(live.count_rate(s.t_s[i], 12.0, CycleCountConfig{}), batch, 1e-12);
    EXPECT_NEAR(batch, 12.0, 0.05);
  }
}

}  // namespace
}  // namespace resonant::dsp
