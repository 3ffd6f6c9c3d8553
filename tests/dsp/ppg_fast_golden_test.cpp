// Golden test of the PPG detector at a fast heart rate: Challenge 2015 a103l (ICU, ECG II +
// finger pleth at 250 Hz, ~126 /min, pulse volume changing with breathing). No beat labels
// exist, so the ECG detector (offline Se 99.76 %, +P 99.78 % on MIT-BIH) is the reference:
// each R peak is followed by its pulse one pulse arrival time (PAT) later. Skipped with a
// message when the shared data set is absent.
//
// At this rate the PAT (~0.58 s) is longer than an RR interval (~0.48 s), so a pulse is matched
// to the R peak one PAT before it, not to the R peak just before it. The PAT is the most common
// lag between a pulse and an earlier R peak within 0.2-0.8 s (a finger PAT; the lag to the next
// R peak, PAT - RR ~0.1 s, is physiologically too short and falls outside).
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::dsp {
namespace {

constexpr double kFs = 250.0;
constexpr double kMinPatS = 0.2;
constexpr double kMaxPatS = 0.8;
constexpr double kPatBinS = 0.01;
// Half the match window: under half an RR interval (0.48 s), so a pulse matches one R peak.
constexpr double kToleranceS = 0.15;

// Scored where both channels hold a signal (looked at on plots of the whole record): the ECG is
// noise from 262 to 308 s (the false asystole alarm's cause), the pleth is saturated or flat at
// 163-180 s, 255-262 s and 313-320 s, and the first 5 s let both detectors settle.
constexpr std::array<std::pair<double, double>, 3> kScoredS{{{5.0, 160.0}, {180.0, 255.0},
                                                             {320.0, 330.0}}};

bool scored(double t_s) {
  return std::any_of(kScoredS.begin(), kScoredS.end(),
                     [&](const auto& span) { return t_s >= span.first && t_s < span.second; });
}

bool has_within(const std::vector<double>& times_s, double t_s) {
  return std::any_of(times_s.begin(), times_s.end(),
                     [&](double x) { return std::abs(x - t_s) < kToleranceS; });
}

std::optional<double> pulse_near(const std::vector<double>& times_s, double t_s) {
  for (const double x : times_s) {
    if (std::abs(x - t_s) < kToleranceS) return x;
  }
  return std::nullopt;
}

double most_common_pat_s(const std::vector<double>& r_s, const std::vector<double>& p_s) {
  std::vector<int> bins(static_cast<std::size_t>(std::lround((kMaxPatS - kMinPatS) / kPatBinS)));
  for (const double q : p_s) {
    for (const double t : r_s) {
      const double lag = q - t;
      if (lag < kMinPatS || lag >= kMaxPatS) continue;
      ++bins[std::min(bins.size() - 1, static_cast<std::size_t>((lag - kMinPatS) / kPatBinS))];
    }
  }
  const auto mode = static_cast<double>(std::max_element(bins.begin(), bins.end()) - bins.begin());
  return kMinPatS + (mode + 0.5) * kPatBinS;
}

TEST(PpgFastGolden, PulsesAt126PerMinuteFollowTheEcg) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "challenge2015/a103l.hea");
  const auto record = testing::read_whole_record(hea);
  ASSERT_EQ(record.sample_rate_hz("PLETH"), kFs);
  ASSERT_EQ(record.sample_rate_hz("II"), kFs);
  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = kFs;
  PpgDetectorConfig ppg_config;
  ppg_config.sample_rate_hz = kFs;
  const auto r = test::times_s(detect_ecg_beats(record.channel("II"), ecg_config), kFs);
  const auto p = test::times_s(detect_ppg_beats(record.channel("PLETH"), ppg_config), kFs);

  const double pat_s = most_common_pat_s(r, p);
  std::size_t beats = 0, found = 0;
  std::vector<double> expected_s;
  for (const double t : r) expected_s.push_back(t + pat_s);
  for (const double e : expected_s) {
    if (!scored(e)) continue;
    ++beats;
    found += has_within(p, e) ? 1 : 0;
  }
  // Pulse interval minus RR interval, for consecutive R peaks in the scored spans whose pulses
  // were both found.
  std::vector<double> interval_error_ms;
  for (std::size_t k = 1; k < expected_s.size(); ++k) {
    if (!scored(expected_s[k - 1]) || !scored(expected_s[k])) continue;
    const auto previous = pulse_near(p, expected_s[k - 1]);
    const auto next = pulse_near(p, expected_s[k]);
    if (!previous || !next) continue;
    interval_error_ms.push_back(1e3 * ((*next - *previous) - (r[k] - r[k - 1])));
  }
  std::size_t pulses = 0, explained = 0;
  for (const double q : p) {
    if (!scored(q)) continue;
    ++pulses;
    explained += has_within(expected_s, q) ? 1 : 0;
  }
  ASSERT_GT(beats, 450u);
  const double sensitivity_pct = 100.0 * static_cast<double>(found) / static_cast<double>(beats);
  const double predictivity_pct =
      100.0 * static_cast<double>(explained) / static_cast<double>(pulses);
  std::printf("[ ppg fast ] a103l PLETH, %zu R peaks scored, PAT %.3f s: pulses found %.2f %% "
              "(%zu missed), pulses explained by an R peak %.2f %% (%zu of %zu extra)\n",
              beats, pat_s, sensitivity_pct, beats - found, predictivity_pct, pulses - explained,
              pulses);
  const double median_ms = test::percentile_abs(interval_error_ms, 50.0);
  const double p90_ms = test::percentile_abs(interval_error_ms, 90.0);
  std::printf("[ ppg fast ] pulse interval - RR interval over %zu pairs: median |error| %.2f ms, "
              "90th percentile %.2f ms\n", interval_error_ms.size(), median_ms, p90_ms);
  // Measured 2026-11-24: median 2.97 ms, 90th percentile 18.99 ms; before the +-30 ms timing
  // refinement (the pulse time on a 3-sample kernel) 5.26 / 15.22 ms. By span: 5-160 s 4.37 /
  // 10.35 -> 2.16 / 5.83 ms; 180-255 s, where the pulses rise to a shoulder and a plateau
  // (a late systolic wave) and no peak is well defined, 11.6 / 27.9 -> 13.6 / 39.2 ms.
  EXPECT_LT(median_ms, 4.0);
  EXPECT_LT(p90_ms, 25.0);
  // Physiology: a finger PAT at rest in an adult, not the lag to the next R peak.
  EXPECT_NEAR(pat_s, 0.58, 0.05);
  // Measured 96.04 % / 99.79 % (95.84 % before the timing refinement moved pulse times). With
  // Elgendi's fixed 0.667 s beat window: 77.82 % (112 missed) / 99.75 %; a smaller pulse after a
  // larger one made no block (dsp/README.md, "PPG").
  EXPECT_GE(sensitivity_pct, 94.0);
  EXPECT_GE(predictivity_pct, 99.0);
}

}  // namespace
}  // namespace resonant::dsp
