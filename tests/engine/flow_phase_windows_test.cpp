// The debrief's coherence, breathing rate and RSA come from each phase's own data: a live
// figure whose window reaches back across the phase boundary is not used, a phase shorter
// than the window says "too short", and on the simulated person the practice paced at 6/min
// reads about 6 while the resting baseline reads the person's own rate.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/session_flow.hpp>

#include "engine_test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;

constexpr double kWindowS = 64.0;

/// Live figures as published at t_s: a coherence update and a breathing estimate, both
/// covering the last kWindowS.
LiveFigures live_at(double t_s, double coherence, double breathing_bpm) {
  LiveFigures f;
  f.coherence.t_s = t_s;
  f.coherence.ratio = coherence;
  f.coherence.window_s = kWindowS;
  f.coherence.level = dsp::CoherenceLevel::kLow;
  f.respiration.t_s = t_s;
  f.respiration.rate_bpm = breathing_bpm;
  f.respiration.clear = true;
  f.respiration.window_s = kWindowS;
  f.resonance.mean_peak_to_trough_bpm = coherence;  // any finite value
  return f;
}

TEST(FlowPhaseWindows, AWindowCrossingThePhaseBoundaryIsNotUsed) {
  SessionFlow flow;
  FlowSettings settings;
  settings.baseline_s = 120.0;
  settings.practice_s = 180.0;
  flow.start(0.0, settings, PacerSettings{}, true);
  flow.on_live(live_at(100.0, 0.5, 13.0));   // inside the baseline: used
  flow.advance(120.0);                        // practice from 120 s
  // At 150 s the window [86, 150] is mostly baseline: its values (huge, to be seen) must not
  // count for either phase.
  flow.on_live(live_at(150.0, 100.0, 30.0));
  flow.on_live(live_at(184.0, 3.0, 6.0));    // [120, 184]: exactly inside the practice
  flow.on_live(live_at(250.0, 5.0, 6.2));
  FlowProgress p;
  flow.fill(p, 260.0);
  EXPECT_DOUBLE_EQ(p.baseline.coherence_mean, 0.5);
  EXPECT_DOUBLE_EQ(p.baseline.breathing_rate_bpm, 13.0);
  EXPECT_DOUBLE_EQ(p.practice.coherence_mean, 4.0);  // (3 + 5) / 2, not 100
  EXPECT_DOUBLE_EQ(p.practice.breathing_rate_bpm, 6.1);
  EXPECT_FALSE(p.baseline.too_short);
  EXPECT_FALSE(p.practice.too_short);
  // The RSA's window is longer (breaths of the last minute): at 184 s it reaches back.
  EXPECT_DOUBLE_EQ(p.practice.rsa_bpm, 5.0);
  // The chart still shows every update where it happened.
  EXPECT_FLOAT_EQ(p.coherence[static_cast<std::size_t>(150.0 / kFlowSeriesStepS)], 100.0f);
}

TEST(FlowPhaseWindows, APhaseShorterThanTheWindowIsTooShortToMeasure) {
  SessionFlow flow;
  FlowSettings settings;
  settings.baseline_s = 40.0;
  settings.practice_s = 180.0;
  flow.start(0.0, settings, PacerSettings{}, true);
  flow.on_live(live_at(30.0, 2.0, 12.0));  // reaches back before the flow: not used
  FlowProgress p;
  flow.fill(p, 35.0);
  EXPECT_FALSE(p.baseline.too_short) << "still running: not too short yet";
  flow.advance(40.0);
  flow.stop(100.0);                        // a 60 s practice
  flow.fill(p, 100.0);
  EXPECT_TRUE(p.baseline.too_short);
  EXPECT_TRUE(p.practice.too_short);
  EXPECT_TRUE(std::isnan(p.baseline.coherence_mean));
  EXPECT_TRUE(std::isnan(p.baseline.breathing_rate_bpm));
}

TEST(FlowPhaseWindows, TheUpdateMadeAsAPhaseEndsCountsForIt) {
  SessionFlow flow;
  FlowSettings settings;
  settings.baseline_s = 120.0;
  settings.practice_s = 180.0;
  flow.start(0.0, settings, PacerSettings{}, true);
  flow.advance(120.0);                       // the baseline ends at 120 s
  flow.on_live(live_at(120.0, 0.7, 12.0));   // window [56, 120]: all baseline
  flow.on_live(live_at(184.0, 3.0, 6.0));    // window [120, 184]: all practice
  FlowProgress p;
  flow.fill(p, 190.0);
  EXPECT_DOUBLE_EQ(p.baseline.coherence_mean, 0.7);
  EXPECT_DOUBLE_EQ(p.baseline.breathing_rate_bpm, 12.0);
  EXPECT_DOUBLE_EQ(p.practice.coherence_mean, 3.0);
}

// The debrief averages what the person was shown: an estimate too unclear to show
// (RespirationFigures::clear false, e.g. a Mayer wave read without a belt) is left out.
TEST(FlowPhaseWindows, AnUnclearBreathingEstimateIsNotAveraged) {
  SessionFlow flow;
  FlowSettings settings;
  settings.baseline_s = 0.0;
  settings.practice_s = 300.0;
  flow.start(0.0, settings, PacerSettings{}, true);
  flow.advance(0.0);
  flow.on_live(live_at(100.0, 2.0, 6.0));
  LiveFigures unclear = live_at(105.0, 2.0, 15.0);
  unclear.respiration.clear = false;
  flow.on_live(unclear);
  flow.on_live(live_at(110.0, 2.0, 7.0));
  FlowProgress p;
  flow.fill(p, 120.0);
  EXPECT_DOUBLE_EQ(p.practice.breathing_rate_bpm, 6.5);  // (6 + 7) / 2, not (6 + 15 + 7) / 3
  LiveFigures all_unclear = live_at(115.0, 2.0, 9.0);
  all_unclear.respiration.clear = false;
  SessionFlow only_unclear;
  only_unclear.start(0.0, settings, PacerSettings{}, true);
  only_unclear.advance(0.0);
  only_unclear.on_live(all_unclear);
  only_unclear.fill(p, 120.0);
  EXPECT_TRUE(std::isnan(p.practice.breathing_rate_bpm)) << "nothing clear: no rate, not a guess";
}

TEST(FlowPhaseWindows, AShortPhaseShowsWhatWasMeasuredAndNamesWhatWasNot) {
  SessionFlow flow;
  FlowSettings settings;
  settings.baseline_s = 0.0;                 // skipped: absent, not "too short"
  settings.practice_s = 70.0;
  flow.start(0.0, settings, PacerSettings{}, true);
  flow.advance(0.0);
  LiveFigures f = live_at(66.0, 2.5, 6.0);   // coherence [2, 66] fits the 70 s practice
  f.resonance.window_s = 80.0;               // the swing's window does not
  flow.on_live(f);
  flow.advance(70.0);
  FlowProgress p;
  flow.fill(p, 70.0);
  ASSERT_EQ(p.phase, FlowPhase::kDebrief);
  EXPECT_FALSE(p.baseline.too_short) << "a skipped baseline is not too short";
  EXPECT_TRUE(p.practice.too_short) << "70 s is shorter than the 80 s swing window + one update";
  EXPECT_DOUBLE_EQ(p.practice.coherence_mean, 2.5);
  EXPECT_TRUE(std::isnan(p.practice.rsa_bpm));
}

// The whole engine on the simulated person (sped up): rest, then practice paced at 6/min.
TEST(FlowPhaseWindows, PracticeAtSixPerMinuteReadsSixAndTheBaselineTheSpontaneousRate) {
  Engine e;
  FlowSettings flow;
  flow.baseline_s = 90.0;
  flow.practice_s = 150.0;
  flow.practice_pacer.rate_bpm = 6.0;
  ASSERT_TRUE(e.post(StartFlowCommand{flow}));
  // 20x, not faster: the engine switches the pacer on when it next steps the flow (host
  // time), so at high speed a loaded machine starts the person's paced breathing seconds of
  // session time into the practice, and its first windows still hold spontaneous breaths.
  ASSERT_TRUE(e.post(ConnectCommand{testing::clean_simulation(20.0)}));
  // The deadline only stops a hang: the flow ends by its own session time.
  const auto deadline = SteadyClock::now() + 60s;
  while (e.snapshot().flow.phase != FlowPhase::kDebrief && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  const FlowProgress f = e.snapshot().flow;
  ASSERT_EQ(f.phase, FlowPhase::kDebrief);
  constexpr double kPacedToleranceBpm = 0.5;
  constexpr double kSpontaneousMinBpm = 9.0;  // the simulated person breathes ~13/min at rest
  std::printf("[ flow ] breathing baseline %.2f practice %.2f /min; coherence %.2f -> %.2f\n",
              f.baseline.breathing_rate_bpm, f.practice.breathing_rate_bpm,
              f.baseline.coherence_mean, f.practice.coherence_mean);
  EXPECT_NEAR(f.practice.breathing_rate_bpm, 6.0, kPacedToleranceBpm);
  EXPECT_GT(f.baseline.breathing_rate_bpm, kSpontaneousMinBpm);
  EXPECT_GT(f.practice.coherence_mean, f.baseline.coherence_mean);
  EXPECT_FALSE(f.baseline.too_short);
  EXPECT_FALSE(f.practice.too_short);
}

}  // namespace
}  // namespace resonant::engine
