// End to end: resonant-cli session --flow runs prepare -> baseline -> practice -> debrief
// headless on the simulated person (sped up) and prints the debrief with the self-ratings.
#include <cmath>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace resonant {
namespace {

using nlohmann::json;

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

TEST(FlowEndToEnd, BaselineThenPracticeThenTheDebriefWithRatings) {
  testing::TempDir dir;
  const std::string db = (dir.path() / "sessions.db").string();
  const auto r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "50", "--seed", "3", "--scenario", "calm", "--flow",
       "--baseline-min", "2", "--practice-min", "2", "--rate-before", "calm=3,tension=7", "--rate-after",
       "calm=8,tension=2", "--json", "--db", db},
      std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("phase"), "debrief");
  // Phase lengths as asked, to within one engine cycle of sped-up time.
  constexpr double kLengthToleranceS = 1.5;
  EXPECT_NEAR(j["baseline"]["duration_s"].get<double>(), 120.0, kLengthToleranceS);
  EXPECT_NEAR(j["practice"]["duration_s"].get<double>(), 120.0, kLengthToleranceS);
  // A calm person at 55-80 bpm: about a beat a second in each phase.
  EXPECT_GT(j["baseline"]["intervals"].get<int>(), 90);
  EXPECT_GT(j["practice"]["intervals"].get<int>(), 90);
  for (const char* phase : {"baseline", "practice"}) {
    EXPECT_GT(j[phase]["mean_hr_bpm"].get<double>(), 45.0) << phase;
    EXPECT_LT(j[phase]["mean_hr_bpm"].get<double>(), 100.0) << phase;
    EXPECT_GT(j[phase]["rmssd_ms"].get<double>(), 0.0) << phase;
  }
  // Slow paced breathing near the person's resonance swings the heart more than resting
  // (the baseline lasts 2 min so its live figures, over the last 60-64 s, exist).
  ASSERT_TRUE(j["baseline"]["rsa_bpm"].is_number()) << r.out;
  EXPECT_GT(j["practice"]["rsa_bpm"].get<double>(), j["baseline"]["rsa_bpm"].get<double>());
  const json& rt = j.at("ratings");
  EXPECT_EQ(rt.at("calm_before").get<double>(), 3.0);
  EXPECT_EQ(rt.at("tension_before").get<double>(), 7.0);
  EXPECT_EQ(rt.at("calm_after").get<double>(), 8.0);
  EXPECT_EQ(rt.at("tension_after").get<double>(), 2.0);
  EXPECT_NE(r.err.find("resting baseline"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("practice"), std::string::npos) << r.err;
}

// A 12 s baseline holds under the 30 s of intervals RMSSD needs: the debrief says "too short"
// for it (not a figure from a dozen beats), gives the 1-minute practice its figure, and says
// what each figure needs.
TEST(FlowEndToEnd, AShortBaselinesRmssdIsTooShortToMeasure) {
  const auto r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "50", "--seed", "3", "--flow", "--baseline-min",
       "0.2", "--practice-min", "1", "--no-save"},
      std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto row = r.out.find("  RMSSD (ms)");
  ASSERT_NE(row, std::string::npos) << r.out;
  const std::string line = r.out.substr(row, r.out.find('\n', row) - row);
  EXPECT_NE(line.find("too short"), std::string::npos) << line;
  EXPECT_EQ(line.find("too short"), line.rfind("too short")) << "practice has its RMSSD: " << line;
  EXPECT_NE(r.out.find("RMSSD needs 30 s of beats"), std::string::npos) << r.out;
}

TEST(FlowEndToEnd, ABadRatingIsNamed) {
  const auto r = testing::run_process(
      {cli(), "session", "--simulate", "--flow", "--no-save", "--rate-before", "calm=12"},
      std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("calm=12"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace resonant
