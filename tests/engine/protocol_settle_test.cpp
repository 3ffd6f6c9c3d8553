// Ending a protocol early (settle_breaths, time_limit_min): the runner goes straight to the
// fade_out step once the person has kept up at the target rate for N breaths in a row, or
// when the time limit leaves just the fade. No clock: times and breaths are passed in.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <resonant/engine/protocol.hpp>
#include <resonant/engine/protocol_library.hpp>
#include <resonant/engine/protocol_runner.hpp>

namespace resonant::engine {
namespace {

constexpr double kTimeTolS = 1e-9;
constexpr double kBreathS = 10.0;  // 6 breaths/min

constexpr const char* kWindDown = R"([protocol]
name = "Wind"
settle_breaths = 4
time_limit_min = 5

[[step]]
name = "Slow down"
duration_s = 100
rate_from = "measured"
rate_end_bpm = 6.0
pacer = { rate_bpm = 8.0 }

[[step]]
name = "Stay"
duration_s = 600
pacer = { rate_bpm = 6.0 }

[[step]]
name = "Fade"
duration_s = 60
fade_out = true
pacer = { rate_bpm = 6.0 }
)";

std::shared_ptr<const Protocol> wind_down() {
  return std::make_shared<const Protocol>(parse_protocol(kWindDown, "wind.toml"));
}

RateInputs breathing(std::int64_t breath_index, bool keeping_up, double rate_error_bpm = 0.1) {
  RateInputs in;
  in.measured_bpm = 8.0;
  in.pacer_breath_index = breath_index;
  in.keeping_up = keeping_up;
  in.rate_error_bpm = rate_error_bpm;
  return in;
}

TEST(ProtocolSettle, KeepingUpAtTheTargetForNBreathsGoesStraightToTheFade) {
  ProtocolRunner r(wind_down());
  (void)r.start(0.0, breathing(0, true));
  // Breaths during the ramp (not yet at the target rate) do not count, however well followed.
  for (int b = 1; b <= 9; ++b) EXPECT_LE(r.advance(b * kBreathS, breathing(b, true)).size(), 1u);
  EXPECT_EQ(r.current_step(), 0u);
  EXPECT_EQ(r.settled_breaths(), 0u) << "the ramp has not reached 6.0 yet";
  auto a = r.advance(100.0, breathing(10, true));  // "Stay" starts: at the target from now on
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 1u);
  EXPECT_EQ(a[0].early, EarlyReason::kNone);
  for (int b = 11; b <= 13; ++b) {
    EXPECT_TRUE(r.advance(b * kBreathS, breathing(b, true)).empty());
  }
  EXPECT_EQ(r.settled_breaths(), 3u);
  a = r.advance(140.0, breathing(14, true));  // the 4th breath in a row
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kStepStarted);
  EXPECT_EQ(a[0].step, 2u);
  EXPECT_EQ(a[0].early, EarlyReason::kSettled);
  EXPECT_NEAR(a[0].t_s, 140.0, kTimeTolS);
  // The fade keeps its full minute, then the protocol ends by itself.
  EXPECT_NEAR(r.guidance(170.0), 0.5, 1e-9);
  EXPECT_TRUE(r.advance(199.9, breathing(15, true)).empty());
  a = r.advance(200.0, breathing(16, true));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kFinished);
  EXPECT_NEAR(a[0].t_s, 200.0, kTimeTolS);
  EXPECT_TRUE(r.finished());
}

TEST(ProtocolSettle, ABreathNotKeptUpStartsTheCountAgain) {
  ProtocolRunner r(wind_down());
  (void)r.start(0.0, breathing(0, true));
  (void)r.advance(100.0, breathing(10, true));
  (void)r.advance(110.0, breathing(11, true));
  (void)r.advance(120.0, breathing(12, true));
  EXPECT_EQ(r.settled_breaths(), 2u);
  (void)r.advance(130.0, breathing(13, false));
  EXPECT_EQ(r.settled_breaths(), 0u) << "not keeping up";
  (void)r.advance(140.0, breathing(14, true, 1.2));
  EXPECT_EQ(r.settled_breaths(), 0u) << "keeping up, but 1.2 /min off the target";
  (void)r.advance(145.0, breathing(14, true));
  EXPECT_EQ(r.settled_breaths(), 0u) << "no breath ended since the last call";
  EXPECT_EQ(r.current_step(), 1u);
}

TEST(ProtocolSettle, TheTimeLimitStartsTheFadeSoTheProtocolEndsOnTime) {
  ProtocolRunner r(wind_down());  // 5 min limit, 60 s fade: the fade starts at 240 s
  (void)r.start(0.0, breathing(0, false));
  EXPECT_NEAR(r.latest_end_s(), 300.0, kTimeTolS) << "the schedule alone would end at 760 s";
  EXPECT_LE(r.advance(239.9, breathing(23, false)).size(), 1u);
  EXPECT_EQ(r.current_step(), 1u);
  auto a = r.advance(240.0, breathing(24, false));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 2u);
  EXPECT_EQ(a[0].early, EarlyReason::kTimeLimit);
  a = r.advance(300.0, breathing(30, false));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kFinished);
  EXPECT_NEAR(r.end_s(), 300.0, kTimeTolS);
}

TEST(ProtocolSettle, TheCommandsTimeLimitOverridesTheProtocols) {
  ProtocolRunner r(wind_down(), 3.0 * 60.0);  // fade at 120 s
  (void)r.start(10.0, breathing(0, false));
  EXPECT_EQ(r.current_step(), 0u);
  const auto a = r.advance(130.0, breathing(12, false));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.back().step, 2u);
  EXPECT_EQ(a.back().early, EarlyReason::kTimeLimit);
  EXPECT_NEAR(r.end_s(), 190.0, kTimeTolS);
}

TEST(ProtocolSettle, TheRulesNeedAFadeStepAndValuesInRange) {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      (void)parse_protocol(text, "x.toml");
    } catch (const ProtocolError& e) {
      return e.what();
    }
    return "";
  };
  const std::string step = "\n[[step]]\nname = \"S\"\nduration_s = 60\npacer = { rate_bpm = 6.0 }\n";
  EXPECT_EQ(error_of("[protocol]\nname = \"T\"\nsettle_breaths = 10\n" + step),
            "x.toml:1: settle_breaths and time_limit_min need a step with fade_out = true to end with");
  EXPECT_EQ(error_of("[protocol]\nname = \"T\"\nsettle_breaths = 1\n" + step),
            "x.toml:3: settle_breaths 1 is outside 3..200");
  EXPECT_EQ(error_of("[protocol]\nname = \"T\"\ntime_limit_min = 0\n" + step),
            "x.toml:3: time_limit_min 0 is outside 1..240");
}

TEST(ProtocolSettle, TheShippedBedtimeWindDownEndsByItself) {
  const Protocol p = find_protocol("bedtime_wind_down");
  ASSERT_TRUE(p.settle_breaths.has_value());
  EXPECT_EQ(*p.settle_breaths, 12u);
  ASSERT_TRUE(p.time_limit_s.has_value());
  EXPECT_NEAR(*p.time_limit_s, 15.0 * 60.0, kTimeTolS);
  ASSERT_FALSE(p.steps.empty());
  EXPECT_TRUE(p.steps.back().fade_out);
  EXPECT_GE(p.steps.back().duration_s, 30.0) << "the fade to black takes at least 30 s";
  // The exhale lengthens from step to step.
  double inhale = 1.0;
  for (const ProtocolStep& s : p.steps) {
    if (!s.pacer_enabled) continue;
    EXPECT_LE(s.pacer.inhale_fraction, inhale) << s.name;
    inhale = s.pacer.inhale_fraction;
  }
  EXPECT_LT(inhale, 0.4);
}

TEST(ProtocolSettle, WithoutAClientRateTheSlowDownStillEndsAtTheRateTheNextStepFallsBackTo) {
  auto p = std::make_shared<const Protocol>(find_protocol("bedtime_wind_down"));
  ProtocolRunner r(p);
  RateInputs in;
  in.measured_bpm = 10.0;  // client_resonance_bpm unknown (NaN)
  (void)r.start(0.0, in);
  const auto a = r.advance(p->steps[0].duration_s, in);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.front().step, 1u);
  EXPECT_NEAR(a.front().pacer.rate_bpm, 10.0, 1e-9) << "from the measured rate";
  EXPECT_NEAR(r.step_rate_end_bpm(), p->steps[2].pacer.rate_bpm, 1e-9)
      << "down to what the resonance step falls back to, not flat at 10";
}

}  // namespace
}  // namespace resonant::engine
