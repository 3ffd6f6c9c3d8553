// Skin conductance responses: synthetic responses of known onset, size and shape (Bateman
// function, as Benedek & Kaernbach 2010 model an SCR), drifts and noise that are not
// responses, gaps, and the NeuroKit event-related recording read by eye.
#include <resonant/dsp/skin_conductance.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::dsp {
namespace {

// Bateman shape: rise time constant 0.75 s, recovery 4 s; its peak comes
// tau_r tau_d / (tau_d - tau_r) ln(tau_d / tau_r) = 1.545 s after the onset.
constexpr double kRiseTauS = 0.75;
constexpr double kDecayTauS = 4.0;
const double kPeakAfterOnsetS =
    kRiseTauS * kDecayTauS / (kDecayTauS - kRiseTauS) * std::log(kDecayTauS / kRiseTauS);

double bateman(double t_s) {
  if (t_s <= 0.0) return 0.0;
  const auto raw = [](double t) { return std::exp(-t / kDecayTauS) - std::exp(-t / kRiseTauS); };
  return raw(t_s) / raw(kPeakAfterOnsetS);  // peak 1
}

struct Scr {
  double onset_s;
  double amplitude_us;
};

std::vector<float> synthetic_eda(double fs, double duration_s, double level_us,
                                 const std::vector<Scr>& responses, double noise_us = 0.0,
                                 double drift_us_per_s = 0.0) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, noise_us > 0.0 ? noise_us : 1.0);
  std::vector<float> x(static_cast<std::size_t>(duration_s * fs));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    double v = level_us + drift_us_per_s * t;
    for (const Scr& r : responses) v += r.amplitude_us * bateman(t - r.onset_s);
    if (noise_us > 0.0) v += noise(rng);
    x[i] = static_cast<float>(v);
  }
  return x;
}

SkinConductanceConfig at(double fs) {
  SkinConductanceConfig c;
  c.sample_rate_hz = fs;
  c.low_pass_hz = skin_conductance_low_pass_hz_for(fs);
  return c;
}

const std::vector<Scr> kFour = {{10.0, 0.02}, {25.0, 0.1}, {43.0, 0.5}, {70.0, 2.0}};

TEST(SkinConductance, FindsEachResponseWithItsOnsetPeakAndSize) {
  for (const double fs : {4.0, 5.0, 8.0, 32.0, 100.0, 1000.0}) {
    const auto found = detect_skin_conductance_responses(
        synthetic_eda(fs, 100.0, 5.0, kFour), at(fs));
    ASSERT_EQ(found.size(), kFour.size()) << fs << " Hz";
    for (std::size_t i = 0; i < kFour.size(); ++i) {
      // Onset: the Bateman's sharp start from a flat level turns the filtered level at once,
      // so the delay correction can put it up to 0.28 s early (the header says so); the
      // level leaves the trough's 0.005 µS band up to 0.2 s after the start of the smallest
      // (0.02 µS) one. One sample of timing on top.
      EXPECT_NEAR(found[i].onset_s, kFour[i].onset_s, 0.3 + 1.0 / fs) << fs << " Hz, " << i;
      EXPECT_LE(found[i].onset_s, kFour[i].onset_s + 0.2 + 1.0 / fs) << fs << " Hz, " << i;
      EXPECT_NEAR(found[i].peak_s, kFour[i].onset_s + kPeakAfterOnsetS, 0.1 + 1.0 / fs)
          << fs << " Hz, " << i;
      // Trough to peak of an isolated response on a flat level is its size; the 1 Hz low-pass
      // takes under 3 % off the peak of a 1.5 s rise.
      EXPECT_NEAR(found[i].amplitude_us, kFour[i].amplitude_us, 0.03 * kFour[i].amplitude_us)
          << fs << " Hz, " << i;
      // The level under it: 5 µS plus what is left of the earlier responses' recoveries.
      double level_us = 5.0;
      for (std::size_t j = 0; j < i; ++j) {
        level_us += kFour[j].amplitude_us * bateman(kFour[i].onset_s - kFour[j].onset_s);
      }
      EXPECT_NEAR(found[i].onset_level_us, level_us, 0.001) << fs << " Hz, " << i;
    }
  }
}

TEST(SkinConductance, ResponsesBelowTheScoringThresholdAreNotScored) {
  const auto found = detect_skin_conductance_responses(
      synthetic_eda(100.0, 60.0, 5.0, {{10.0, 0.008}, {30.0, 0.012}}), at(100.0));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].onset_s, 30.0, 0.3);
}

TEST(SkinConductance, AResponseOnTheRecoveryOfAnotherIsFoundFromItsOwnTrough) {
  // The second begins 3 s after the first, while the first still recovers.
  const auto found = detect_skin_conductance_responses(
      synthetic_eda(100.0, 40.0, 5.0, {{10.0, 1.0}, {13.0, 0.5}}), at(100.0));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NEAR(found[1].onset_s, 13.0, 0.3);
  // Trough to peak underestimates an overlapping response (the first's recovery continues
  // under it), as hand scoring does: between the recovery's fall and its own size.
  EXPECT_GT(found[1].amplitude_us, 0.25);
  EXPECT_LT(found[1].amplitude_us, 0.5);
}

TEST(SkinConductance, SlowDriftsAndNoiseAreNotResponses) {
  // A tonic rise of 0.1 µS/s for 60 s (6 µS: a rise longer than 5 s), and a fall.
  EXPECT_TRUE(detect_skin_conductance_responses(
                  synthetic_eda(100.0, 60.0, 2.0, {}, 0.0, 0.1), at(100.0))
                  .empty());
  EXPECT_TRUE(detect_skin_conductance_responses(
                  synthetic_eda(100.0, 60.0, 10.0, {}, 0.0, -0.1), at(100.0))
                  .empty());
  // White noise of 0.01 µS RMS at 100 Hz (well above a 16-bit EDA amplifier's) for 10 min:
  // the low-pass leaves ~0.0015 µS, far from the 0.01 µS threshold.
  EXPECT_TRUE(detect_skin_conductance_responses(
                  synthetic_eda(100.0, 600.0, 5.0, {}, 0.01), at(100.0))
                  .empty());
  // With that noise, the responses are still found.
  const auto noisy = detect_skin_conductance_responses(
      synthetic_eda(100.0, 100.0, 5.0, kFour, 0.01), at(100.0));
  ASSERT_EQ(noisy.size(), kFour.size());
  for (std::size_t i = 0; i < kFour.size(); ++i) {
    EXPECT_NEAR(noisy[i].onset_s, kFour[i].onset_s, 0.5) << i;
    // The trough is the noise's lowest point below the level: up to ~3 SD of the filtered
    // noise (0.0025 µS) on top.
    EXPECT_NEAR(noisy[i].amplitude_us, kFour[i].amplitude_us,
                0.03 * kFour[i].amplitude_us + 0.008) << i;
  }
}

// Arousal raises the level and brings responses: they still count on a rising level, their
// size measured from where they start (the level's own rise over their 1.5 s included), as
// long as the level turns down after each (its recovery outpaces the rise; the header says
// so). The level rises from the first sample, so the first response, whose start was never
// seen on a level that was not rising, is not scored.
TEST(SkinConductance, ResponsesOnARisingLevelStillCount) {
  const std::vector<std::pair<double, double>> drift_and_size = {
      {0.01, 0.1}, {0.02, 0.3}, {0.03, 0.3}, {0.05, 0.5}};
  for (const auto& [drift_us_per_s, size_us] : drift_and_size) {
    std::vector<Scr> every_15_s;
    for (double t = 10.0; t < 180.0; t += 15.0) every_15_s.push_back({t, size_us});
    const auto found = detect_skin_conductance_responses(
        synthetic_eda(100.0, 190.0, 5.0, every_15_s, 0.0, drift_us_per_s), at(100.0));
    SCOPED_TRACE(::testing::Message() << drift_us_per_s << " µS/s, " << size_us << " µS");
    ASSERT_EQ(found.size(), every_15_s.size() - 1);
    for (std::size_t i = 0; i < found.size(); ++i) {
      const double onset_s = every_15_s[i + 1].onset_s;
      EXPECT_NEAR(found[i].onset_s, onset_s, 0.2) << i;
      // The peak comes later on a rising level: where the recovery's fall meets the rise.
      EXPECT_NEAR(found[i].peak_s, onset_s + kPeakAfterOnsetS + 0.2, 0.2) << i;
      EXPECT_GT(found[i].amplitude_us, 0.97 * size_us) << i;
      EXPECT_LT(found[i].amplitude_us, size_us + drift_us_per_s * 2.5) << i;
    }
  }
  // Faster than a response recovers (0.05 µS/s under 0.3 µS): the level never turns down, the
  // responses merge into the rise, none is counted.
  std::vector<Scr> merged;
  for (double t = 10.0; t < 180.0; t += 15.0) merged.push_back({t, 0.3});
  EXPECT_TRUE(detect_skin_conductance_responses(
                  synthetic_eda(100.0, 190.0, 5.0, merged, 0.0, 0.05), at(100.0))
                  .empty());
}

// A slow tonic rise (7-12 s, smooth as a raised cosine, then a slow recovery) is no response,
// with or without the sensor noise every real signal carries: its slope never jumps.
TEST(SkinConductance, SmoothSlowRisesAreNotResponsesEvenWithNoise) {
  for (const double rise_s : {7.0, 8.0, 10.0, 12.0}) {
    for (const double noise_us : {0.0, 0.001, 0.005, 0.01}) {
      std::mt19937 rng(11);
      std::normal_distribution<double> noise(0.0, 1.0);
      constexpr double kFs = 100.0;
      std::vector<float> x;
      for (int cycle = 0; cycle < 3; ++cycle) {
        for (int i = 0; i < static_cast<int>(40.0 * kFs); ++i) {
          const double t = i / kFs - 5.0;  // 5 s flat, the rise, then recovery
          const double level =
              t < 0.0      ? 0.0
              : t < rise_s ? 0.25 * (1.0 - std::cos(std::numbers::pi * t / rise_s))
                           : 0.5 * std::exp(-(t - rise_s) / 10.0);
          x.push_back(static_cast<float>(5.0 + level + noise_us * noise(rng)));
        }
      }
      EXPECT_TRUE(detect_skin_conductance_responses(x, at(kFs)).empty())
          << rise_s << " s rise, noise " << noise_us << " µS";
    }
  }
}

// A level that starts rising after a flat stretch and later falls, with responses on it and
// noise: every response counts.
TEST(SkinConductance, ResponsesOnANoisyRiseThatStartsAndEnds) {
  constexpr double kFs = 100.0;
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0.0, 0.005);
  std::vector<Scr> responses;
  for (double t = 15.0; t < 120.0; t += 15.0) responses.push_back({t, 0.3});
  std::vector<float> x(static_cast<std::size_t>(130.0 * kFs));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / kFs;
    // Flat for 20 s, rising 0.02 µS/s to 80 s, then falling 0.01 µS/s.
    double level = 5.0 + (t < 20.0 ? 0.0 : t < 80.0 ? 0.02 * (t - 20.0)
                                                    : 1.2 - 0.01 * (t - 80.0));
    for (const Scr& r : responses) level += r.amplitude_us * bateman(t - r.onset_s);
    x[i] = static_cast<float>(level + noise(rng));
  }
  const auto found = detect_skin_conductance_responses(x, at(kFs));
  ASSERT_EQ(found.size(), responses.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    EXPECT_NEAR(found[i].onset_s, responses[i].onset_s, 0.35) << i;
    EXPECT_NEAR(found[i].amplitude_us, 0.3, 0.06) << i;
  }
}

// A response that pauses halfway (a plateau of 1 s) and rises on is one response from its
// trough, as hand scoring takes it.
TEST(SkinConductance, APlateauInsideARiseIsOneResponse) {
  std::vector<float> x(3000, 5.0f);
  for (std::size_t i = 1000; i < 3000; ++i) {
    const double t = static_cast<double>(i - 1000) / 100.0;  // from 10 s
    const double level = t < 0.8 ? 0.25 * t / 0.8 : t < 1.8 ? 0.25 : t < 2.6 ? 0.25 + 0.25 *
                         (t - 1.8) / 0.8 : 0.5 * std::exp(-(t - 2.6) / 4.0);
    x[i] = static_cast<float>(5.0 + level);
  }
  const auto found = detect_skin_conductance_responses(x, at(100.0));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].onset_s, 10.0, 0.3);
  EXPECT_NEAR(found[0].amplitude_us, 0.5, 0.03);
}

// A rise still going when the record ends has no confirmed peak: not scored.
TEST(SkinConductance, ARiseCutOffByTheEndIsNotScored) {
  EXPECT_TRUE(detect_skin_conductance_responses(
                  synthetic_eda(100.0, 11.0, 5.0, {{10.0, 1.0}}), at(100.0))
                  .empty());
}

TEST(SkinConductance, NoResponseSpansAGapOrAnElectrodeComingBack) {
  auto x = synthetic_eda(100.0, 100.0, 5.0, kFour);
  // A gap in the middle of the third response's rise (43.0-44.5 s).
  for (std::size_t i = 4350; i < 4400; ++i) x[i] = std::nanf("");
  // The electrode off (0 µS) from 50 to 55 s, then back on the level.
  for (std::size_t i = 5000; i < 5500; ++i) x[i] = 0.0f;
  const auto found = detect_skin_conductance_responses(x, at(100.0));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_NEAR(found[0].onset_s, 10.0, 0.3);
  EXPECT_NEAR(found[1].onset_s, 25.0, 0.3);
  EXPECT_NEAR(found[2].onset_s, 70.0, 0.3);
  SkinConductanceResponses streaming(at(100.0));
  for (const float v : x) streaming.push(v);
  EXPECT_NEAR(streaming.valid_s(), 100.0 - 0.5 - 5.0, 1e-9);
}

TEST(SkinConductance, TheStreamingFormReportsSoonAfterThePeak) {
  const auto x = synthetic_eda(100.0, 30.0, 5.0, {{10.0, 0.5}});
  SkinConductanceResponses detector(at(100.0));
  double reported_s = -1.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (detector.push(x[i])) reported_s = static_cast<double>(i) / 100.0;
  }
  ASSERT_GT(reported_s, 0.0);
  // Peak at 11.55 s; the filter delay (4 poles at 2.3 Hz: 4 / (2 pi 2.3) = 0.28 s) and the
  // fall to the hysteresis.
  EXPECT_NEAR(detector.filter_delay_s(), 4.0 / (2.0 * std::numbers::pi * 2.2992), 0.005);
  EXPECT_GT(reported_s, 10.0 + kPeakAfterOnsetS);
  EXPECT_LT(reported_s, 10.0 + kPeakAfterOnsetS + 1.0);
}

TEST(SkinConductance, RejectsAConfigOutsideItsRanges) {
  auto bad = [](auto edit) {
    SkinConductanceConfig c;
    edit(c);
    EXPECT_THROW(SkinConductanceResponses{c}, std::invalid_argument);
  };
  bad([](auto& c) { c.sample_rate_hz = 2.0; });
  bad([](auto& c) { c.low_pass_hz = 1.0, c.sample_rate_hz = 4.0; });
  // The highest cut-off a 4 Hz wristband allows: 1 Hz is too high for its 4 poles.
  EXPECT_LT(skin_conductance_low_pass_hz_for(4.0), 0.87);
  EXPECT_GT(skin_conductance_low_pass_hz_for(4.0), 0.85);
  EXPECT_DOUBLE_EQ(skin_conductance_low_pass_hz_for(100.0), 1.0);
  bad([](auto& c) { c.min_amplitude_us = 0.0; });
  bad([](auto& c) { c.hysteresis_us = 0.02; });
  bad([](auto& c) { c.min_rise_s = 6.0; });
  bad([](auto& c) { c.min_level_us = 200.0; });
}

// NeuroKit's event-related example (EDA in µS, 100 Hz; four pictures at 10.2, 49.6, 92.2 and
// 129.8 s). The reference is a reading by eye of the signal's 0.25 s means (awk, no shared
// code): every rise of at least 0.05 µS, its onset (the last mean before the rise) and its
// trough-to-peak size. Smaller rises (about 0.01-0.02 µS at 105.3 and 142.3 s) may or may not
// be scored.
TEST(SkinConductanceGolden, NeurokitEventRelatedMatchesAReadingByEye) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  const auto table = testing::read_whole_record_at(csv, 100.0);
  const auto found = detect_skin_conductance_responses(table.channel("EDA"), at(100.0));
  const std::vector<Scr> read = {{9.5, 0.225},   {13.0, 3.55},  {21.6, 0.96},  {26.0, 0.92},
                                 {45.3, 2.78},   {49.7, 0.117}, {63.0, 0.105}, {68.0, 2.63},
                                 {72.4, 0.056},  {118.1, 3.02}, {130.9, 1.64}, {145.2, 2.14}};
  for (const auto& r : found) {
    std::printf("[ scr ] onset %.2f s, peak %.2f s, %.3f µS\n", r.onset_s, r.peak_s,
                r.amplitude_us);
  }
  std::size_t matched = 0;
  for (const Scr& expected : read) {
    for (const auto& r : found) {
      if (std::abs(r.onset_s - expected.onset_s) > 0.2) continue;
      ++matched;
      // 0.25 s means against the 1 Hz filter's level: within a quarter of the size, or
      // 0.02 µS for a short rise, whose trough the means flatten.
      EXPECT_NEAR(r.amplitude_us, expected.amplitude_us,
                  std::max(0.25 * expected.amplitude_us, 0.02))
          << expected.onset_s;
      break;
    }
  }
  EXPECT_EQ(matched, read.size());
  // Nothing of 0.05 µS or more that the reading did not see.
  std::size_t large = 0;
  for (const auto& r : found) large += r.amplitude_us >= 0.05 ? 1 : 0;
  EXPECT_EQ(large, read.size());
  EXPECT_LE(found.size(), read.size() + 2);
}

}  // namespace
}  // namespace resonant::dsp
