// Office mode end to end: resonant-cli session --mark posts exercise-block markers at session
// times while the simulated person streams through a pty; the response cards printed at the
// end must agree with the beats the same run printed.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace resonant {
namespace {

using nlohmann::json;

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

struct Beat {
  double t_s;
  double hr_bpm;
};

struct CliRun {
  std::vector<Beat> beats;  // beats with an interval (hr_bpm not null)
  std::vector<json> cards;
};

CliRun parse(const std::string& out) {
  CliRun run;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json j = json::parse(line);
    if (j.at("type") == "beat" && !j.at("hr_bpm").is_null()) {
      run.beats.push_back({j.at("t_s").get<double>(), j.at("hr_bpm").get<double>()});
    } else if (j.at("type") == "response_card") {
      run.cards.push_back(j);
    }
  }
  return run;
}

struct Mean {
  std::size_t n = 0;
  double bpm = NAN;
};

Mean mean_hr(const std::vector<Beat>& beats, double t0_s, double t1_s) {
  Mean m;
  double sum = 0.0;
  for (const Beat& b : beats) {
    if (b.t_s >= t0_s && b.t_s < t1_s) {
      sum += b.hr_bpm;
      ++m.n;
    }
  }
  if (m.n > 0) m.bpm = sum / static_cast<double>(m.n);
  return m;
}

TEST(OfficeEndToEnd, MarkedBlocksGetResponseCardsThatMatchThePrintedBeats) {
  const testing::ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "20", "--scenario", "calm", "--seed", "3",
       "--duration", "200", "--no-save", "--json-lines", "--mark", "60:grounding", "--mark",
       "100:a plain note:note", "--mark", "120:grounding:end", "--mark", "150:pendulation"},
      std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CliRun run = parse(r.out);
  ASSERT_EQ(run.cards.size(), 2u) << "a note is not a block; two blocks were marked";
  ASSERT_GT(run.beats.size(), 180u);

  const json& grounding = run.cards[0];
  EXPECT_EQ(grounding.at("label"), "grounding");
  EXPECT_DOUBLE_EQ(grounding.at("start_s").get<double>(), 60.0);  // the times asked for
  EXPECT_DOUBLE_EQ(grounding.at("end_s").get<double>(), 120.0);
  EXPECT_TRUE(grounding.at("ended").get<bool>());
  // Recomputed from the beat lines (HR printed to 0.01 bpm).
  const Mean base = mean_hr(run.beats, 0.0, 60.0);  // the 60 s before (clipped at the first beat)
  const Mean block = mean_hr(run.beats, 60.0, 120.0);
  EXPECT_EQ(grounding.at("baseline_beats").get<std::size_t>(), base.n);
  EXPECT_EQ(grounding.at("block_beats").get<std::size_t>(), block.n);
  EXPECT_NEAR(grounding.at("delta_hr_bpm").get<double>(), block.bpm - base.bpm, 0.01);
  // The pacer runs at 6/min: about 6 breaths per minute are scored for the RSA amplitude.
  EXPECT_GE(grounding.at("baseline_breaths").get<int>(), 4);
  EXPECT_GE(grounding.at("block_breaths").get<int>(), 4);
  EXPECT_GT(grounding.at("baseline_rsa_bpm").get<double>(), 1.0);  // a calm person's swing
  EXPECT_NEAR(grounding.at("delta_rsa_bpm").get<double>(),
              grounding.at("block_rsa_bpm").get<double>() - grounding.at("baseline_rsa_bpm").get<double>(),
              1e-9);
  // The calm person does not react to the exercise: HR is back within the baseline band at once
  // (or the card says it is not, never a made-up figure).
  if (!grounding.at("return_s").is_null()) {
    EXPECT_GE(grounding.at("return_s").get<double>(), 0.0);
    EXPECT_LE(grounding.at("return_s").get<double>(), 200.0 - 120.0 - 15.0);
    EXPECT_TRUE(grounding.at("return_final").get<bool>());
  }

  const json& pendulation = run.cards[1];
  EXPECT_EQ(pendulation.at("label"), "pendulation");
  EXPECT_DOUBLE_EQ(pendulation.at("start_s").get<double>(), 150.0);
  EXPECT_TRUE(pendulation.at("end_s").is_null()) << "still running when the session ended";
  EXPECT_FALSE(pendulation.at("ended").get<bool>());
  const Mean running = mean_hr(run.beats, 150.0, 1e9);
  EXPECT_EQ(pendulation.at("block_beats").get<std::size_t>(), running.n);
}

TEST(OfficeEndToEnd, StoredSessionGivesTheSameCardsAsTheLiveRun) {
  testing::TempDir dir;
  const std::string db = (dir.path() / "sessions.db").string();
  const testing::ProcessResult live = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "20", "--seed", "5", "--duration", "130",
       "--db", db, "--json-lines", "--mark", "40:orienting", "--mark", "80:orienting:end"},
      std::chrono::seconds(60));
  ASSERT_EQ(live.exit_code, 0) << live.err;
  const CliRun run = parse(live.out);
  ASSERT_EQ(run.cards.size(), 1u);
  json summary;
  std::istringstream in(live.out);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"type\":\"summary\"") != std::string::npos) summary = json::parse(line);
  }
  ASSERT_FALSE(summary.is_null());
  const auto id = summary.at("session_id").get<std::int64_t>();
  ASSERT_GT(id, 0);

  const testing::ProcessResult stored = testing::run_process(
      {cli(), "cards", std::to_string(id), "--db", db, "--json"}, std::chrono::seconds(30));
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  const CliRun offline = parse(stored.out);
  ASSERT_EQ(offline.cards.size(), 1u) << stored.out;
  const json& a = run.cards[0];
  const json& b = offline.cards[0];
  EXPECT_EQ(b.at("label"), "orienting");
  EXPECT_NEAR(b.at("start_s").get<double>(), 40.0, 1e-6);  // stored in microseconds
  EXPECT_NEAR(b.at("end_s").get<double>(), 80.0, 1e-6);
  EXPECT_EQ(b.at("baseline_beats"), a.at("baseline_beats"));
  EXPECT_EQ(b.at("block_beats"), a.at("block_beats"));
  EXPECT_NEAR(b.at("delta_hr_bpm").get<double>(), a.at("delta_hr_bpm").get<double>(), 0.01);
  // The same pacer breaths (the schedule is rebuilt from session time 0, as live).
  EXPECT_EQ(b.at("baseline_breaths"), a.at("baseline_breaths"));
  EXPECT_EQ(b.at("block_breaths"), a.at("block_breaths"));
  EXPECT_NEAR(b.at("delta_rsa_bpm").get<double>(), a.at("delta_rsa_bpm").get<double>(), 0.05);
  EXPECT_EQ(b.at("return_s").is_null(), a.at("return_s").is_null());
}

TEST(OfficeEndToEnd, MalformedMarkIsAUsageErrorNamingTheFormat) {
  const testing::ProcessResult r = testing::run_process(
      {cli(), "session", "--simulate", "--no-save", "--mark", "soon:grounding"}, std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("SECONDS:LABEL"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace resonant
