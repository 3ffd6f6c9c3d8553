// Properties of the breathing-rate tracker across windows (respiration_tracking.hpp) on
// hand-made candidate peaks: continuity wins over a one-window outlier, harmonics are dropped,
// agreement across estimates decides, the pacer prior breaks a tie, batch and causal forms agree
// on steady input.
#include <resonant/dsp/respiration_tracking.hpp>

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kStepS = 5.0;

SourcedRate estimate(std::initializer_list<RatePeak> peaks) {
  SourcedRate s{RespirationSource::kRsa, {}};
  for (const RatePeak& p : peaks) s.rate.peaks[s.rate.peak_count++] = p;
  s.rate.rate_bpm = s.rate.peaks[0].rate_bpm;
  s.rate.peak_share = s.rate.peaks[0].share;
  return s;
}

TEST(RespirationTracking, ContinuityOutweighsAOneWindowOutlier) {
  std::vector<double> t;
  std::vector<std::vector<SourcedRate>> windows;
  for (int w = 0; w < 20; ++w) {
    t.push_back(60.0 + kStepS * w);
    // Breathing at 15 /min; in window 10 a 6 /min wave is the largest peak for once.
    windows.push_back({w == 10 ? estimate({{6.0, 0.6}, {15.0, 0.3}})
                               : estimate({{15.0, 0.6}, {6.0, 0.2}})});
  }
  const auto path = track_respiration_rates(t, windows);
  ASSERT_EQ(path.size(), 20u);
  for (const auto& p : path) EXPECT_NEAR(p.rate_bpm, 15.0, 0.01) << p.t_s;
}

TEST(RespirationTracking, HarmonicOfALargerPeakIsDropped) {
  RespirationRateTracker tracker;
  // 7 /min with its harmonic at 14 /min (a non-sinusoidal modulation) in two estimates, and a
  // third with a weak 14 /min peak only. Kept, the harmonics would outweigh 7 /min
  // (0.34 + 0.24 + 0.2 against 0.35 + 0.25); dropped, 7 /min wins.
  const SourcedRate a = estimate({{7.0, 0.35}, {14.1, 0.34}});
  const SourcedRate b = estimate({{7.1, 0.25}, {14.0, 0.24}});
  const SourcedRate c = estimate({{14.05, 0.2}});
  const SourcedRate both[] = {a, b, c};
  const TrackedRespiration r = tracker.push(60.0, both);
  EXPECT_NEAR(r.rate_bpm, 7.0, 0.1);
  EXPECT_EQ(r.supporting, 2u);
}

TEST(RespirationTracking, AgreementAcrossEstimatesDecides) {
  RespirationRateTracker tracker;
  // One estimate's largest peak is 6 /min; two others put theirs at 16 /min.
  const SourcedRate e[] = {estimate({{6.0, 0.5}, {16.0, 0.2}}), estimate({{16.2, 0.4}}),
                           estimate({{15.9, 0.35}, {6.1, 0.1}})};
  const TrackedRespiration r = tracker.push(60.0, e);
  EXPECT_NEAR(r.rate_bpm, 16.0, 0.3);
  EXPECT_EQ(r.supporting, 3u);
  EXPECT_EQ(r.source, RespirationSource::kFused);
  EXPECT_GT(r.quality, 0.5);
}

TEST(RespirationTracking, PacerPriorBreaksATieAndIsOnlySoft) {
  const SourcedRate tie[] = {estimate({{6.0, 0.4}, {12.0 * 1.2, 0.4}})};
  RespirationRateTracker with_prior;
  with_prior.set_prior(6.0);
  EXPECT_NEAR(with_prior.push(60.0, tie).rate_bpm, 6.0, 0.1);
  RespirationRateTracker other_prior;
  other_prior.set_prior(14.4);
  EXPECT_NEAR(other_prior.push(60.0, tie).rate_bpm, 14.4, 0.1);
  // A person clearly not following a 6 /min pacer (every estimate at 13 /min) is tracked.
  RespirationRateTracker soft;
  soft.set_prior(6.0);
  const SourcedRate away[] = {estimate({{13.0, 0.6}}), estimate({{13.1, 0.5}})};
  EXPECT_NEAR(soft.push(60.0, away).rate_bpm, 13.0, 0.2);
}

TEST(RespirationTracking, BatchAndCausalAgreeOnSteadyInputAndFollowADrift) {
  RespirationTrackingConfig config;
  RespirationRateTracker live(config);
  std::vector<double> t;
  std::vector<std::vector<SourcedRate>> windows;
  for (int w = 0; w < 40; ++w) {
    const double rate = 10.0 + 0.2 * w;  // 0.2 /min per step: inside the free change
    t.push_back(60.0 + kStepS * w);
    windows.push_back({estimate({{rate, 0.5}, {6.0, 0.3}})});
    EXPECT_NEAR(live.push(t.back(), windows.back()).rate_bpm, rate, 0.01);
  }
  const auto path = track_respiration_rates(t, windows, config);
  for (std::size_t w = 0; w < path.size(); ++w) {
    EXPECT_NEAR(path[w].rate_bpm, 10.0 + 0.2 * static_cast<double>(w), 0.01);
  }
}

// The mechanical-consistency rule (off by default; respiration.md "Attempts"): two autonomic
// estimates share a 6 /min (Mayer) peak, one mechanical estimate has its peak at 15 /min.
TEST(RespirationTracking, MechanicalRuleDropsAPeakOnlyAutonomicEstimatesShare) {
  const auto window = [](double mechanical_quality) {
    SourcedRate rsa = estimate({{6.0, 0.5}, {15.0, 0.15}});
    SourcedRate riiv = estimate({{6.1, 0.45}});
    riiv.source = RespirationSource::kPpgIntensity;
    SourcedRate area = estimate({{15.2, 0.3}, {9.0, 0.1}});
    area.source = RespirationSource::kEdrArea;
    area.rate.quality = mechanical_quality;
    return std::vector<SourcedRate>{rsa, riiv, area};
  };
  RespirationTrackingConfig rule;
  rule.require_mechanical_support = true;
  // Without the rule the shared 6 /min peak wins (0.95 against 0.45 of peak weight).
  EXPECT_NEAR(RespirationRateTracker().push(60.0, window(0.4)).rate_bpm, 6.05, 0.1);
  // With it only rates within 1 /min of the mechanical peaks (15.2, 9.0) are supported.
  EXPECT_NEAR(RespirationRateTracker(rule).push(60.0, window(0.4)).rate_bpm, 15.1, 0.2);
  // A mechanical estimate below mechanical_min_quality (0.1) does not gate.
  EXPECT_NEAR(RespirationRateTracker(rule).push(60.0, window(0.05)).rate_bpm, 6.05, 0.1);
  EXPECT_EQ(modulation_of(RespirationSource::kRsa), RespirationModulation::kAutonomic);
  EXPECT_EQ(modulation_of(RespirationSource::kEdrPca), RespirationModulation::kMechanical);
}

TEST(RespirationTracking, EmptyWindowsGiveNoRateAndKeepTheTrack) {
  RespirationRateTracker tracker;
  const SourcedRate e[] = {estimate({{12.0, 0.5}})};
  const TrackedRespiration first = tracker.push(60.0, e);
  EXPECT_NEAR(first.rate_bpm, 12.0, 0.01);
  EXPECT_EQ(first.source, RespirationSource::kRsa);  // the only supporting estimate's
  EXPECT_TRUE(std::isnan(tracker.push(65.0, {}).rate_bpm));
  EXPECT_NEAR(tracker.push(70.0, e).rate_bpm, 12.0, 0.01);
}

}  // namespace
}  // namespace resonant::dsp
