// Signal quality on real recordings (../shared/data): MIT-BIH record 101 against its annotated
// noise episodes, the NeuroKit resting example (ECG, PPG, belt), which should be mostly
// good, and MIMIC 03700181's clean ICU ECG at 122 bpm, which is never noisy. Skipped with a
// message when the shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/records/annotations.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::dsp {
namespace {

constexpr int kNoiseCode = 14;  // '~': signal quality change; subtype bits say which signal
// WFDB convention for '~' subtypes: bits 0-3 = signals noisy, bits 4-7 = signals unreadable,
// -1 (1023 in the 10-bit field; records reads the field signed, as WFDB) = all unreadable,
// 0 = all clean again.
constexpr int kAllUnreadable = -1;

bool mlii_noisy(int subtype) {
  return subtype == kAllUnreadable || (subtype & 0x01) != 0 || (subtype & 0x10) != 0;
}

struct NoiseSpans {
  std::vector<std::pair<double, double>> spans;  // [start, end) in s where MLII is noisy
  bool contains(double t0, double t1) const {
    for (const auto& [a, b] : spans) {
      if (t0 >= a && t1 <= b) return true;
    }
    return false;
  }
  bool overlaps(double t0, double t1, double margin_s) const {
    for (const auto& [a, b] : spans) {
      if (t1 > a - margin_s && t0 < b + margin_s) return true;
    }
    return false;
  }
};

NoiseSpans noise_spans(const std::vector<records::Annotation>& annotations, double fs,
                       double end_s) {
  NoiseSpans out;
  double open = -1.0;
  for (const auto& a : annotations) {
    if (a.code != kNoiseCode) continue;
    EXPECT_EQ(a.symbol, '~');
    const double t = static_cast<double>(a.sample) / fs;
    const bool noisy = mlii_noisy(a.subtype);
    if (noisy && open < 0.0) open = t;
    if (!noisy && open >= 0.0) {
      out.spans.emplace_back(open, t);
      open = -1.0;
    }
  }
  if (open >= 0.0) out.spans.emplace_back(open, end_s);
  return out;
}

struct Separation {
  double noisy_mean = 0.0, clean_mean = 0.0;
  std::size_t noisy_n = 0, clean_n = 0;
  std::size_t noisy_below_good = 0, clean_below_good = 0;
};

Separation score_record(const std::string& name) {
  Separation s;
  const auto dat = testing::shared_data_file("mitdb/" + name + ".dat");
  const auto whole =
      testing::read_whole_record(std::filesystem::path(dat).replace_extension(".hea"));
  const double fs = whole.info.frame_rate_hz;
  const auto& mlii = whole.channels.at(0);
  const double end_s = static_cast<double>(mlii.size()) / fs;
  const auto spans = noise_spans(
      records::read_mit_annotations(std::filesystem::path(dat).replace_extension(".atr")), fs,
      end_s);
  EcgDetectorConfig ecg;
  ecg.sample_rate_hz = fs;
  const auto beats = test::times_s(detect_ecg_beats(mlii, ecg), fs);
  const auto quality =
      assess_signal_quality(mlii, beats, signal_quality_config(ChannelKind::kEcg, fs));
  for (const auto& q : quality) {
    const double t0 = q.t_s, t1 = q.t_s + 1.0;
    if (spans.contains(t0, t1)) {
      s.noisy_mean += q.score;
      ++s.noisy_n;
      s.noisy_below_good += q.level < QualityLevel::kGood ? 1 : 0;
      std::printf("[ sqi mitdb %s ] noisy second %.0f s: %s score %.2f reasons 0x%02x\n",
                  name.c_str(), t0, std::string(to_string(q.level)).c_str(), q.score, q.reasons);
    } else if (!spans.overlaps(t0, t1, 5.0)) {
      // Clean: 5 s away from any noisy span (the noise window reaches back 5 s).
      s.clean_mean += q.score;
      ++s.clean_n;
      s.clean_below_good += q.level < QualityLevel::kGood ? 1 : 0;
    }
  }
  s.noisy_mean /= static_cast<double>(std::max<std::size_t>(1, s.noisy_n));
  s.clean_mean /= static_cast<double>(std::max<std::size_t>(1, s.clean_n));
  std::printf("[ sqi mitdb %s ] annotated-noise seconds: %zu, mean score %.3f, below good %zu "
              "(%.1f %%); clean seconds: %zu, mean score %.3f, below good %zu (%.2f %%)\n",
              name.c_str(), s.noisy_n, s.noisy_mean, s.noisy_below_good,
              100.0 * static_cast<double>(s.noisy_below_good) /
                  static_cast<double>(std::max<std::size_t>(1, s.noisy_n)),
              s.clean_n, s.clean_mean, s.clean_below_good,
              100.0 * static_cast<double>(s.clean_below_good) /
                  static_cast<double>(std::max<std::size_t>(1, s.clean_n)));
  return s;
}

TEST(SignalQualityGolden, Mitdb101NoiseEpisodesScoreWorse) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/101.dat");
  const Separation s = score_record("101");
  ASSERT_GE(s.noisy_n, 3u);  // 112.8-116.5 s (MLII noisy) and 319.8-320.8 s (unreadable)
  ASSERT_GE(s.clean_n, 1500u);
  EXPECT_LT(s.noisy_mean, s.clean_mean - 0.3);
}

TEST(SignalQualityGolden, Mitdb103NoiseEpisodesScoreWorse) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/103.dat");
  const Separation s = score_record("103");
  ASSERT_GE(s.noisy_n, 5u);
  EXPECT_LT(s.noisy_mean, s.clean_mean - 0.3);
}

struct Tally {
  std::size_t n = 0, good = 0, fair = 0, poor = 0, unusable = 0;
  void add(const SignalQuality& q) {
    ++n;
    good += q.level == QualityLevel::kGood;
    fair += q.level == QualityLevel::kFair;
    poor += q.level == QualityLevel::kPoor;
    unusable += q.level == QualityLevel::kUnusable;
  }
  double pct(std::size_t k) const { return 100.0 * static_cast<double>(k) / static_cast<double>(n); }
  void print(const char* what) const {
    std::printf("[ sqi neurokit %s ] %zu s: good %.1f %%, fair %.1f %%, poor %.1f %%, "
                "unusable %.1f %%\n",
                what, n, pct(good), pct(fair), pct(poor), pct(unusable));
  }
};

TEST(SignalQualityGolden, NeurokitRestingIsMostlyGood) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  constexpr double kFs = 100.0;
  const auto table = testing::read_whole_record_at(csv, kFs);
  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = kFs;
  PpgDetectorConfig ppg_config;
  ppg_config.sample_rate_hz = kFs;
  const auto& ecg = table.channel("ECG");
  const auto& ppg = table.channel("PPG");
  const auto& rsp = table.channel("RSP");
  const auto ecg_q = assess_signal_quality(
      ecg, test::times_s(detect_ecg_beats(ecg, ecg_config), kFs),
      signal_quality_config(ChannelKind::kEcg, kFs));
  const auto ppg_q = assess_signal_quality(
      ppg, test::times_s(detect_ppg_beats(ppg, ppg_config), kFs),
      signal_quality_config(ChannelKind::kPpg, kFs));
  const auto rsp_q =
      assess_signal_quality(rsp, {}, signal_quality_config(ChannelKind::kResp, kFs));
  Tally te, tp, tr;
  for (const auto& q : ecg_q) te.add(q);
  for (const auto& q : ppg_q) tp.add(q);
  for (const auto& q : rsp_q) tr.add(q);
  te.print("ECG");
  tp.print("PPG");
  tr.print("RSP");
  for (const auto& q : ecg_q) {
    if (q.level < QualityLevel::kGood) {
      std::printf("[ sqi neurokit ECG ] %.0f s %s score %.2f reasons 0x%02x\n", q.t_s,
                  std::string(to_string(q.level)).c_str(), q.score, q.reasons);
    }
  }
  // The recording is a quiet rest; the ECG detector's misses are in a few noisy seconds
  // (176, 218, 233, 258 s; dsp/README.md), so >= 90 % good leaves room for those and their
  // 5-s noise window.
  EXPECT_GE(te.pct(te.good), 90.0);
  EXPECT_GE(tp.pct(tp.good), 90.0);
  EXPECT_GE(tr.pct(tr.good), 90.0);
}

// MIMIC 03700181 MCL1: a clean ICU ECG (checked on plots) at 122 bpm with a mostly negative
// QRS and broad T waves. Its kurtosis (3.3-4.4) is below the absolute ramp's good end (4.5),
// which used to call 42 % of its seconds noisy and, through the feedback gate, left 597 of
// 1225 intervals out of `resonant-cli analyze`. Its beats all match their template, so the
// absolute kurtosis no longer counts (signal_quality.cpp, readable_beats), and its rounded
// T-wave tops are not clipping (extreme_hold.hpp).
TEST(SignalQualityGolden, MimicFastCleanEcgIsNotNoisy) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mimicdb/03700181.hea");
  const auto whole = testing::read_whole_record(hea);
  const auto& ecg = whole.channel("MCL1");
  const double fs = whole.sample_rate_hz("MCL1");
  EcgDetectorConfig config;
  config.sample_rate_hz = fs;
  const auto q = assess_signal_quality(ecg, test::times_s(detect_ecg_beats(ecg, config), fs),
                                       signal_quality_config(ChannelKind::kEcg, fs));
  Tally t;
  std::size_t noisy = 0, clipping = 0;
  for (const auto& v : q) {
    t.add(v);
    noisy += v.has(QualityReason::kNoise) ? 1u : 0u;
    clipping += v.has(QualityReason::kClipping) ? 1u : 0u;
  }
  std::printf("[ sqi mimic MCL1 ] %zu s: good %.1f %%, fair %.1f %%, poor %.1f %%, unusable "
              "%.1f %%; noise named in %zu s, clipping in %zu s\n",
              t.n, t.pct(t.good), t.pct(t.fair), t.pct(t.poor), t.pct(t.unusable), noisy,
              clipping);
  ASSERT_GT(t.n, 590u);
  // Measured: no second with noise, 14 with clipping (T-wave tops entered by two converter
  // steps at once). Before the held-extreme refinement the repeat test took the flat tops of
  // its coarsely quantised T waves (0.007 mV steps) for a clipped converter in 102 seconds.
  EXPECT_LE(noisy, 6u) << "at most 1 % of the seconds";
  EXPECT_LE(clipping, 30u) << "at most 5 % of the seconds";
  EXPECT_EQ(t.unusable, 0u);
  EXPECT_GE(t.pct(t.good), 95.0);
}

}  // namespace
}  // namespace resonant::dsp
