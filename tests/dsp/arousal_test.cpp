// Arousal index properties: robust baseline with floors, signs, weights normalised over the
// inputs present, confidence (missing, poor, short baseline, none), pacer handling, smoothing,
// streaming = batch; and the Baevsky stress index on a hand-computed histogram.
#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/stress_index.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

// One update per second; resting values with a small alternation (so the MAD is known).
ArousalInput rest_input(double t_s, int k) {
  ArousalInput in;
  in.t_s = t_s;
  const double wiggle = (k % 2 == 0) ? 1.0 : -1.0;
  in.hr_bpm = 60.0 + 3.0 * wiggle;           // MAD 3 -> scale 4.45 bpm
  in.ln_rmssd = 3.8 + 0.05 * wiggle;         // MAD 0.05 -> floored to 0.15
  in.breathing_rate_bpm = 12.0 + 1.0 * wiggle;  // MAD 1 -> 1.48 /min
  in.scl_us = 4.0;                           // MAD 0 -> floored to max(0.05, 5 % of 4) = 0.2
  return in;
}

ArousalEstimator calibrated(const ArousalConfig& config = {}, double seconds = 200.0) {
  ArousalEstimator e(config);
  e.begin_baseline();
  for (int k = 0; k < static_cast<int>(seconds); ++k) e.update(rest_input(k, k));
  e.end_baseline();
  return e;
}

TEST(Arousal, RobustBaselineWithFloors) {
  const ArousalEstimator e = calibrated();
  const auto& b = e.baseline();
  EXPECT_DOUBLE_EQ(b.median[0], 60.0);
  EXPECT_NEAR(b.scale[0], 1.4826 * 3.0, 1e-9);
  EXPECT_NEAR(b.median[1], 3.8, 1e-12);
  EXPECT_DOUBLE_EQ(b.scale[1], 0.15);
  EXPECT_NEAR(b.scale[2], 1.4826, 1e-9);
  EXPECT_DOUBLE_EQ(b.scale[3], 0.2);
  EXPECT_NEAR(b.duration_s[0], 199.0, 1e-9);
  EXPECT_TRUE(b.has(ArousalInputKind::kSkinConductance));
}

TEST(Arousal, SignsWeightsAndClipping) {
  ArousalConfig c;
  c.smoothing_tau_s = 0.0;  // raw = index
  ArousalEstimator e = calibrated(c);
  ArousalInput in = rest_input(300.0, 0);
  in.hr_bpm = 60.0 + 1.4826 * 3.0;  // z = +1
  in.ln_rmssd = 3.8 - 0.15;         // z = -1, sign - -> +1
  in.breathing_rate_bpm = 12.0;     // z = 0
  in.scl_us = 4.0 + 10.0;           // z = +50 -> clipped to +3
  const auto a = e.update(in);
  EXPECT_NEAR(a.signed_z[0], 1.0, 1e-9);
  EXPECT_NEAR(a.signed_z[1], 1.0, 1e-9);
  EXPECT_NEAR(a.signed_z[2], 0.0, 1e-9);
  EXPECT_NEAR(a.signed_z[3], 3.0, 1e-9);
  EXPECT_NEAR(a.raw, (0.30 * 1.0 + 0.20 * 1.0 + 0.15 * 0.0 + 0.35 * 3.0) / 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(a.index, a.raw);
  EXPECT_NEAR(a.confidence, 1.0, 1e-12);
  EXPECT_EQ(a.band, ArousalBand::kMuchMoreActivated);
  EXPECT_TRUE(a.shown());
  // Without EDA and breathing: HR 0.6, lnRMSSD 0.4 of the index (§7.4's no-EDA weights).
  in.scl_us = NAN;
  in.breathing_rate_bpm = NAN;
  in.ln_rmssd = 3.8 + 0.3;  // z = +2 -> signed -2
  const auto b = e.update(in);
  EXPECT_NEAR(b.raw, 0.6 * 1.0 + 0.4 * -2.0, 1e-9);
  EXPECT_NEAR(b.confidence, 0.5, 1e-9);  // HR + lnRMSSD = 0.5 of the weights
  EXPECT_TRUE(b.has(ArousalReason::kMissingInput));
  EXPECT_FALSE(b.shown() && b.confidence < kMinShownArousalConfidence);
}

TEST(Arousal, ConfidenceFallsWithQualityMissingInputsAndShortBaseline) {
  ArousalEstimator e = calibrated();
  ArousalInput in = rest_input(300.0, 0);
  const double full = e.update(in).confidence;
  EXPECT_NEAR(full, 1.0, 1e-12);
  in.hr_quality = 0.7;
  const auto a = e.update(in);
  EXPECT_NEAR(a.confidence, 1.0 - 0.30 * 0.3, 1e-9);
  EXPECT_TRUE(a.has(ArousalReason::kPoorQuality));
  in.hr_quality = 0.3;  // below min_input_quality: left out
  const auto b = e.update(in);
  EXPECT_NEAR(b.confidence, 0.70, 1e-9);
  EXPECT_TRUE(std::isnan(b.signed_z[0]));
  // 90 s of baseline: every input counts half (§7.4 q_base).
  ArousalEstimator s = calibrated({}, 91.0);
  const auto c = s.update(rest_input(300.0, 0));
  EXPECT_NEAR(c.confidence, 0.5, 1e-9);
  EXPECT_TRUE(c.has(ArousalReason::kShortBaseline));
  // 30 s: no baseline at all.
  ArousalEstimator n = calibrated({}, 31.0);
  const auto d = n.update(rest_input(300.0, 0));
  EXPECT_EQ(d.confidence, 0.0);
  EXPECT_TRUE(std::isnan(d.index));
  EXPECT_TRUE(d.has(ArousalReason::kNoBaseline));
  EXPECT_FALSE(d.shown());
}

TEST(Arousal, PacerLeavesBreathingAndLnRmssdOut) {
  ArousalConfig c;
  c.smoothing_tau_s = 0.0;
  ArousalEstimator e = calibrated(c);
  ArousalInput in = rest_input(300.0, 0);
  in.pacer_active = true;
  in.breathing_rate_bpm = 6.0;  // paced: would be z = -4
  in.ln_rmssd = 5.0;            // slow breathing raises RMSSD mechanically
  in.hr_bpm = 60.0;
  in.scl_us = 4.0;
  const auto a = e.update(in);
  EXPECT_TRUE(std::isnan(a.signed_z[1]));
  EXPECT_TRUE(std::isnan(a.signed_z[2]));
  EXPECT_NEAR(a.raw, 0.0, 1e-9);
  EXPECT_NEAR(a.confidence, 1.0, 1e-12);  // not missing: not expected while paced
  EXPECT_TRUE(a.has(ArousalReason::kPacedTermsOut));
}

TEST(Arousal, SmoothingTimeConstant) {
  ArousalConfig c;
  c.smoothing_tau_s = 20.0;
  ArousalEstimator e = calibrated(c);
  ArousalInput in = rest_input(200.0, 0);
  in.hr_bpm = 60.0;
  in.ln_rmssd = 3.8;
  in.breathing_rate_bpm = 12.0;
  in.scl_us = 4.0;
  EXPECT_NEAR(e.update(in).index, 0.0, 1e-12);
  in.hr_bpm = 60.0 + 1.4826 * 3.0;  // a step of raw = 0.30 (HR z = 1)
  ArousalEstimate a;
  for (int k = 1; k <= 20; ++k) {
    in.t_s = 200.0 + k;
    a = e.update(in);
  }
  EXPECT_NEAR(a.index, 0.30 * (1.0 - std::exp(-1.0)), 1e-9);  // one time constant later
}

TEST(Arousal, AutomaticBaselineAndStreamingEqualsBatch) {
  std::vector<ArousalInput> inputs;
  for (int k = 0; k < 400; ++k) {
    ArousalInput in = rest_input(k, k);
    if (k >= 250) in.hr_bpm += 10.0;  // activation after the baseline
    inputs.push_back(in);
  }
  ArousalConfig c;
  c.auto_baseline_s = 180.0;
  ArousalEstimator e(c);
  std::vector<ArousalEstimate> streamed;
  for (const auto& in : inputs) streamed.push_back(e.update(in));
  EXPECT_FALSE(e.recording_baseline());
  EXPECT_NEAR(e.baseline().median[0], 60.0, 1e-12);
  EXPECT_TRUE(std::isnan(streamed[100].index));  // still recording
  const auto batch = compute_arousal(inputs, c);  // baseline = first 180 s, hindsight
  ASSERT_EQ(batch.size(), streamed.size());
  // After the streaming baseline is complete the two agree to the smoothing's memory.
  for (std::size_t k = 300; k < batch.size(); ++k) {
    EXPECT_NEAR(streamed[k].index, batch[k].index, 1e-3) << k;
  }
  EXPECT_GT(batch.back().index, 0.3);
  EXPECT_EQ(batch.back().band, ArousalBand::kMoreActivated);
}

TEST(Arousal, BlendBaselinesAndInvalidConfig) {
  ArousalBaseline stored, session;
  stored.median = {60, 3.8, 12, 4};
  stored.scale = {3, 0.2, 1.5, 0.3};
  stored.duration_s = {300, 300, 300, 0};
  session = stored;
  session.median = {70, 3.3, 14, 5};
  session.duration_s = {300, 300, 300, 300};
  const auto b = blend_baselines(stored, session, 0.2);
  EXPECT_NEAR(b.median[0], 62.0, 1e-12);
  EXPECT_NEAR(b.median[3], 5.0, 1e-12);  // new input: taken as is
  ArousalConfig bad;
  bad.weight_hr = bad.weight_ln_rmssd = bad.weight_breathing = bad.weight_scl = 0.0;
  EXPECT_THROW(ArousalEstimator{bad}, std::invalid_argument);
  EXPECT_EQ(to_string(ArousalBand::kCalmer), "calmer than your baseline");
  EXPECT_EQ(arousal_band(-2.0), ArousalBand::kMuchCalmer);
  EXPECT_EQ(arousal_band(0.0), ArousalBand::kBaseline);
}

TEST(BaevskyStressIndex, HandComputedHistogram) {
  // 10 intervals: 6 in [800, 850), 2 in [850, 900), 1 at 760, 1 at 940 ms.
  std::vector<RrInterval> nn;
  for (const double rr : {810.0, 820.0, 830.0, 840.0, 805.0, 845.0, 860.0, 870.0, 760.0, 940.0}) {
    nn.push_back({0.0, rr, false});
  }
  const auto si = baevsky_stress_index(nn);
  EXPECT_NEAR(si.mode_s, 0.825, 1e-12);
  EXPECT_NEAR(si.amplitude_of_mode_pct, 60.0, 1e-12);
  EXPECT_NEAR(si.variation_range_s, 0.180, 1e-12);
  EXPECT_NEAR(si.stress_index, 60.0 / (2.0 * 0.825 * 0.180), 1e-9);  // 202.0
  EXPECT_NEAR(si.sqrt_stress_index, std::sqrt(si.stress_index), 1e-12);
  EXPECT_TRUE(std::isnan(baevsky_stress_index(std::vector<RrInterval>{{0.0, 800.0, false}}).stress_index));
}

}  // namespace
}  // namespace resonant::dsp
