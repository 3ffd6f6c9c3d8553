// The simulated person without a breathing belt, end to end: `resonant-cli simulate --pty
// --no-belt` on a real pseudo-terminal, read by `resonant-cli session --port`, and
// `simulate --record --no-belt` written as a WFDB record without the RESP signal.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace resonant {
namespace {

using nlohmann::json;
using testing::ChildProcess;
using testing::ProcessResult;
using testing::TempDir;

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

constexpr double kPacerBpm = 6.0;
// A clean person following a 6 /min pacer: the session's mean breathing rate, estimated from
// the heart rhythm alone, is this close (with the belt it is 5.96 /min, seed 1).
constexpr double kMeanRateToleranceBpm = 0.5;

TEST(NoBeltEndToEnd, AHostReadingThePtySeesNoBeltAndStillABreathingRate) {
  // 100 s of model time at x20: 5 s of wall time, one clear 64 s estimate and more.
  ChildProcess device({cli(), "simulate", "--pty", "--no-belt", "--speed", "20", "--scenario",
                       "clean", "--pacer-bpm", "6", "--duration", "100"});
  const auto pty = device.read_line(std::chrono::seconds(10));
  ASSERT_TRUE(pty.has_value()) << "simulate printed no path";
  ASSERT_EQ(pty->rfind("/dev/pts/", 0), 0u) << *pty;

  const ProcessResult r = testing::run_process(
      {cli(), "session", "--port", *pty, "--json-lines", "--no-save", "--reconnect-timeout", "1"},
      std::chrono::seconds(60));
  const ProcessResult d = device.wait(std::chrono::seconds(10));
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.err.find("no belt"), std::string::npos) << d.err;

  std::string stream_device;
  json summary;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json j = json::parse(line);
    if (j.at("type") == "stream") stream_device = j.at("device");
    if (j.at("type") == "summary") summary = j;
  }
  // The host describes the channels the device declared: no belt among them.
  ASSERT_FALSE(stream_device.empty()) << r.out.substr(0, 2000) << r.err;
  EXPECT_NE(stream_device.find("ecg 250 Hz"), std::string::npos) << stream_device;
  EXPECT_NE(stream_device.find("ppg 125 Hz"), std::string::npos) << stream_device;
  EXPECT_NE(stream_device.find("eda 25 Hz"), std::string::npos) << stream_device;
  EXPECT_EQ(stream_device.find("resp"), std::string::npos) << stream_device;
  ASSERT_FALSE(summary.is_null()) << r.err;
  EXPECT_GE(summary.at("duration_s").get<double>(), 99.0);
  ASSERT_TRUE(summary.at("breathing_rate_bpm").is_number()) << summary.dump();
  EXPECT_NEAR(summary.at("breathing_rate_bpm").get<double>(), kPacerBpm, kMeanRateToleranceBpm);
}

TEST(NoBeltEndToEnd, ARecordWithoutTheBeltHasNoRespSignal) {
  TempDir dir;
  const auto base = (dir.path() / "nobelt").string();
  const ProcessResult r = testing::run_process(
      {cli(), "simulate", "--record", base, "--no-belt", "--duration", "70"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream hea(base + ".hea");
  std::string first;
  std::getline(hea, first);
  std::vector<std::string> signals;
  for (std::string line; std::getline(hea, line);) {
    if (!line.empty() && line[0] != '#') signals.push_back(line);
  }
  // "<name> <signals> <rate> <samples>": 3 signals, each line ending in its description.
  EXPECT_EQ(first.rfind("nobelt 3 250", 0), 0u) << first;
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_NE(signals[0].find("ECG"), std::string::npos) << signals[0];
  EXPECT_NE(signals[1].find("PPG"), std::string::npos) << signals[1];
  EXPECT_NE(signals[2].find("EDA"), std::string::npos) << signals[2];
  EXPECT_NE(r.err.find(", no belt)"), std::string::npos) << r.err;
  // The samples decode as written (three interleaved signals): analyze finds the person's
  // beats and, with no belt, estimates the breathing rate from the heart.
  const ProcessResult a = testing::run_process({cli(), "analyze", base + ".hea", "--json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto j = nlohmann::json::parse(a.out);
  const double seconds = 70.0;
  const double beats_per_s = j.at("beats").get<double>() / seconds;
  EXPECT_GT(beats_per_s, 0.8) << a.out;  // the simulated person's 50-110 beats/min
  EXPECT_LT(beats_per_s, 1.9) << a.out;
  EXPECT_NE(j.at("respiration").at("source"), "belt");
  EXPECT_EQ(j.at("respiration").at("windows"), 1);
}

TEST(NoBeltEndToEnd, NoBeltWithARealPortIsAUsageError) {
  const ProcessResult r = testing::run_process(
      {cli(), "session", "--port", "/dev/null", "--no-belt"}, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--no-belt describes the simulated person"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace resonant
