// End to end: resonant-cli session --protocol-name bedtime_wind_down on the simulated person
// (sped up) ends by itself: the engine goes to the fade-out early once breathing has settled
// or when the time limit leaves just the fade, and the session ends with the protocol.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace resonant {
namespace {

using nlohmann::json;
using testing::ProcessResult;

constexpr const char* kSpeed = "100";         // 15 minutes of session in about 9 s
constexpr double kDefaultLimitS = 15.0 * 60;  // the protocol's time_limit_min
constexpr double kFadeS = 3.0 * 60;           // its fade-out step
constexpr double kStartSlackS = 5.0;          // the protocol starts with the first data

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

std::vector<json> lines_of_type(const std::string& out, const std::string& type) {
  std::vector<json> found;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() != '{') continue;
    const json j = json::parse(line);
    if (j.at("type") == type) found.push_back(j);
  }
  return found;
}

void expect_ends_by_itself(const ProcessResult& r, double limit_s) {
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto steps = lines_of_type(r.out, "step");
  ASSERT_GE(steps.size(), 2u) << r.out.substr(0, 2000);
  const json& fade = steps.back();
  EXPECT_EQ(fade.at("name"), "Fade out");
  EXPECT_TRUE(fade.at("fade_out").get<bool>());
  ASSERT_TRUE(fade.at("early").is_string()) << "the steps before the fade were cut short: " << fade.dump();
  const std::string why = fade.at("early");
  EXPECT_TRUE(why == "breathing has settled" || why == "time limit") << why;
  const auto ends = lines_of_type(r.out, "protocol_end");
  ASSERT_EQ(ends.size(), 1u);
  const double end_s = ends[0].at("t_s").get<double>();
  EXPECT_NEAR(end_s - fade.at("t_s").get<double>(), kFadeS, 1e-6) << "the whole fade, then the end";
  EXPECT_LE(end_s, limit_s + kStartSlackS);
}

TEST(BedtimeEndToEnd, TheWindDownEndsByItselfWithinItsTimeLimit) {
  const ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", kSpeed, "--seed", "3", "--scenario", "calm",
       "--protocol-name", "bedtime_wind_down", "--json-lines", "--no-save"},
      std::chrono::seconds(60));
  expect_ends_by_itself(r, kDefaultLimitS);
}

TEST(BedtimeEndToEnd, AShorterTimeLimitFromTheCommandLineEndsItSooner) {
  const ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", kSpeed, "--seed", "3", "--scenario", "calm",
       "--protocol-name", "bedtime_wind_down", "--time-limit-min", "5", "--json-lines", "--no-save"},
      std::chrono::seconds(60));
  expect_ends_by_itself(r, 5.0 * 60);
  const auto steps = lines_of_type(r.out, "step");
  ASSERT_FALSE(steps.empty());
  EXPECT_NEAR(steps.back().at("t_s").get<double>(), 5.0 * 60 - kFadeS, kStartSlackS)
      << "5 min limit, 3 min fade: the fade starts at 2 min";
}

// --stop-protocol-at (as leaving bedtime mode): the protocol's end is reported as stopped at
// that session time, and the session goes on (beats after it) to --duration.
TEST(BedtimeEndToEnd, StopProtocolAtEndsTheWindDownAndTheSessionGoesOn) {
  constexpr double kStopS = 120.0;
  constexpr double kPostSlackS = 2.0;  // the CLI posts once the data reach that time
  const ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", kSpeed, "--seed", "3", "--scenario", "calm",
       "--protocol-name", "bedtime_wind_down", "--resonance-bpm", "5.5", "--stop-protocol-at", "120",
       "--duration", "200", "--json-lines", "--no-save"},
      std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ends = lines_of_type(r.out, "protocol_end");
  ASSERT_EQ(ends.size(), 1u) << r.out.substr(0, 2000);
  EXPECT_TRUE(ends[0].at("stopped").get<bool>());
  const double end_s = ends[0].at("t_s").get<double>();
  EXPECT_GE(end_s, kStopS);
  EXPECT_LE(end_s, kStopS + kPostSlackS);
  const auto steps = lines_of_type(r.out, "step");
  ASSERT_FALSE(steps.empty());
  EXPECT_LT(steps.back().at("t_s").get<double>(), end_s) << "no step after the stop";
  const auto beats = lines_of_type(r.out, "beat");
  ASSERT_FALSE(beats.empty());
  EXPECT_GT(beats.back().at("t_s").get<double>(), end_s + 60.0) << "the session went on after the stop";
}

TEST(BedtimeEndToEnd, ATimeLimitForAProtocolThatCannotFadeIsRefused) {
  const ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", kSpeed, "--protocol-name", "resting_baseline",
       "--time-limit-min", "5", "--no-save"},
      std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("\"Resting baseline\" has no fade_out step"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'bedtime_wind_down'"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("\"type\":\"beat\""), std::string::npos) << "nothing ran";
}

}  // namespace
}  // namespace resonant
