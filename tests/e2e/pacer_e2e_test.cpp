// The pacer driven from resonant-cli: a preset sets it, the adaptive ramp slows it while
// the simulated person (who follows the pacer) keeps up.
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant {
namespace {

using testing::TempDir;

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

// The rates announced on stderr ("pacer 6.6 breaths/min ..."), in order.
std::vector<double> announced_rates(const std::string& err) {
  std::vector<double> rates;
  const std::regex line(R"(pacer (\d+\.\d) breaths/min)");
  for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator();
       ++it) {
    rates.push_back(std::stod((*it)[1]));
  }
  return rates;
}

TEST(PacerE2e, TheRampSlowsTheSimulatedPersonsPacerStepByStep) {
  TempDir dir;
  // 400 s of session time at 100x real time: about 4 s here.
  const auto r = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "100", "--no-save", "--pacer-bpm", "7",
       "--pacer-ramp", "6", "--duration", "400"},
      std::chrono::seconds(60), {"XDG_CONFIG_HOME=" + dir.path().string()});
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<double> rates = announced_rates(r.err);
  ASSERT_GE(rates.size(), 3u) << "the start rate and at least two steps:\n" << r.err;
  EXPECT_DOUBLE_EQ(rates.front(), 7.0);
  for (std::size_t i = 2; i < rates.size(); ++i) {
    EXPECT_LT(rates[i], rates[i - 1] + 1e-9) << "the ramp only slows:\n" << r.err;
    EXPECT_LE(rates[i - 1] - rates[i], 0.2 + 1e-9) << "small steps:\n" << r.err;
  }
  EXPECT_GE(rates.back(), 6.0 - 1e-9) << "never below the target";
  EXPECT_NE(r.err.find("slowing toward 6.0 while you keep up"), std::string::npos) << r.err;
}

TEST(PacerE2e, PresetsAreListedSavedAndUsed) {
  TempDir dir;
  const std::vector<std::string> env{"XDG_CONFIG_HOME=" + dir.path().string()};
  const auto saved = testing::run_process(
      {cli(), "presets", "save", "evening", "--bpm", "5.5", "--inhale-fraction", "0.35"},
      std::chrono::seconds(30), env);
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const auto listed = testing::run_process({cli(), "presets"}, std::chrono::seconds(30), env);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (const char* name : {"resonance", "4-7-8", "box", "bedtime", "evening"}) {
    EXPECT_NE(listed.out.find(name), std::string::npos) << name << " in\n" << listed.out;
  }
  const auto refused = testing::run_process({cli(), "presets", "save", "Box"},
                                            std::chrono::seconds(30), env);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("built-in"), std::string::npos) << refused.err;

  const auto session = testing::run_process(
      {cli(), "session", "--simulate", "--speed", "100", "--no-save", "--pacer-preset", "EVENING",
       "--duration", "20"},
      std::chrono::seconds(60), env);
  ASSERT_EQ(session.exit_code, 0) << session.err;
  const std::vector<double> rates = announced_rates(session.err);
  ASSERT_FALSE(rates.empty()) << session.err;
  EXPECT_DOUBLE_EQ(rates.front(), 5.5);
}

}  // namespace
}  // namespace resonant
