// RSA, EDR, PPG-derived respiration and fusion on synthetic paced breathing (6 and 4.5 /min,
// the app's slow-breathing range, which no Mayer-wave heuristic may break), and the fusion rules.
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_rsa.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>

#include "beat_test_helpers.hpp"

namespace resonant::dsp {
namespace {

constexpr double kPi = std::numbers::pi;

// Beats whose instantaneous HR follows 65 + 5 sin(2 pi f t) bpm (RSA at the breathing rate).
std::vector<double> rsa_beat_times(double breath_hz, double duration_s) {
  std::vector<double> t{0.5};
  while (t.back() < duration_s - 1.0) {
    const double hr = 65.0 + 5.0 * std::sin(2.0 * kPi * breath_hz * t.back());
    t.push_back(t.back() + 60.0 / hr);
  }
  return t;
}

// Every surrogate and the fusion, streaming, on ECG and PPG whose beats carry RSA at rate_bpm
// and whose amplitudes (and PPG baseline) follow the same breath.
void check_paced_breathing(double rate_bpm) {
  const double fs = 250.0, duration = 240.0, f = rate_bpm / 60.0;
  const auto r_times = rsa_beat_times(f, duration);
  auto ecg = test::synthetic_ecg(r_times, fs, duration);
  std::vector<double> ppg_times;
  for (const double t : r_times) ppg_times.push_back(t + 0.25);
  auto ppg = test::synthetic_ppg(ppg_times, fs, duration);
  for (std::size_t i = 0; i < ecg.samples.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    const double breath = std::sin(2.0 * kPi * f * t);
    ecg.samples[i] = static_cast<float>(ecg.samples[i] * (1.0 + 0.15 * breath));  // axis / impedance
    ppg.samples[i] = static_cast<float>(ppg.samples[i] * (1.0 + 0.2 * breath) + 0.3 * breath);
  }
  test::add_white_noise(ecg.samples, 0.01, 1);
  test::add_white_noise(ppg.samples, 0.01, 2);

  EcgDetectorConfig ec;
  ec.sample_rate_hz = fs;
  const auto beats = detect_ecg_beats(ecg.samples, ec);
  PpgDetectorConfig pc;
  pc.sample_rate_hz = fs;
  const auto pulses = detect_ppg_beats(ppg.samples, pc);

  // Streaming forms, estimated every 5 s after the first minute.
  RsaRespiration rsa;
  EdrConfig edr_config;
  edr_config.sample_rate_hz = fs;
  EcgDerivedRespiration edr(edr_config);
  PpgRespirationConfig ppg_config;
  ppg_config.sample_rate_hz = fs;
  PpgDerivedRespiration ppg_resp(ppg_config);
  std::size_t next_beat = 0, next_pulse = 0;
  double worst = 0.0, worst_fused = 0.0, lowest_fused_quality = 1.0;
  int windows = 0;
  const auto step = static_cast<std::size_t>(5.0 * fs);
  for (std::size_t i = 0; i < ecg.samples.size(); ++i) {
    edr.push_sample(ecg.samples[i]);
    ppg_resp.push_sample(ppg.samples[i]);
    // Beats are handed over once their sample has been pushed (the detectors' latency is
    // irrelevant to the rate).
    while (next_beat < beats.size() && beats[next_beat].sample_index + 0.1 * fs <= static_cast<double>(i)) {
      edr.push_beat(beats[next_beat]);
      if (next_beat > 0) {
        const double rr = (beats[next_beat].sample_index - beats[next_beat - 1].sample_index) / fs;
        rsa.push({beats[next_beat].sample_index / fs, rr * 1000.0, false});
      }
      ++next_beat;
    }
    while (next_pulse < pulses.size() && pulses[next_pulse].sample_index + 0.2 * fs <= static_cast<double>(i)) {
      ppg_resp.push_pulse(pulses[next_pulse++]);
    }
    const double t = static_cast<double>(i) / fs;
    if (t < 70.0 || i % step != 0) continue;
    ++windows;
    const auto r = rsa.estimate(t);
    const auto e = edr.estimate(t);
    const auto p = ppg_resp.estimate(t);
    const SourcedRate all[] = {{RespirationSource::kRsa, r},
                               {RespirationSource::kEdrAmplitude, e.r_amplitude},
                               {RespirationSource::kEdrArea, e.qrs_area},
                               {RespirationSource::kPpgIntensity, p.intensity},
                               {RespirationSource::kPpgAmplitude, p.amplitude},
                               {RespirationSource::kPpgFrequency, p.frequency}};
    for (const SourcedRate& s : all) {
      ASSERT_TRUE(std::isfinite(s.rate.rate_bpm)) << to_string(s.source) << " at " << t;
      worst = std::max(worst, std::abs(s.rate.rate_bpm - rate_bpm));
      EXPECT_GT(s.rate.quality, 0.5) << to_string(s.source) << " at " << t;
    }
    const auto fused = fuse_respiration(std::nullopt, all);
    worst_fused = std::max(worst_fused, std::abs(fused.rate_bpm - rate_bpm));
    lowest_fused_quality = std::min(lowest_fused_quality, fused.quality);
    EXPECT_EQ(fused.source, RespirationSource::kFused);
  }
  std::printf("[ respiration ] synthetic paced %.1f/min (RSA 5 bpm, ECG x0.15, PPG x0.2 + baseline): "
              "%d windows, worst single-method error %.3f /min, fused %.3f /min (lowest quality %.2f)\n",
              rate_bpm, windows, worst, worst_fused, lowest_fused_quality);
  EXPECT_GT(windows, 30);
  EXPECT_LT(worst, 0.3);
  EXPECT_LT(worst_fused, 0.2);
}

TEST(RespirationSurrogates, PacedSixPerMinuteFromEcgAndPpg) { check_paced_breathing(6.0); }

// The slowest pacer rate the app offers: 0.075 Hz, 4.8 cycles in the 64 s window.
TEST(RespirationSurrogates, PacedFourPointFivePerMinuteFromEcgAndPpg) {
  check_paced_breathing(4.5);
}

TEST(RespirationSurrogates, SpectralRateOfASineAndOfNoise) {
  // 15 /min modulation sampled at 1 Hz "beats" for 64 s; then white noise.
  std::vector<double> t, v, noise;
  std::mt19937 rng(5);
  std::normal_distribution<double> n01(0.0, 1.0);
  for (double s = 0.0; s <= 64.0; s += 1.0 + 0.05 * n01(rng)) {
    t.push_back(s);
    v.push_back(std::sin(2.0 * kPi * 0.25 * s));
    noise.push_back(n01(rng));
  }
  const auto r = spectral_respiration_rate(t, v, t.back());
  EXPECT_NEAR(r.rate_bpm, 15.0, 0.3);
  EXPECT_GT(r.quality, 0.9);
  const auto q = spectral_respiration_rate(t, noise, t.back());
  std::printf("[ respiration ] spectral core: sine peak share %.2f, white noise %.2f (quality %.2f)\n",
              r.peak_share, q.peak_share, q.quality);
  EXPECT_LT(q.quality, 0.5);
  // Too few beats or too short a span: no estimate.
  const std::vector<double> few_t{0.0, 1.0, 2.0}, few_v{0.0, 1.0, 0.0};
  EXPECT_TRUE(std::isnan(spectral_respiration_rate(few_t, few_v, 2.0).rate_bpm));
}

SourcedRate est(RespirationSource s, double rate, double quality) {
  RespirationRate r;
  r.rate_bpm = rate;
  r.quality = quality;
  return {s, r};
}

TEST(RespirationFusion, GoodBeltOverrides) {
  RespirationRate belt;
  belt.rate_bpm = 6.0;
  belt.quality = 0.9;
  const SourcedRate others[] = {est(RespirationSource::kRsa, 12.0, 1.0)};
  const auto f = fuse_respiration(belt, others);
  EXPECT_EQ(f.source, RespirationSource::kBelt);
  EXPECT_DOUBLE_EQ(f.rate_bpm, 6.0);
}

TEST(RespirationFusion, AgreeingEstimatesAreAveragedByQuality) {
  const SourcedRate e[] = {est(RespirationSource::kRsa, 6.0, 1.0),
                           est(RespirationSource::kEdrAmplitude, 7.0, 0.5),
                           est(RespirationSource::kPpgAmplitude, 6.5, 0.5)};
  const auto f = fuse_respiration(std::nullopt, e);
  EXPECT_EQ(f.source, RespirationSource::kFused);
  EXPECT_EQ(f.used, 3u);
  EXPECT_NEAR(f.rate_bpm, (6.0 + 0.5 * 7.0 + 0.5 * 6.5) / 2.0, 1e-12);
  EXPECT_GT(f.quality, 0.5);
}

TEST(RespirationFusion, OneOutlierIsOutvotedAndDisagreementIsLowQuality) {
  const SourcedRate e[] = {est(RespirationSource::kRsa, 6.0, 0.8),
                           est(RespirationSource::kEdrAmplitude, 16.0, 0.8),
                           est(RespirationSource::kEdrArea, 16.5, 0.7),
                           est(RespirationSource::kPpgAmplitude, 15.5, 0.6)};
  const auto f = fuse_respiration(std::nullopt, e);
  EXPECT_NEAR(f.rate_bpm, 16.0, 0.3);
  EXPECT_EQ(f.used, 3u);
  const SourcedRate split[] = {est(RespirationSource::kRsa, 6.0, 0.8),
                               est(RespirationSource::kEdrAmplitude, 16.0, 0.7),
                               est(RespirationSource::kPpgAmplitude, 25.0, 0.6)};
  const auto g = fuse_respiration(std::nullopt, split);
  EXPECT_EQ(g.source, RespirationSource::kRsa);
  EXPECT_NEAR(g.quality, 0.8 * kDisagreementQuality, 1e-12);
  EXPECT_TRUE(std::isnan(fuse_respiration(std::nullopt, {}).rate_bpm));
}

// Shown only when clear: a belt the fusion takes as a measurement always passes (it does so
// from belt_min_quality); a poorer belt and estimates that disagree (quality x
// kDisagreementQuality) do not.
TEST(RespirationFusion, ARateIsShownOnlyWhenClear) {
  EXPECT_TRUE(breathing_rate_is_clear(15.0, kMinShownBreathingQuality));
  EXPECT_FALSE(breathing_rate_is_clear(15.0, std::nextafter(kMinShownBreathingQuality, 0.0)));
  EXPECT_FALSE(breathing_rate_is_clear(std::nan(""), 1.0));
  // A poor belt the fusion only votes with (below belt_min_quality) is judged like any
  // estimate, whatever source the fusion names.
  RespirationRate poor_belt;
  poor_belt.rate_bpm = 14.0;
  poor_belt.quality = 0.2;
  const auto voted = fuse_respiration(poor_belt, {});
  ASSERT_TRUE(std::isfinite(voted.rate_bpm));
  EXPECT_FALSE(breathing_rate_is_clear(voted.rate_bpm, voted.quality)) << "quality " << voted.quality;
  RespirationRate belt;
  belt.rate_bpm = 12.0;
  belt.quality = RespirationFusionConfig{}.belt_min_quality;
  const auto with_belt = fuse_respiration(belt, {});
  ASSERT_EQ(with_belt.source, RespirationSource::kBelt);
  EXPECT_TRUE(breathing_rate_is_clear(with_belt.rate_bpm, with_belt.quality));
  const SourcedRate split[] = {est(RespirationSource::kRsa, 6.0, 1.0),
                               est(RespirationSource::kEdrAmplitude, 16.0, 1.0),
                               est(RespirationSource::kPpgAmplitude, 25.0, 1.0)};
  const auto g = fuse_respiration(std::nullopt, split);
  EXPECT_TRUE(std::isfinite(g.rate_bpm));
  EXPECT_FALSE(breathing_rate_is_clear(g.rate_bpm, g.quality));
}

}  // namespace
}  // namespace resonant::dsp
