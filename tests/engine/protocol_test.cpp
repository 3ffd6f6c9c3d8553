// Protocol files (parser, every kind of bad file names its line) and the step runner (timing
// and pacer settings at known session times; no clock: times are passed in).
#include <cmath>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <resonant/engine/protocol.hpp>
#include <resonant/engine/protocol_library.hpp>
#include <resonant/engine/protocol_runner.hpp>

namespace resonant::engine {
namespace {

constexpr double kRateTolBpm = 1e-9;
constexpr double kTimeTolS = 1e-9;

constexpr const char* kGood = R"(# a test protocol
[protocol]
name = "Test"
description = "two steps and a ramp"

[[step]]
name = "Rest"
duration_s = 30
instruction = "Rest."
feedback = false
pacer = "off"

[[step]]
name = "Block"
duration_min = 2
instruction = "Follow."
kind = "assessment_block"
pacer = { rate_bpm = 6.5, inhale_fraction = 0.5, hold_after_inhale_s = 1, hold_after_exhale_s = 0.5 }

[[step]]
name = "Ramp"
duration_s = 100
rate_from = "measured"
rate_end_bpm = 5.0
pacer = { rate_bpm = 8.0 }

[[step]]
name = "Own rate"
duration_s = 50
rate_from = "client_resonance"
fade_out = true
pacer = { rate_bpm = 6.0 }
)";

/// The message of the ProtocolError text raises (empty when it parses).
std::string error_of(const std::string& text) {
  try {
    (void)parse_protocol(text, "x.toml");
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "";
}

std::string with_step(const std::string& step_body) {
  return "[protocol]\nname = \"T\"\n\n[[step]]\n" + step_body;  // the step table starts on line 4
}

TEST(ProtocolParser, ReadsEveryFieldOfAGoodFile) {
  const Protocol p = parse_protocol(kGood, "good.toml");
  EXPECT_EQ(p.name, "Test");
  EXPECT_EQ(p.description, "two steps and a ramp");
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_NEAR(p.duration_s(), 30.0 + 120.0 + 100.0 + 50.0, kTimeTolS);
  EXPECT_TRUE(p.has_assessment());

  const ProtocolStep& rest = p.steps[0];
  EXPECT_EQ(rest.name, "Rest");
  EXPECT_EQ(rest.instruction, "Rest.");
  EXPECT_FALSE(rest.feedback);
  EXPECT_FALSE(rest.pacer_enabled);
  EXPECT_EQ(rest.line, 6);

  const ProtocolStep& block = p.steps[1];
  EXPECT_NEAR(block.duration_s, 120.0, kTimeTolS);
  EXPECT_TRUE(block.feedback);  // the default
  EXPECT_EQ(block.kind, StepKind::kAssessmentBlock);
  ASSERT_TRUE(block.pacer_enabled);
  EXPECT_NEAR(block.pacer.rate_bpm, 6.5, kRateTolBpm);
  EXPECT_NEAR(block.pacer.inhale_fraction, 0.5, kRateTolBpm);
  EXPECT_NEAR(block.pacer.hold_after_inhale_s, 1.0, kTimeTolS);
  EXPECT_NEAR(block.pacer.hold_after_exhale_s, 0.5, kTimeTolS);

  EXPECT_EQ(p.steps[2].rate_from, RateSource::kMeasured);
  ASSERT_TRUE(p.steps[2].rate_end_bpm.has_value());
  EXPECT_NEAR(*p.steps[2].rate_end_bpm, 5.0, kRateTolBpm);
  EXPECT_NEAR(p.steps[2].pacer.inhale_fraction, PacerSettings{}.inhale_fraction, kRateTolBpm);
  EXPECT_EQ(p.steps[3].rate_from, RateSource::kClientResonance);
  EXPECT_TRUE(p.steps[3].fade_out);
}

TEST(ProtocolParser, EachKindOfBadFileNamesItsLineAndField) {
  struct Case {
    std::string text;
    std::string expected;  // the whole message must contain this
  };
  const Case cases[] = {
      {with_step("name = \"a\"\nduration_s = 60\npacer = { rate_bpm = 12 }\n"),
       "x.toml:7: rate_bpm 12 is outside 3..10"},
      {with_step("name = \"a\"\nduration_s = 60\npacer = { rate_bpm = 6, inhale_fraction = 0.9 }\n"),
       "x.toml:7: inhale_fraction 0.9 is outside 0.2..0.8"},
      {with_step("name = \"a\"\nduration_s = -5\n"), "x.toml:6: duration_s -5 is outside"},
      {with_step("name = \"a\"\n"), "x.toml:4: step 'a' needs duration_s or duration_min"},
      {with_step("name = \"a\"\nduration_s = 60\nduraton_min = 2\n"), "x.toml:7: unknown field 'duraton_min'"},
      {with_step("name = \"a\"\nduration_s = 60\nfeedback = \"yes\"\n"), "x.toml:7: feedback must be true or false"},
      {with_step("name = \"a\"\nduration_s = 60\npacer = \"slow\"\n"), "x.toml:7: pacer must be \"off\" or a table"},
      {with_step("name = \"a\"\nduration_s = 60\npacer = { rate_bpm = 6 }\nrate_from = \"mine\"\n"),
       "x.toml:8: rate_from 'mine' is not known"},
      {with_step("name = \"a\"\nduration_s = 60\nrate_from = \"measured\"\n"),
       "x.toml:7: rate_from needs a pacer table"},
      {with_step("name = \"a\"\nduration_s = 60\nkind = \"assessment_block\"\npacer = { rate_bpm = 6 }\n"
                 "rate_end_bpm = 5\n"),
       "x.toml:7: an assessment_block needs a pacer at one fixed rate_bpm"},
      {with_step("name = \"a\"\nduration_s = 60\nkind = \"warmup\"\n"), "x.toml:7: kind 'warmup' is not known"},
      {with_step("duration_s = 60\n"), "x.toml:4: step 1 needs a name"},
      {with_step("name = \"a\"\nduration_s = 60\npacer = { rate_bpm = 6, speed = 2 }\n"),
       "x.toml:7: unknown field 'speed' in pacer"},
      {"[protocol]\nname = \"T\"\n\n[[step]]\nname = \"a\"\nduration_s = = 60\n", "x.toml:6: "},  // TOML syntax
      {"[protocol]\ndescription = \"no name\"\n[[step]]\nname = \"a\"\nduration_s = 1\n",
       "x.toml:1: [protocol] needs a name"},
      {"[protocol]\nname = \"T\"\n", "x.toml:1: the protocol has no [[step]]"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.text);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "expected \"" << c.expected << "\" in \"" << message << "\" for:\n" << c.text;
  }
}

TEST(ProtocolParser, AnUnreadableFileSaysSoWithItsPath) {
  try {
    (void)load_protocol_file("/nonexistent/dir/p.toml");
    FAIL() << "no error for a missing file";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/p.toml: cannot read"), std::string::npos) << e.what();
  }
}

TEST(ProtocolLibrary, EveryShippedProtocolParsesAndTheAssessmentFollowsLehrer) {
  std::size_t shipped = 0;
  for (const auto& e : list_protocols()) {
    if (!e.shipped) continue;
    ++shipped;
    EXPECT_TRUE(e.protocol.has_value()) << e.error;
  }
  EXPECT_GE(shipped, 4u);  // baseline, assessment, training, wind-down
  const Protocol a = find_protocol("resonance_assessment");
  std::vector<double> rates;
  for (const auto& s : a.steps) {
    if (s.kind != StepKind::kAssessmentBlock) continue;
    rates.push_back(s.pacer.rate_bpm);
    EXPECT_NEAR(s.duration_s, 120.0, kTimeTolS);
  }
  EXPECT_EQ(rates, (std::vector<double>{6.5, 6.0, 5.5, 5.0, 4.5}));
  const Protocol baseline = find_protocol("Resting baseline");  // by its name, too
  EXPECT_GE(baseline.duration_s(), 120.0);
  EXPECT_LE(baseline.duration_s(), 300.0);
  EXPECT_THROW((void)find_protocol("no such protocol"), ProtocolError);
}

// ---- runner -------------------------------------------------------------------------------

std::shared_ptr<const Protocol> good() { return std::make_shared<const Protocol>(parse_protocol(kGood, "g")); }

TEST(ProtocolRunner, StepsStartAtTheirScheduledTimesWithTheirPacerSettings) {
  ProtocolRunner r(good());
  constexpr double kT0 = 100.0;
  const RateInputs inputs{5.8, 9.0};
  auto a = r.start(kT0, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kStepStarted);
  EXPECT_EQ(a[0].step, 0u);
  EXPECT_FALSE(a[0].pacer_enabled);

  EXPECT_TRUE(r.advance(kT0 + 29.999, inputs).empty());
  a = r.advance(kT0 + 30.0, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 1u);
  EXPECT_NEAR(a[0].t_s, kT0 + 30.0, kTimeTolS);
  EXPECT_TRUE(a[0].pacer_enabled);
  EXPECT_NEAR(a[0].pacer.rate_bpm, 6.5, kRateTolBpm);
  EXPECT_NEAR(a[0].pacer.inhale_fraction, 0.5, kRateTolBpm);
  EXPECT_NEAR(a[0].pacer.hold_after_inhale_s, 1.0, kTimeTolS);

  // The ramp starts from the measured rate (9.0) and reaches 5.0 over its 100 s.
  a = r.advance(kT0 + 150.0, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 2u);
  EXPECT_NEAR(a[0].pacer.rate_bpm, 9.0, kRateTolBpm);
  EXPECT_NEAR(r.step_rate_end_bpm(), 5.0, kRateTolBpm);
  a = r.advance(kT0 + 200.0, inputs);  // half way: 7.0
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kPacer);
  EXPECT_NEAR(a[0].pacer.rate_bpm, 7.0, 1e-6);
  EXPECT_TRUE(r.advance(kT0 + 200.5, inputs).empty()) << "changes come in 0.1 /min steps only";
  a = r.advance(kT0 + 249.99, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_NEAR(a[0].pacer.rate_bpm, 5.0, 1e-6);

  // The last step uses the client's resonance rate, and its guidance fades.
  a = r.advance(kT0 + 250.0, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 3u);
  EXPECT_NEAR(a[0].pacer.rate_bpm, 5.8, kRateTolBpm);
  EXPECT_NEAR(r.guidance(kT0 + 275.0), 0.5, 1e-9);
  EXPECT_FALSE(r.finished());
  a = r.advance(kT0 + 300.0, inputs);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, RunnerAction::Type::kFinished);
  EXPECT_NEAR(a[0].t_s, kT0 + 300.0, kTimeTolS);
  EXPECT_TRUE(r.finished());
  EXPECT_TRUE(r.advance(kT0 + 400.0, inputs).empty());

  const auto blocks = r.finished_assessment_blocks();
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_NEAR(blocks[0].start_s, kT0 + 30.0, kTimeTolS);
  EXPECT_NEAR(blocks[0].end_s, kT0 + 150.0, kTimeTolS);
  EXPECT_NEAR(blocks[0].rate_bpm, 6.5, kRateTolBpm);
}

TEST(ProtocolRunner, ALateCallReportsEveryStepItPassedWithItsScheduledStart) {
  ProtocolRunner r(good());
  (void)r.start(0.0, {});
  const auto a = r.advance(260.0, {});
  ASSERT_EQ(a.size(), 3u);  // block, ramp and own-rate steps started; the last has no ramp
  EXPECT_EQ(a[0].step, 1u);
  EXPECT_NEAR(a[0].t_s, 30.0, kTimeTolS);
  EXPECT_EQ(a[1].step, 2u);
  EXPECT_NEAR(a[1].t_s, 150.0, kTimeTolS);
  EXPECT_EQ(a[2].step, 3u);
  EXPECT_NEAR(a[2].t_s, 250.0, kTimeTolS);
  // Unknown inputs: the steps fall back to the rate_bpm written in the file.
  EXPECT_NEAR(a[1].pacer.rate_bpm, 8.0, kRateTolBpm);
  EXPECT_NEAR(a[2].pacer.rate_bpm, 6.0, kRateTolBpm);
}

TEST(ProtocolRunner, OutOfRangeInputsAreClampedToThePacerRange) {
  ProtocolRunner r(good());
  (void)r.start(0.0, {});
  const auto a = r.advance(150.0, RateInputs{20.0, 14.0});
  ASSERT_FALSE(a.empty());
  EXPECT_NEAR(a.back().pacer.rate_bpm, kPacerMaxRateBpm, kRateTolBpm);
}

}  // namespace
}  // namespace resonant::engine
