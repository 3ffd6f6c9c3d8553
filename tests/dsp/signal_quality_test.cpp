// Signal quality: properties on synthetic signals (clean -> good, flat -> unusable, clipped ->
// clipping, white noise -> noise, an RR of 150 ms -> implausible), the streaming/batch
// equivalence, and the feedback gate's hysteresis.
#include <resonant/dsp/signal_quality.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"

namespace resonant::dsp {
namespace {

constexpr double kDurationS = 60.0;
constexpr double kWarmUpS = 6.0;  // noise window (5 s) + the first second

std::vector<double> regular_beats(double rr_s, double duration_s) {
  return test::beat_times(0.5, duration_s, [rr_s](std::size_t k, double) {
    return rr_s + 0.03 * std::sin(0.7 * static_cast<double>(k));  // mild sinus arrhythmia
  });
}

std::vector<float> sine(double fs, double duration_s, double freq_hz, double amplitude) {
  std::vector<float> x(static_cast<std::size_t>(duration_s * fs));
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * freq_hz *
                                                   static_cast<double>(i) / fs));
  }
  return x;
}

std::vector<SignalQuality> after_warm_up(const std::vector<SignalQuality>& q) {
  std::vector<SignalQuality> out;
  for (const auto& v : q) {
    if (v.t_s >= kWarmUpS) out.push_back(v);
  }
  return out;
}

double fraction(const std::vector<SignalQuality>& q, QualityLevel level) {
  const auto n = std::count_if(q.begin(), q.end(),
                               [level](const SignalQuality& v) { return v.level == level; });
  return static_cast<double>(n) / static_cast<double>(q.size());
}

TEST(SignalQuality, LevelAndReasonNames) {
  EXPECT_EQ(to_string(QualityLevel::kGood), "good");
  EXPECT_EQ(to_string(QualityLevel::kFair), "fair");
  EXPECT_EQ(to_string(QualityLevel::kPoor), "poor");
  EXPECT_EQ(to_string(QualityLevel::kUnusable), "unusable");
  EXPECT_EQ(to_string(QualityReason::kImplausibleBeats), "implausible_beats");
  EXPECT_EQ(to_string(QualityReason::kNoBeats), "no_beats");
}

TEST(SignalQuality, RejectsInvalidConfig) {
  EXPECT_THROW(SignalQualityAssessor(signal_quality_config(ChannelKind::kEcg, 50.0)),
               std::invalid_argument);
  EXPECT_THROW(SignalQualityAssessor(signal_quality_config(ChannelKind::kOther, 250.0)),
               std::invalid_argument);
  auto c = signal_quality_config(ChannelKind::kResp, 25.0);
  c.range_min_units = 1.0;
  c.range_max_units = 0.0;
  EXPECT_THROW(SignalQualityAssessor{c}, std::invalid_argument);
}

TEST(SignalQuality, OneVerdictPerSecondAtFractionalRates) {
  for (const double fs : {15.5, 31.0, 250.0, 496.0}) {
    auto c = signal_quality_config(ChannelKind::kResp, fs);
    const auto x = sine(fs, 20.0, 0.25, 1.0);
    const auto q = assess_signal_quality(x, {}, c);
    ASSERT_EQ(q.size(), 20u) << fs;
    for (std::size_t k = 0; k < q.size(); ++k) EXPECT_EQ(q[k].t_s, static_cast<double>(k));
  }
}

TEST(SignalQuality, CleanSyntheticChannelsAreGood) {
  // ECG 250 Hz, 72 bpm, with 10 uV noise and 0.3 Hz wander.
  const auto beats = regular_beats(0.83, kDurationS);
  auto ecg = test::synthetic_ecg(beats, 250.0, kDurationS).samples;
  test::add_white_noise(ecg, 0.01, 1);
  test::add_baseline_wander(ecg, 250.0, 0.2, 0.3);
  const auto ecg_q =
      after_warm_up(assess_signal_quality(ecg, beats, signal_quality_config(ChannelKind::kEcg, 250.0)));
  EXPECT_EQ(fraction(ecg_q, QualityLevel::kGood), 1.0);

  // PPG 100 Hz.
  const auto ppg_sig = test::synthetic_ppg(beats, 100.0, kDurationS);
  auto ppg = ppg_sig.samples;
  test::add_white_noise(ppg, 0.005, 2);
  const auto ppg_q = after_warm_up(assess_signal_quality(
      ppg, ppg_sig.peak_times_s, signal_quality_config(ChannelKind::kPpg, 100.0)));
  EXPECT_EQ(fraction(ppg_q, QualityLevel::kGood), 1.0);

  // Belt 25 Hz at 6 and 15 breaths/min.
  for (const double f : {0.1, 0.25}) {
    auto belt = sine(25.0, kDurationS, f, 1.0);
    test::add_white_noise(belt, 0.005, 3);
    const auto belt_q = after_warm_up(
        assess_signal_quality(belt, {}, signal_quality_config(ChannelKind::kResp, 25.0)));
    EXPECT_EQ(fraction(belt_q, QualityLevel::kGood), 1.0) << f;
  }

  // EDA 4 uS with a slow drift and an SCR every 20 s, 0.002 uS noise, 50 Hz.
  std::vector<float> eda(static_cast<std::size_t>(kDurationS * 50.0));
  for (std::size_t i = 0; i < eda.size(); ++i) {
    const double t = static_cast<double>(i) / 50.0;
    const double since = std::fmod(t, 20.0);
    eda[i] = static_cast<float>(4.0 + 0.002 * t +
                                0.2 * (std::exp(-since / 3.0) - std::exp(-since / 0.75)));
  }
  test::add_white_noise(eda, 0.002, 4);
  const auto eda_q = after_warm_up(
      assess_signal_quality(eda, {}, signal_quality_config(ChannelKind::kEda, 50.0)));
  EXPECT_EQ(fraction(eda_q, QualityLevel::kGood), 1.0);
}

TEST(SignalQuality, FlatLineIsUnusable) {
  for (const ChannelKind kind :
       {ChannelKind::kEcg, ChannelKind::kPpg, ChannelKind::kResp, ChannelKind::kEda}) {
    const std::vector<float> flat(250 * 30, 2.5f);
    auto c = signal_quality_config(kind, 250.0);
    c.expects_beats = false;  // flatness alone
    const auto q = assess_signal_quality(flat, {}, c);
    for (const auto& v : q) {
      EXPECT_EQ(v.level, QualityLevel::kUnusable) << to_string(kind) << " " << v.t_s;
      EXPECT_TRUE(v.has(QualityReason::kFlat));
      EXPECT_FALSE(v.has(QualityReason::kClipping));
    }
  }
}

TEST(SignalQuality, SignalThatGoesFlatIsFlaggedWithinTheFlatWindow) {
  // Belt breathing for 40 s, then the belt slips off (constant plus 1e-4 noise).
  auto belt = sine(25.0, 80.0, 0.2, 1.0);
  for (std::size_t i = 40 * 25; i < belt.size(); ++i) belt[i] = 0.3f;
  test::add_white_noise(belt, 1e-4, 5);
  const auto q = assess_signal_quality(belt, {}, signal_quality_config(ChannelKind::kResp, 25.0));
  const double flat_window_s = signal_quality_thresholds(ChannelKind::kResp).flat_window_s;
  for (const auto& v : q) {
    if (v.t_s >= kWarmUpS && v.t_s < 39.0) {
      EXPECT_EQ(v.level, QualityLevel::kGood) << v.t_s;
    }
    if (v.t_s >= 40.0 + flat_window_s) {
      EXPECT_TRUE(v.has(QualityReason::kFlat)) << v.t_s;
      EXPECT_EQ(v.level, QualityLevel::kUnusable);
    }
  }
}

// A clean ECG at a fast rate with a mostly negative QRS and broad T waves (as MIMIC
// 03700181's MCL1 at 122 bpm) has a low kurtosis: its waves fill much of each beat. Its beats
// all match their template, so it is not called noisy for that.
TEST(SignalQuality, FastCleanEcgWithBroadTWavesIsGood) {
  constexpr double kFs = 500.0;
  constexpr double kEcgDurationS = 60.0;
  test::EcgShape shape;
  shape.r_mv = 0.2;
  shape.r_sigma_s = 0.012;
  shape.s_mv = -0.45;
  shape.s_offset_s = 0.035;
  shape.s_sigma_s = 0.02;
  shape.t_mv = 0.3;
  shape.t_sigma_s = 0.1;
  const auto beats = regular_beats(0.49, kEcgDurationS);
  auto ecg = test::synthetic_ecg(beats, kFs, kEcgDurationS, shape).samples;
  test::add_white_noise(ecg, 0.003, 8);
  SignalQualityAssessor assessor(signal_quality_config(ChannelKind::kEcg, kFs));
  std::size_t next_beat = 0, seconds = 0;
  double max_kurtosis = 0.0;
  for (std::size_t i = 0; i < ecg.size(); ++i) {
    const double t_s = static_cast<double>(i) / kFs;
    while (next_beat < beats.size() && beats[next_beat] <= t_s) {
      assessor.add_beat(beats[next_beat++]);
    }
    const auto q = assessor.push(ecg[i]);
    if (!q || q->t_s < kWarmUpS) continue;
    ++seconds;
    max_kurtosis = std::max(max_kurtosis, assessor.last_features().kurtosis);
    EXPECT_EQ(q->level, QualityLevel::kGood) << q->t_s << " s, score " << q->score;
  }
  EXPECT_GT(seconds, 50u);
  // The premise: below the absolute kurtosis ramp's "good" end, so the old rule scored it down.
  EXPECT_LT(max_kurtosis, signal_quality_thresholds(ChannelKind::kEcg).kurtosis_good);
}

// Clipping on quantised input (what a converter delivers): a belt sampled fast and a PPG keep
// the plain repeat rule; an ECG's R peaks cut by a rail are entered steeply, so the ECG's
// quantisation-aware rule still sees them.
TEST(SignalQuality, QuantisedSignalsCutByARailAreClipping) {
  const auto round_to = [](std::vector<float> x, double step, double cut) {
    for (float& v : x) {
      v = static_cast<float>(step * std::round(std::clamp(static_cast<double>(v), -cut, cut) /
                                               step));
    }
    return x;
  };
  const auto clipped_share = [](const std::vector<SignalQuality>& q) {
    const auto n = std::count_if(q.begin(), q.end(), [](const SignalQuality& v) {
      return v.has(QualityReason::kClipping);
    });
    return static_cast<double>(n) / static_cast<double>(q.size());
  };
  // Belt at 500 Hz, a 500-step swing cut at 70 %.
  auto belt_config = signal_quality_config(ChannelKind::kResp, 500.0);
  const auto belt = round_to(sine(500.0, 40.0, 0.25, 1.0), 1.0 / 250.0, 0.7);
  EXPECT_GE(clipped_share(after_warm_up(assess_signal_quality(belt, {}, belt_config))), 0.9);
  // PPG at 500 Hz, 100 steps, cut at 60 %.
  const auto ppg_beats = regular_beats(0.8, 40.0);
  auto ppg = test::synthetic_ppg(ppg_beats, 500.0, 40.0).samples;
  float top = 0.0f;
  for (float v : ppg) top = std::max(top, v);
  for (float& v : ppg) v /= top;
  ppg = round_to(ppg, 0.01, 0.6);
  const auto ppg_q = after_warm_up(
      assess_signal_quality(ppg, ppg_beats, signal_quality_config(ChannelKind::kPpg, 500.0)));
  EXPECT_GE(clipped_share(ppg_q), 0.9);
  // ECG at 500 Hz in 0.005 mV steps (MIT-BIH's), its 1.2 mV R peaks cut at 0.6 mV (each
  // holds the rail ~24 ms, above the ECG's 20 ms).
  const auto ecg_beats = regular_beats(0.8, 40.0);
  auto ecg = test::synthetic_ecg(ecg_beats, 500.0, 40.0).samples;
  test::add_white_noise(ecg, 0.005, 9);
  ecg = round_to(ecg, 0.005, 0.6);
  const auto ecg_q = after_warm_up(
      assess_signal_quality(ecg, ecg_beats, signal_quality_config(ChannelKind::kEcg, 500.0)));
  EXPECT_GE(clipped_share(ecg_q), 0.9);
}

TEST(SignalQuality, ClippedSineIsClipping) {
  // Unknown range: a sine twice the converter's span, held at the rails.
  auto belt = sine(25.0, 30.0, 0.25, 2.0);
  for (float& v : belt) v = std::clamp(v, -1.0f, 1.0f);
  const auto q = after_warm_up(
      assess_signal_quality(belt, {}, signal_quality_config(ChannelKind::kResp, 25.0)));
  for (const auto& v : q) {
    EXPECT_TRUE(v.has(QualityReason::kClipping)) << v.t_s;
    EXPECT_LE(v.level, QualityLevel::kPoor) << v.t_s;
  }
  // Known range: an ECG at a +-1 mV converter, R waves cut at +1 mV.
  const auto beats = regular_beats(0.8, 30.0);
  auto ecg = test::synthetic_ecg(beats, 250.0, 30.0).samples;
  test::add_white_noise(ecg, 0.005, 6);
  auto c = signal_quality_config(ChannelKind::kEcg, 250.0);
  c.range_min_units = -1.0;
  c.range_max_units = 1.0;
  for (float& v : ecg) v = std::clamp(v, -1.0f, 1.0f);
  const auto eq = after_warm_up(assess_signal_quality(ecg, beats, c));
  std::size_t clipped = 0;
  for (const auto& v : eq) clipped += v.has(QualityReason::kClipping) ? 1u : 0u;
  EXPECT_GE(clipped, eq.size() * 9 / 10);  // seconds holding an R peak (about 1.25 per second)
  // The same ECG within range is not clipping.
  auto clean = test::synthetic_ecg(beats, 250.0, 30.0).samples;
  for (float& v : clean) v *= 0.5f;
  for (const auto& v : assess_signal_quality(clean, beats, c)) {
    EXPECT_FALSE(v.has(QualityReason::kClipping)) << v.t_s;
  }
}

TEST(SignalQuality, WhiteNoiseIsNoise) {
  for (const ChannelKind kind : {ChannelKind::kEcg, ChannelKind::kPpg, ChannelKind::kResp}) {
    for (const double fs : {100.0, 250.0}) {
      std::vector<float> x(static_cast<std::size_t>(30.0 * fs), 0.0f);
      test::add_white_noise(x, 0.1, 7);
      auto c = signal_quality_config(kind, fs);
      c.expects_beats = false;  // noise alone (a detector would also find "beats" in it)
      const auto q = after_warm_up(assess_signal_quality(x, {}, c));
      for (const auto& v : q) {
        EXPECT_TRUE(v.has(QualityReason::kNoise)) << to_string(kind) << " " << fs << " " << v.t_s;
        EXPECT_LE(v.level, QualityLevel::kPoor);
      }
    }
  }
  // EDA: 0.2 uS of broadband noise on a 4 uS level.
  std::vector<float> eda(30 * 50, 4.0f);
  test::add_white_noise(eda, 0.2, 8);
  for (const auto& v :
       after_warm_up(assess_signal_quality(eda, {}, signal_quality_config(ChannelKind::kEda, 50.0)))) {
    EXPECT_TRUE(v.has(QualityReason::kNoise)) << v.t_s;
  }
}

TEST(SignalQuality, ImplausibleRrAndMissingBeats) {
  auto beats = regular_beats(0.8, kDurationS);
  // An extra "beat" 150 ms after the one nearest 20.3 s (RR 150 ms, then a short remainder).
  const auto it = std::lower_bound(beats.begin(), beats.end(), 20.3);
  const double extra = *it + 0.150;
  beats.insert(it + 1, extra);
  const auto ecg = test::synthetic_ecg(beats, 250.0, kDurationS).samples;
  const auto q = assess_signal_quality(ecg, beats, signal_quality_config(ChannelKind::kEcg, 250.0));
  const auto extra_second = static_cast<std::size_t>(extra);
  EXPECT_TRUE(q.at(extra_second).has(QualityReason::kImplausibleBeats));
  EXPECT_LE(q.at(extra_second).level, QualityLevel::kPoor);
  for (const auto& v : q) {
    if (v.t_s >= kWarmUpS && std::abs(v.t_s - static_cast<double>(extra_second)) > 1.5) {
      EXPECT_FALSE(v.has(QualityReason::kImplausibleBeats)) << v.t_s;
    }
  }
  // Beats stop being reported after 30 s (the signal itself stays clean): no_beats once the
  // gap exceeds max_beat_gap_s.
  std::vector<double> first_half;
  for (const double b : beats) {
    if (b < 30.0) first_half.push_back(b);
  }
  const auto q2 =
      assess_signal_quality(ecg, first_half, signal_quality_config(ChannelKind::kEcg, 250.0));
  for (const auto& v : q2) {
    if (v.t_s + 1.0 > first_half.back() + 3.0 + 1e-9) {
      EXPECT_TRUE(v.has(QualityReason::kNoBeats)) << v.t_s;
      EXPECT_EQ(v.level, QualityLevel::kUnusable);
    } else if (v.t_s >= kWarmUpS && v.t_s < 28.0) {
      EXPECT_FALSE(v.has(QualityReason::kNoBeats)) << v.t_s;
    }
  }
}

TEST(SignalQuality, StreamingEqualsBatchWhenBeatsComeOnTime) {
  const auto beats = regular_beats(0.9, 40.0);
  auto ecg = test::synthetic_ecg(beats, 360.0, 40.0).samples;
  test::add_white_noise(ecg, 0.02, 9);
  for (std::size_t i = 15 * 360; i < 18 * 360; ++i) ecg[i] += 0.5f * std::sin(static_cast<float>(i));
  auto c = signal_quality_config(ChannelKind::kEcg, 360.0);
  c.beat_latency_s = 0.0;
  const auto batch = assess_signal_quality(ecg, beats, c);
  SignalQualityAssessor a(c);
  std::vector<SignalQuality> streamed;
  std::size_t next = 0;
  for (std::size_t i = 0; i < ecg.size(); ++i) {
    while (next < beats.size() && beats[next] <= static_cast<double>(i) / 360.0) {
      a.add_beat(beats[next++]);
    }
    if (auto q = a.push(ecg[i])) streamed.push_back(*q);
  }
  ASSERT_EQ(streamed.size(), batch.size());
  for (std::size_t k = 0; k < batch.size(); ++k) {
    EXPECT_EQ(streamed[k].score, batch[k].score);
    EXPECT_EQ(streamed[k].reasons, batch[k].reasons);
  }
  // reset() starts over: the same input gives the same verdicts.
  a.reset();
  next = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < ecg.size(); ++i) {
    while (next < beats.size() && beats[next] <= static_cast<double>(i) / 360.0) {
      a.add_beat(beats[next++]);
    }
    if (auto q = a.push(ecg[i])) {
      EXPECT_EQ(q->score, batch[k++].score);
    }
  }
}

SignalQuality verdict(QualityLevel level) {
  SignalQuality q;
  q.level = level;
  return q;
}

TEST(FeedbackGate, PausesAfterBadRunAndResumesAfterGoodRun) {
  FeedbackGateConfig c;
  c.pause_after_s = 2.0;
  c.resume_after_s = 5.0;
  FeedbackGate gate(c);
  EXPECT_TRUE(gate.feedback_ok());
  EXPECT_TRUE(gate.push(verdict(QualityLevel::kPoor)));  // one bad second: no blink
  EXPECT_TRUE(gate.push(verdict(QualityLevel::kGood)));
  EXPECT_TRUE(gate.push(verdict(QualityLevel::kUnusable)));
  EXPECT_FALSE(gate.push(verdict(QualityLevel::kPoor)));  // second bad second in a row
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(gate.push(verdict(QualityLevel::kGood))) << i;
  EXPECT_FALSE(gate.push(verdict(QualityLevel::kPoor)));  // the good run starts again
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(gate.push(verdict(QualityLevel::kFair))) << i;
  EXPECT_TRUE(gate.push(verdict(QualityLevel::kGood)));  // fifth acceptable second
  gate.reset();
  EXPECT_TRUE(gate.feedback_ok());
  EXPECT_THROW(FeedbackGate(FeedbackGateConfig{0.0, 5.0}), std::invalid_argument);
}

}  // namespace
}  // namespace resonant::dsp
