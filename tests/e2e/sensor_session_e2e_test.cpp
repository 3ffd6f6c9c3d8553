// End to end for every supported sensor: `resonant-cli session --port P --protocol NAME` and
// `--protocol auto` against the protocol's fake on a real pseudo-terminal, paced in real time.
// The session must end as planned with a clean link (no checksum, framing or sequence errors,
// nothing dropped), take its beats from the source that sensor offers, and report RR intervals
// that are the fake's ground truth in order, to the resolution of the data they came from.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pty_device.hpp"
#include "sensor_fakes.hpp"
#include "test_support.hpp"

namespace resonant {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kSessionS = 12;                 // seconds of data per session
constexpr auto kRunLimit = 60s;               // auto-detection included
constexpr std::size_t kMinBeatsWithRr = 6;    // in 12 s at 60-110 bpm, whatever the warm-up
constexpr double kMinInOrderMatch = 0.9;      // of the reported intervals

struct Outcome {
  std::vector<double> rr_ms;  // reported intervals (not rejected), in order
  std::string device;
  json summary;
};

Outcome parse(const std::vector<std::string>& lines) {
  Outcome o;
  for (const auto& line : lines) {
    const json j = json::parse(line);  // every line must be valid JSON
    const std::string type = j.at("type");
    if (type == "beat" && j.at("rr_ms").is_number() && !j.contains("rr_rejected")) {
      o.rr_ms.push_back(j.at("rr_ms").get<double>());
    } else if (type == "stream") {
      o.device = j.at("device");
    } else if (type == "summary") {
      o.summary = j;
    }
  }
  return o;
}

/// How many reported intervals equal the truth's intervals in order (each the next truth
/// interval, or one of the two after it when the engine skipped a beat), for the best start.
struct Alignment {
  std::size_t matched = 0;
  double worst_error_ms = 0.0;
};

Alignment align(const std::vector<double>& reported, const std::vector<double>& truth, double tol_ms) {
  Alignment best;
  for (std::size_t start = 0; start < truth.size(); ++start) {
    if (reported.empty() || std::abs(reported[0] - truth[start]) > tol_ms) continue;
    Alignment a{1, std::abs(reported[0] - truth[start])};
    std::size_t at = start;
    for (std::size_t i = 1; i < reported.size(); ++i) {
      for (std::size_t next = at + 1; next <= at + 3 && next < truth.size(); ++next) {
        if (std::abs(reported[i] - truth[next]) <= tol_ms) {
          ++a.matched;
          a.worst_error_ms = std::max(a.worst_error_ms, std::abs(reported[i] - truth[next]));
          at = next;
          break;
        }
      }
    }
    if (a.matched > best.matched) best = a;
  }
  return best;
}

struct Case {
  std::string protocol;
  bool automatic;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.protocol + (info.param.automatic ? "_auto" : "_named");
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

class SensorSessionEndToEnd : public ::testing::TestWithParam<Case> {};

TEST_P(SensorSessionEndToEnd, SessionDecodesTheSensorAndReportsItsTrueIntervals) {
  const Case& c = GetParam();
  auto sensor = testing::make_fake_sensor(c.protocol);
  testing::PtyDevice device;
  testing::TempDir home;
  std::filesystem::create_directories(home.path() / "config/resonant");
  std::ofstream(home.path() / "config/resonant/ant-plus.conf") << testing::fake_ant_plus_config();

  testing::ChildProcess cli(
      {(testing::binary_dir() / "src/cli/resonant-cli").string(), "session", "--port", device.path(),
       "--protocol", c.automatic ? "auto" : c.protocol, "--json-lines", "--duration",
       std::to_string(kSessionS), "--reconnect-timeout", "20"},
      {"XDG_CONFIG_HOME=" + (home.path() / "config").string(),
       "XDG_DATA_HOME=" + (home.path() / "data").string()});

  // Be the sensor until the session prints its summary: answer the host, pace the stream.
  std::vector<std::string> lines;
  std::optional<std::chrono::steady_clock::time_point> streaming_since;
  const auto deadline = std::chrono::steady_clock::now() + kRunLimit;
  bool summary_seen = false;
  while (!summary_seen && std::chrono::steady_clock::now() < deadline) {
    const auto from_host = device.receive();
    if (!from_host.empty()) {
      const auto answer = sensor->answer(from_host);
      if (!answer.empty()) device.send(answer);
    }
    if (sensor->streaming()) {
      if (!streaming_since) streaming_since = std::chrono::steady_clock::now();
      const std::chrono::duration<double> since = std::chrono::steady_clock::now() - *streaming_since;
      const auto bytes = sensor->due(since.count());
      if (!bytes.empty()) device.send(bytes);
    }
    if (auto line = cli.read_line(5ms)) {
      summary_seen = line->find("\"type\":\"summary\"") != std::string::npos;
      lines.push_back(std::move(*line));
    }
  }
  const testing::ProcessResult r = cli.wait(10s);
  ASSERT_TRUE(summary_seen) << "no summary within " << kRunLimit.count() << " s; stderr:\n" << r.err;
  ASSERT_TRUE(streaming_since.has_value()) << "the host never started the sensor";
  EXPECT_EQ(r.exit_code, 0) << r.err;

  const Outcome o = parse(lines);
  if (std::getenv("RESONANT_E2E_DUMP")) {
    for (const auto& l : lines) std::printf("%s\n", l.c_str());
  }
  const json& s = o.summary;
  EXPECT_EQ(s.at("ended"), "duration");
  EXPECT_NE(o.device.find(sensor->device_words), std::string::npos) << o.device;
  EXPECT_EQ(s.at("beat_source"), sensor->beat_source) << sensor->seen();
  EXPECT_EQ(s.at("crc_errors"), 0);
  EXPECT_EQ(s.at("seq_gaps"), 0);
  EXPECT_EQ(s.at("dropped"), 0);
  EXPECT_EQ(s.at("gaps"), 0);
  if (!c.automatic) {
    EXPECT_EQ(s.at("framing_errors"), 0) << "(auto may see its own probes)";
  }

  ASSERT_GE(o.rr_ms.size(), kMinBeatsWithRr) << r.err;
  const Alignment a = align(o.rr_ms, sensor->truth_rr_ms, sensor->rr_tolerance_ms);
  EXPECT_GE(static_cast<double>(a.matched), kMinInOrderMatch * static_cast<double>(o.rr_ms.size()))
      << a.matched << " of " << o.rr_ms.size() << " intervals are the truth in order (tolerance "
      << sensor->rr_tolerance_ms << " ms)";
  std::printf("[ %s%s ] %s; %llu frames, %zu intervals, %zu equal the truth in order, worst %.2f ms "
              "(tolerance %.2f ms), beats from %s\n",
              c.protocol.c_str(), c.automatic ? " auto" : "", o.device.c_str(),
              static_cast<unsigned long long>(s.at("frames").get<std::uint64_t>()), o.rr_ms.size(),
              a.matched, a.worst_error_ms, sensor->rr_tolerance_ms,
              s.at("beat_source").get<std::string>().c_str());
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto& p : testing::fake_sensor_protocols()) {
    cases.push_back({p, false});
    cases.push_back({p, true});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(EverySensor, SensorSessionEndToEnd, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace resonant
