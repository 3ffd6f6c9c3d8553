// Golden test on a real simultaneous ECG + PPG recording: NeuroKit2's resting example
// (../shared/data/neurokit/bio_resting_5min_100hz.csv, 5 min at 100 Hz). No beat labels exist,
// so the two detectors check each other: every PPG pulse follows an R peak by a pulse arrival
// time (PAT) of 100-500 ms. Skipped with a message when the shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::dsp {
namespace {

constexpr double kFs = 100.0;
constexpr double kMinPatS = 0.100;
constexpr double kMaxPatS = 0.500;

TEST(NeurokitGolden, PpgPulsesFollowEcgBeats) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  const auto table = testing::read_whole_record_at(csv, kFs);
  const auto& ecg = table.channel("ECG");
  const auto& ppg = table.channel("PPG");
  ASSERT_EQ(ecg.size(), 30000u);

  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = kFs;
  PpgDetectorConfig ppg_config;
  ppg_config.sample_rate_hz = kFs;
  const auto r = test::times_s(detect_ecg_beats(ecg, ecg_config), kFs);
  const auto p = test::times_s(detect_ppg_beats(ppg, ppg_config), kFs);
  const double end_s = static_cast<double>(ecg.size()) / kFs;

  // ECG side: beats whose PAT window lies inside the recording, with exactly one pulse in it.
  std::size_t scored = 0, exactly_one = 0;
  std::vector<double> pat_s;
  // Pulse interval minus RR interval, for consecutive R peaks that each have exactly one pulse.
  std::vector<double> interval_error_ms;
  double previous_r = -1.0, previous_q = -1.0;
  for (const double t : r) {
    if (t + kMaxPatS > end_s) continue;
    ++scored;
    std::size_t count = 0;
    double pat = 0.0;
    for (const double q : p) {
      if (q > t + kMinPatS && q <= t + kMaxPatS) {
        ++count;
        pat = q - t;
      }
    }
    if (count == 1) {
      ++exactly_one;
      pat_s.push_back(pat);
      if (previous_r >= 0.0) {
        interval_error_ms.push_back(1e3 * ((t + pat - previous_q) - (t - previous_r)));
      }
      previous_r = t;
      previous_q = t + pat;
    } else {
      previous_r = -1.0;
    }
  }
  // PPG side: pulses with an R peak 100-500 ms before them.
  std::size_t explained = 0, pulses = 0;
  for (const double q : p) {
    if (q < kMaxPatS) continue;  // its R peak could precede the recording
    ++pulses;
    for (const double t : r) {
      if (q > t + kMinPatS && q <= t + kMaxPatS) {
        ++explained;
        break;
      }
    }
  }
  double mean = 0.0;
  for (const double x : pat_s) mean += x;
  mean /= static_cast<double>(pat_s.size());
  double var = 0.0;
  for (const double x : pat_s) var += (x - mean) * (x - mean);
  const double sd = std::sqrt(var / static_cast<double>(pat_s.size() - 1));
  const double agreement_pct = 100.0 * static_cast<double>(exactly_one) / static_cast<double>(scored);
  const double explained_pct = 100.0 * static_cast<double>(explained) / static_cast<double>(pulses);
  std::printf("[ neurokit ] ECG beats %zu, PPG pulses %zu; ECG beats with exactly one pulse "
              "%.2f %% (%zu/%zu); pulses after an R peak %.2f %% (%zu/%zu); PAT %.0f +- %.0f ms\n",
              r.size(), p.size(), agreement_pct, exactly_one, scored, explained_pct, explained,
              pulses, mean * 1e3, sd * 1e3);
  const double median_ms = test::percentile_abs(interval_error_ms, 50.0);
  const double p90_ms = test::percentile_abs(interval_error_ms, 90.0);
  std::printf("[ neurokit ] pulse interval - RR interval over %zu pairs: median |error| %.2f ms, "
              "90th percentile %.2f ms\n", interval_error_ms.size(), median_ms, p90_ms);
  ::testing::Test::RecordProperty("agreement_pct", std::to_string(agreement_pct));
  // Measured 98.85 % and 99.07 %: the misses are ECG artifacts (a few noisy seconds around
  // 176 s, 218 s and 258 s), where no detector can be right on both channels.
  EXPECT_GE(agreement_pct, 98.0);
  EXPECT_GE(explained_pct, 98.0);
  EXPECT_GT(r.size(), 400u);  // ~86 bpm for 5 min
  // Pulse intervals are not RR intervals (the pulse arrival time varies with breathing and blood
  // pressure), but they follow them closely at rest. Measured 2026-11-24: median 3.13 ms, 90th
  // percentile 25.59 ms (before the +-30 ms timing refinement: 3.14 / 25.68 ms; 100 Hz sampling
  // gives the PPG little noise to average, so the gain is at higher rates, ppg_fast_golden).
  // A regression guard: the old figures pass it too.
  EXPECT_LT(median_ms, 5.0);
  EXPECT_LT(p90_ms, 30.0);
}

}  // namespace
}  // namespace resonant::dsp
