// Properties of the PPG pulse detector on synthetic PPG with known systolic peak times.
#include <resonant/dsp/ppg_beat_detector.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"

namespace resonant::dsp {
namespace {

using test::beat_times;
using test::match_beats;
using test::synthetic_ppg;
using test::times_s;

constexpr double kDurationS = 60.0;
// MA_beat (W2 = 667 ms) must fill after reset before any block can open: pulses earlier than
// this are not scored.
constexpr double kWarmUpS = 1.0;

// Pulses from 0.35 s on, RR +- 7 % at 0.1 Hz; the signal ends 0.45 s after the last pulse, so
// there is no pulse-free stretch (Elgendi's relative thresholds would find "pulses" in noise).
test::SyntheticSignal make_ppg(double fs, double mean_rr_s = 0.85, double duration_s = kDurationS,
                               double modulation = 0.07) {
  const auto t = beat_times(0.35, duration_s, [=](std::size_t, double now) {
    return mean_rr_s * (1.0 + modulation * std::sin(2.0 * std::numbers::pi * 0.1 * now));
  });
  return synthetic_ppg(t, fs, t.back() + 0.45);
}

PpgDetectorConfig config_at(double fs) {
  PpgDetectorConfig c;
  c.sample_rate_hz = fs;
  return c;
}

test::MatchResult score(const test::SyntheticSignal& ppg, const std::vector<DetectedBeat>& beats,
                        double fs, double from_s = kWarmUpS) {
  return match_beats(ppg.peak_times_s, times_s(beats, fs), 0.150, from_s);
}

// Every pulse after the warm-up found once, nothing else (EC57 150 ms window).
void expect_all_pulses_found(const test::SyntheticSignal& ppg,
                             const std::vector<DetectedBeat>& beats, double fs, const char* what) {
  const auto m = score(ppg, beats, fs);
  EXPECT_EQ(m.false_negatives, 0u) << what << ": missed pulses";
  EXPECT_EQ(m.false_positives, 0u) << what << ": extra pulses";
  EXPECT_GT(m.true_positives, 0u) << what;
}

// Timing errors of consecutive matched pulses: what an interval gains or loses (s).
std::vector<double> interval_errors_s(const test::MatchResult& m) {
  std::vector<double> out;
  for (std::size_t i = 1; i < m.errors_s.size(); ++i) {
    out.push_back(m.errors_s[i] - m.errors_s[i - 1]);
  }
  return out;
}

double rms(const std::vector<double>& x) {
  double sum = 0.0;
  for (const double v : x) sum += v * v;
  return x.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(x.size()));
}

double max_abs(const std::vector<double>& x) {
  double m = 0.0;
  for (const double v : x) m = std::max(m, std::abs(v));
  return m;
}

class PpgTiming : public ::testing::TestWithParam<double> {};

// The pulse time is the maximum of the PPG smoothed over +-30 ms (ppg_detector_core.cpp). On
// this asymmetric pulse (rise sd 70 ms, fall sd 120 ms) that lies a few ms after the raw
// maximum, by the same amount for every pulse, so intervals are exact to a small fraction of a
// sample; the time itself is within one sample or 10 ms of the raw maximum.
TEST_P(PpgTiming, IntervalsExactAndPeakTimesClose) {
  const double fs = GetParam();
  const auto ppg = make_ppg(fs);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "clean");
  const auto m = score(ppg, beats, fs);
  const double worst_interval_s = max_abs(interval_errors_s(m));
  EXPECT_LT(worst_interval_s, 0.1 / fs) << "largest interval error at " << fs << " Hz";
  EXPECT_LT(m.max_abs_error_s(), std::max(1.0 / fs, 0.010))
      << "largest |detected - true peak| at " << fs << " Hz";
  std::printf("[ ppg timing ] fs %.0f Hz: %zu pulses, max |error| %.3f ms (%.2f samples), "
              "max interval error %.3f ms (%.3f samples)\n",
              fs, ppg.peak_times_s.size(), m.max_abs_error_s() * 1e3, m.max_abs_error_s() * fs,
              worst_interval_s * 1e3, worst_interval_s * fs);
}

// Sensor noise on a rounded systolic peak: 2 % of the pulse amplitude, broadband (at 1000 Hz
// about 6 counts of a 12-bit ADC on a 300-count pulse, as in the BioSPPy example recording).
// The pulse intervals must stay within a few ms of the true ones at every rate. Measured
// 2026-11-24: RMS 2.59 / 2.87 / 2.56 / 2.58 / 1.37 ms at 25 / 100 / 125 / 250 / 1000 Hz; with the
// light kernel alone (before the +-30 ms refinement) 4.80 / 6.83 / 7.80 / 8.33 / 5.37 ms.
TEST_P(PpgTiming, SensorNoiseBarelyMovesIntervals) {
  const double fs = GetParam();
  auto ppg = make_ppg(fs);
  test::add_white_noise(ppg.samples, 0.02, 4321);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "noise");
  const auto errors = interval_errors_s(score(ppg, beats, fs));
  std::printf("[ ppg timing noise ] fs %.0f Hz, noise 2 %%: interval error RMS %.2f ms, "
              "max %.2f ms\n", fs, rms(errors) * 1e3, max_abs(errors) * 1e3);
  EXPECT_LT(rms(errors), 0.004);
}

INSTANTIATE_TEST_SUITE_P(SampleRates, PpgTiming, ::testing::Values(25.0, 100.0, 125.0, 250.0, 1000.0),
                         [](const auto& param_info) {
                           return std::to_string(static_cast<int>(param_info.param)) + "Hz";
                         });

TEST(PpgBeatDetector, BaselineWanderNeitherAddsNorLosesPulses) {
  // Wander as large as the pulse (1 au at 0.3 Hz, breathing-driven intensity change).
  const double fs = 100.0;
  auto ppg = make_ppg(fs);
  test::add_baseline_wander(ppg.samples, fs, 1.0, 0.3);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "wander");
  // The wander's slope shifts the maximum of pulse + wander itself (slope / curvature, up to
  // ~40 ms here); the detector reports that maximum.
  const auto m = score(ppg, beats, fs);
  std::printf("[ ppg wander ] max |error| vs the pulse-only peak %.1f ms\n",
              m.max_abs_error_s() * 1e3);
  EXPECT_LT(m.max_abs_error_s(), 0.060);
}

TEST(PpgBeatDetector, AmplitudeStepsNeitherAddNorLosePulses) {
  const double fs = 125.0;
  auto ppg = make_ppg(fs);
  for (std::size_t i = 0; i < ppg.samples.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    ppg.samples[i] *= static_cast<float>(t < 20.0 ? 1.0 : (t < 40.0 ? 0.3 : 3.0));
  }
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "amplitude steps");
  EXPECT_LT(score(ppg, beats, fs).max_abs_error_s(), 1.0 / fs);
}

TEST(PpgBeatDetector, WhiteNoiseAtRealisticSnr) {
  // 2 % of the pulse amplitude, broadband (a clean fingertip sensor is better than this).
  const double fs = 100.0;
  auto ppg = make_ppg(fs);
  test::add_white_noise(ppg.samples, 0.02, 4321);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "noise");
  const auto m = score(ppg, beats, fs);
  std::printf("[ ppg noise ] 2 %%: max |error| %.1f ms\n", m.max_abs_error_s() * 1e3);
  EXPECT_LT(m.max_abs_error_s(), 2.0 / fs) << "a rounded peak under noise: within 2 samples";
}

class PpgHeartRate : public ::testing::TestWithParam<double> {};

TEST_P(PpgHeartRate, EveryPulseFoundFrom40To180Bpm) {
  const double bpm = GetParam();
  const double fs = 100.0;
  const auto ppg = make_ppg(fs, 60.0 / bpm);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  expect_all_pulses_found(ppg, beats, fs, "heart rate");
  EXPECT_LT(score(ppg, beats, fs).max_abs_error_s(), 1.0 / fs);
}

INSTANTIATE_TEST_SUITE_P(Rates, PpgHeartRate, ::testing::Values(40.0, 60.0, 90.0, 120.0, 150.0, 180.0),
                         [](const auto& param_info) {
                           return std::to_string(static_cast<int>(param_info.param)) + "bpm";
                         });

// Above 90 /min Elgendi's fixed 0.667 s beat window spans more than one beat, so MA_beat swings
// with every second pulse: a smaller pulse after a larger one left a block shorter than W1, or
// none (Challenge 2015 a103l, 126 /min, pulse volume changing by up to x2 from one pulse to the
// next with breathing at ~28 /min: 22 % of its pulses lost). Here the pulse volume follows
// breathing at 28 /min, x(1 +- 0.45): consecutive pulses differ by up to x1.8.
class PpgFastModulated : public ::testing::TestWithParam<double> {};

TEST_P(PpgFastModulated, EveryPulseFound) {
  const double bpm = GetParam();
  const double fs = 125.0;
  const double breath_hz = 28.0 / 60.0;
  const auto t = beat_times(0.35, kDurationS, [=](std::size_t, double) { return 60.0 / bpm; });
  const auto ppg = synthetic_ppg(t, fs, t.back() + 0.45, [&](std::size_t k) {
    return 1.0 + 0.45 * std::sin(2.0 * std::numbers::pi * breath_hz * t[k]);
  });
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  // The heart period is learnt from the first pulse intervals: the warm-up (0.667 s), then
  // four pulses found, which the fixed window may make one in two, plus the report latency.
  // Until then a pulse may be missed, so scoring starts there.
  const double period_learnt_s = 0.667 + 8.0 * 60.0 / bpm + 0.5;
  const auto m = score(ppg, beats, fs, period_learnt_s);
  EXPECT_EQ(m.false_negatives, 0u) << "missed pulses";
  EXPECT_EQ(m.false_positives, 0u) << "extra pulses";
  EXPECT_GT(m.true_positives, static_cast<std::size_t>(0.9 * bpm * (kDurationS - 3.0) / 60.0));
  EXPECT_LT(m.max_abs_error_s(), 1.0 / fs);
}

INSTANTIATE_TEST_SUITE_P(Rates, PpgFastModulated, ::testing::Values(100.0, 126.0, 150.0, 180.0),
                         [](const auto& param_info) {
                           return std::to_string(static_cast<int>(param_info.param)) + "bpm";
                         });

// The beat window follows the second shortest of the last five pulse intervals. An extra
// "pulse" splits an interval in two shorter ones, so extras (motion spikes mid-cycle) shorten
// it, to about half a period at 80 /min; it lengthens again four pulses after they stop. The
// risk: a short window at a resting rate lets the dicrotic wave open blocks, whose short
// intervals keep the window short. Scored from 30 s: no extra and no missed pulse, also with a
// dicrotic peak 0.45 x the pulse. (A window forced never to lengthen again also passes here,
// measured 2026-11-23: on these pulses a short window does not make dicrotic waves pulses; the
// test guards that outcome, not the lengthening.)
void add_bump(std::vector<float>& x, double fs, double t_s, double amplitude, double sd_s) {
  const auto first = static_cast<std::size_t>(std::max(0.0, (t_s - 5.0 * sd_s) * fs));
  const auto last = std::min(x.size(), static_cast<std::size_t>((t_s + 5.0 * sd_s) * fs) + 1);
  for (std::size_t i = first; i < last; ++i) {
    const double dt = static_cast<double>(i) / fs - t_s;
    x[i] += static_cast<float>(amplitude * std::exp(-0.5 * dt * dt / (sd_s * sd_s)));
  }
}

struct ExtrasCase {
  double bpm;
  double spike_after_peak_s;  // where the motion spikes fall in the cycle
  double dicrotic;            // an extra dicrotic peak 0.3 s after each systolic peak, x pulse
};

class PpgExtras : public ::testing::TestWithParam<ExtrasCase> {};

TEST_P(PpgExtras, DoNotKeepTheBeatWindowShort) {
  const auto c = GetParam();
  const double fs = 100.0;
  auto ppg = make_ppg(fs, 60.0 / c.bpm, kDurationS, 0.0);
  std::size_t spikes = 0;
  for (const double p : ppg.peak_times_s) {
    if (c.dicrotic > 0.0) add_bump(ppg.samples, fs, p + 0.3, c.dicrotic, 0.04);
    if (p < 15.0 || p > 25.0) continue;
    ++spikes;
    add_bump(ppg.samples, fs, p + c.spike_after_peak_s, 1.2, 0.04);
  }
  ASSERT_GE(spikes, 8u);
  const auto beats = detect_ppg_beats(ppg.samples, config_at(fs));
  // The premise: the spikes did become pulses, so the beat window was shortened.
  std::size_t during = 0, pulses_during = 0;
  for (const double b : times_s(beats, fs)) during += b >= 15.0 && b < 26.0 ? 1 : 0;
  for (const double p : ppg.peak_times_s) pulses_during += p >= 15.0 && p < 26.0 ? 1 : 0;
  ASSERT_GE(during, pulses_during + spikes / 2) << "the spikes were not taken for pulses";
  const auto m = score(ppg, beats, fs, 30.0);
  EXPECT_EQ(m.false_negatives, 0u) << "pulses missed after the spikes stopped";
  EXPECT_EQ(m.false_positives, 0u) << "extra pulses after the spikes stopped";
  EXPECT_GT(m.true_positives, static_cast<std::size_t>(0.9 * c.bpm * 0.5));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PpgExtras,
    ::testing::Values(ExtrasCase{50.0, 0.55, 0.0}, ExtrasCase{80.0, 0.37, 0.0},
                      ExtrasCase{80.0, 0.37, 0.45}),
    [](const auto& param_info) {
      return std::to_string(static_cast<int>(param_info.param.bpm)) + "bpm" +
             (param_info.param.dicrotic > 0.0 ? "Dicrotic" : "");
    });

TEST(PpgBeatDetector, StreamingEqualsBatch) {
  const double fs = 125.0;
  auto ppg = make_ppg(fs, 0.6);  // 100 /min +- 7 %: the beat window follows the period
  test::add_white_noise(ppg.samples, 0.01, 11);
  test::add_baseline_wander(ppg.samples, fs, 0.5, 0.25);
  const auto batch = detect_ppg_beats(ppg.samples, config_at(fs));
  PpgBeatDetector detector(config_at(fs));
  const auto stream = test::run_streaming(detector, ppg.samples);
  ASSERT_EQ(batch.size(), stream.size());
  ASSERT_GT(stream.size(), 60u);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    EXPECT_EQ(batch[i].sample_index, stream[i].beat.sample_index) << "pulse " << i;
    EXPECT_EQ(batch[i].amplitude, stream[i].beat.amplitude) << "pulse " << i;
  }
}

TEST(PpgBeatDetector, ReportsComeWithinTheStatedLatency) {
  for (const double fs : {25.0, 100.0, 125.0, 500.0}) {
    for (const double bpm : {40.0, 75.0, 180.0}) {
      SCOPED_TRACE(::testing::Message() << fs << " Hz, " << bpm << " bpm");
      auto ppg = make_ppg(fs, 60.0 / bpm);
      test::add_white_noise(ppg.samples, 0.02, 3);
      PpgBeatDetector detector(config_at(fs));
      const auto beats = test::run_streaming(detector, ppg.samples);
      ASSERT_GT(beats.size(), static_cast<std::size_t>(0.9 * bpm));
      double worst_s = 0.0;
      for (const auto& b : beats) {
        const double delay_s = (static_cast<double>(b.reported_at) - b.beat.sample_index) / fs;
        EXPECT_GE(delay_s, 0.0);
        EXPECT_LE(delay_s, detector.latency_s());
        worst_s = std::max(worst_s, delay_s);
      }
      std::printf("[ ppg latency ] fs %4.0f Hz %3.0f bpm: bound %.3f s, worst measured %.3f s\n",
                  fs, bpm, detector.latency_s(), worst_s);
    }
  }
}

TEST(PpgBeatDetector, ResetAfterAGapStartsAfresh) {
  const double fs = 100.0;
  auto a = make_ppg(fs, 0.45, 30.0).samples;  // 133 /min: the beat window follows the period
  const auto b = make_ppg(fs, 1.1, 30.0);
  for (float& v : a) v = 40.0f * v + 2000.0f;  // other gain and offset (raw ADC) before the gap
  PpgBeatDetector detector(config_at(fs));
  (void)test::run_streaming(detector, a);
  detector.reset();
  EXPECT_EQ(detector.samples_pushed(), 0);
  const auto after_reset = test::run_streaming(detector, b.samples);
  PpgBeatDetector fresh(config_at(fs));
  const auto from_fresh = test::run_streaming(fresh, b.samples);
  ASSERT_EQ(after_reset.size(), from_fresh.size());
  for (std::size_t i = 0; i < after_reset.size(); ++i) {
    EXPECT_EQ(after_reset[i].beat.sample_index, from_fresh[i].beat.sample_index);
    EXPECT_EQ(after_reset[i].reported_at, from_fresh[i].reported_at);
  }
  std::vector<DetectedBeat> found;
  for (const auto& tb : after_reset) found.push_back(tb.beat);
  expect_all_pulses_found(b, found, fs, "after reset");
  EXPECT_LT(score(b, found, fs).max_abs_error_s(), 1.0 / fs);
}

TEST(PpgBeatDetector, FlatLineGivesNoPulses) {
  for (const float level : {0.0f, 2048.0f, -1.0f}) {
    const std::vector<float> flat(static_cast<std::size_t>(60 * 100), level);
    EXPECT_TRUE(detect_ppg_beats(flat, config_at(100.0)).empty()) << "level " << level;
  }
}

TEST(PpgBeatDetector, RejectsOutOfRangeConfiguration) {
  PpgDetectorConfig c;
  c.sample_rate_hz = 10.0;
  EXPECT_THROW(PpgBeatDetector{c}, std::invalid_argument);
  c = {};
  c.min_interval_s = 0.1;
  EXPECT_THROW(PpgBeatDetector{c}, std::invalid_argument);
}

}  // namespace
}  // namespace resonant::dsp
