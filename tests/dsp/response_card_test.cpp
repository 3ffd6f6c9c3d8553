#include <resonant/dsp/response_card.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

namespace resonant::dsp {
namespace {

constexpr double kBreathPeriodS = 10.0;  // 6 breaths/min

/// Beats of a heart whose rate follows hr_bpm(t): each interval uses the rate at its start.
std::vector<RrInterval> beats(const std::function<double(double)>& hr_bpm, double t_end_s) {
  std::vector<RrInterval> nn;
  double t = 0.0;
  while (t < t_end_s) {
    const double rr_ms = 60000.0 / hr_bpm(t);
    t += rr_ms / 1000.0;
    nn.push_back({t, rr_ms, false});
  }
  return nn;
}

std::vector<BreathCycle> cycles(double t_end_s) {
  std::vector<BreathCycle> out;
  for (double t = 0.0; t + kBreathPeriodS <= t_end_s; t += kBreathPeriodS) {
    out.push_back({t, t + kBreathPeriodS, 0.5});
  }
  return out;
}

// Block 120..180 s: HR steps from 70 to 80 bpm, and comes back 20 s after the block ends.
double step_hr(double t) { return (t >= 120.0 && t < 200.0) ? 80.0 : 70.0; }

TEST(ResponseCard, StepUpInBlockGivesDeltaHrAndReturnTime) {
  const auto nn = beats(step_hr, 300.0);
  const ResponseCard card = response_card(nn, {}, {120.0, 180.0}, nn.back().t_s);
  EXPECT_TRUE(card.ended);
  EXPECT_NEAR(card.delta_hr_bpm, 10.0, 0.5);
  EXPECT_NEAR(card.baseline_hr_bpm, 70.0, 0.5);
  EXPECT_NEAR(card.baseline_start_s, 60.0, 1e-9);
  EXPECT_NEAR(static_cast<double>(card.baseline_beats), 70.0, 1.0);  // 60 s at 70 bpm
  EXPECT_NEAR(static_cast<double>(card.block_beats), 80.0, 1.0);     // 60 s at 80 bpm
  EXPECT_TRUE(card.return_final);
  EXPECT_NEAR(card.return_s, 20.0, 2.0);
  EXPECT_GE(card.return_beats, 15u);
  EXPECT_TRUE(std::isnan(card.delta_rsa_bpm));  // no breaths given
}

TEST(ResponseCard, ReturnIsNotYetUntilAWholeWindowIsBack) {
  const auto nn = beats(step_hr, 300.0);
  // Data only up to 210 s: HR is back since 200 s, but 15 s of it are not there yet.
  std::vector<RrInterval> partial;
  for (const auto& r : nn) {
    if (r.t_s <= 210.0) partial.push_back(r);
  }
  const ResponseCard card = response_card(partial, {}, {120.0, 180.0}, partial.back().t_s);
  EXPECT_TRUE(std::isnan(card.return_s));
  EXPECT_FALSE(card.return_final);
  EXPECT_NEAR(card.delta_hr_bpm, 10.0, 0.5);
}

TEST(ResponseCard, NeverBackIsFinalAfterTheSearchWindow) {
  const auto nn = beats([](double t) { return t >= 120.0 ? 80.0 : 70.0; }, 200.0);
  ResponseCardConfig config;
  config.max_return_s = 30.0;
  const ResponseCard card = response_card(nn, {}, {120.0, 150.0}, nn.back().t_s, config);
  EXPECT_TRUE(std::isnan(card.return_s));
  EXPECT_TRUE(card.return_final);
}

TEST(ResponseCard, RunningBlockUsesTheBeatsSoFarAndHasNoReturn) {
  const auto nn = beats(step_hr, 150.0);
  const ResponseCard card =
      response_card(nn, {}, {120.0, std::numeric_limits<double>::quiet_NaN()}, nn.back().t_s);
  EXPECT_FALSE(card.ended);
  EXPECT_NEAR(card.delta_hr_bpm, 10.0, 0.5);
  EXPECT_NEAR(static_cast<double>(card.block_beats), 40.0, 1.0);  // 30 s at 80 bpm
  EXPECT_FALSE(card.return_final);
}

TEST(ResponseCard, BaselineIsClippedToTheDataThatExists) {
  const auto nn = beats(step_hr, 300.0);
  const ResponseCard card = response_card(nn, {}, {30.0, 60.0}, nn.back().t_s);
  EXPECT_NEAR(card.baseline_start_s, nn.front().t_s, 1e-9);
  EXPECT_NEAR(static_cast<double>(card.baseline_beats), 35.0, 1.0);  // ~30 s at 70 bpm
}

TEST(ResponseCard, RsaAmplitudeFallsWhenTheBreathingSwingShrinks) {
  // HR swings with the breath: peak-to-trough 8 bpm before the block, 4 bpm inside it.
  const auto hr = [](double t) {
    const double p2t = (t >= 120.0 && t < 180.0) ? 4.0 : 8.0;
    return 70.0 + 0.5 * p2t * std::sin(2.0 * std::numbers::pi * t / kBreathPeriodS);
  };
  const auto nn = beats(hr, 240.0);
  const auto cyc = cycles(240.0);
  const ResponseCard card = response_card(nn, cyc, {120.0, 180.0}, nn.back().t_s);
  EXPECT_GE(card.baseline_breaths, 5u);  // 6 breaths of the 60 s baseline (edges may not count)
  EXPECT_GE(card.block_breaths, 5u);
  EXPECT_NEAR(card.baseline_rsa_bpm, 8.0, 1.0);
  EXPECT_NEAR(card.block_rsa_bpm, 4.0, 1.0);
  EXPECT_NEAR(card.delta_rsa_bpm, -4.0, 1.0);
  EXPECT_NEAR(card.delta_hr_bpm, 0.0, 0.5);
}

TEST(ResponseCard, NoBeatsGiveAnEmptyCard) {
  const ResponseCard card = response_card({}, {}, {10.0, 20.0}, 30.0);
  EXPECT_EQ(card.baseline_beats, 0u);
  EXPECT_TRUE(std::isnan(card.delta_hr_bpm));
  EXPECT_FALSE(card.return_final);
}

}  // namespace
}  // namespace resonant::dsp
