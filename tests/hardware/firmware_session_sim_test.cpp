// End to end from an ADC pin to the session: the built firmware runs in simavr, paced to real
// time, with a real PPG and breathing-belt recording on its analog pins; its UART is the
// device side of a pseudo-terminal; resonant-cli session reads the other side through the
// serial driver, the engine pipeline and its PPG beat detector. The beats it reports must be
// the beats the same detector finds directly in the samples the firmware sent, within one
// sample period, and no frame may be lost.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/dsp/ppg_beat_detector.hpp>

#include "avr_sensor.hpp"
#include "pty_device.hpp"
#include "recorded_input.hpp"
#include "rsp_capture.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant {
namespace {

using nlohmann::json;
using testing::AvrSensor;
using testing::RecordedInput;
using testing::RspCapture;

constexpr std::uint8_t kPpg = 0;
constexpr double kPpgRateHz = 250.0;
constexpr double kSamplePeriodS = 1.0 / kPpgRateHz;   // the "within one sample period"
constexpr double kSessionS = 40.0;                     // data seconds the CLI reads
constexpr double kSignalS = kSessionS + 8.0;           // what the sensor has to give
constexpr double kRecordingStartS = 30.0;              // where in the 5-minute recording
constexpr double kSliceS = 0.002;                      // simulated time run between pty checks

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

/// The simulated sensor behind a pty, in real time: the host cannot tell it from a Nano.
class RealTimeBridge {
 public:
  explicit RealTimeBridge(AvrSensor& sensor) : sensor_(sensor) {
    thread_ = std::thread([this] { run(); });
  }
  ~RealTimeBridge() { stop(); }
  RealTimeBridge(const RealTimeBridge&) = delete;
  RealTimeBridge& operator=(const RealTimeBridge&) = delete;

  const std::string& path() const { return pty_.path(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  /// After stop(): everything the firmware sent, and the simulated seconds run.
  const std::vector<std::uint8_t>& sent() const { return sent_; }
  double behind_s() const { return worst_behind_s_; }

 private:
  void run() {
    const auto t0 = std::chrono::steady_clock::now();
    while (!stop_ && sensor_.time_s() < kSignalS) {
      const double next_s = sensor_.time_s() + kSliceS;
      sensor_.run_until(next_s);
      auto out = sensor_.take_output();
      if (!out.empty()) {
        pty_.send(out);
        sent_.insert(sent_.end(), out.begin(), out.end());
      }
      const auto in = pty_.receive();
      if (!in.empty()) sensor_.send(in);
      const auto due = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(next_s));
      const double behind = std::chrono::duration<double>(std::chrono::steady_clock::now() - due).count();
      worst_behind_s_ = std::max(worst_behind_s_, behind);
      std::this_thread::sleep_until(due);
    }
  }

  AvrSensor& sensor_;
  testing::PtyDevice pty_;
  std::atomic<bool> stop_{false};
  std::vector<std::uint8_t> sent_;
  double worst_behind_s_ = 0.0;
  std::thread thread_;
};

struct Session {
  std::vector<double> beats_s;
  double first_sample_s = NAN;
  json summary;
};

Session parse(const std::string& out) {
  Session s;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json j = json::parse(line);
    const std::string type = j.at("type");
    if (type == "beat") s.beats_s.push_back(j.at("t_s").get<double>());
    if (type == "stream" && std::isnan(s.first_sample_s)) s.first_sample_s = j.at("first_sample_t_s");
    if (type == "summary") s.summary = j;
  }
  return s;
}

TEST(FirmwareInSimavr, SessionFindsTheBeatsTheDetectorFindsInTheSentSamples) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  RESONANT_REQUIRE_SHARED_DATA(eda_csv, "neurokit/bio_eventrelated_100hz.csv");
  const auto rest = testing::read_whole_record_at(csv, 100.0);
  const auto events = testing::read_whole_record_at(eda_csv, 100.0);
  const RecordedInput ppg(rest.channel("PPG"), 100.0, kRecordingStartS, kSignalS + 1, 150, 870);
  const RecordedInput belt(rest.channel("RSP"), 100.0, kRecordingStartS, kSignalS + 1, 200, 800);
  const RecordedInput eda(events.channel("EDA"), 100.0, kRecordingStartS, kSignalS + 1, 250, 420);
  AvrSensor sensor(RESONANT_FIRMWARE_ELF, {ppg, belt, eda});

  const auto wall_start = std::chrono::steady_clock::now();
  RealTimeBridge bridge(sensor);
  const testing::ProcessResult r = testing::run_process(
      {cli(), "session", "--port", bridge.path(), "--protocol", "resonant", "--json-lines",
       "--duration", std::to_string(kSessionS)},
      std::chrono::seconds(120));
  bridge.stop();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Session s = parse(r.out);
  ASSERT_FALSE(s.summary.is_null()) << r.out;
  EXPECT_EQ(s.summary.at("ended"), "duration");
  EXPECT_EQ(s.summary.at("beat_source"), "ppg");

  // What the firmware sent, decoded by the host's own framer and decoder.
  RspCapture cap;
  cap.push(bridge.sent());
  EXPECT_EQ(cap.framing().crc_errors + cap.framing().framing_errors, 0u);
  EXPECT_EQ(cap.decoding().frames_lost, 0u);
  const auto first_samples = std::find_if(
      cap.frames.begin(), cap.frames.end(), [](const auto& f) { return f.type == RSP_T_SAMPLES; });
  ASSERT_NE(first_samples, cap.frames.end());
  const double anchor_dev_s = first_samples->t_dev_us * 1e-6;  // = the session's first sample

  // The same detector on the same PPG samples (values as the host decodes them).
  const auto blocks = cap.blocks(kPpg);
  ASSERT_FALSE(blocks.empty());
  std::vector<float> ppg_values;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) {
      ASSERT_EQ(blocks[b].t_dev_us, blocks[b - 1].t_dev_us + blocks[b - 1].count * 4000u);
    }
    ppg_values.insert(ppg_values.end(), blocks[b].values.begin(), blocks[b].values.begin() + blocks[b].count);
  }
  dsp::PpgDetectorConfig config;
  config.sample_rate_hz = kPpgRateHz;
  const double ppg0_dev_s = blocks.front().t_dev_us * 1e-6;
  std::vector<double> direct;  // device seconds
  for (const auto& b : dsp::detect_ppg_beats(ppg_values, config)) {
    direct.push_back(ppg0_dev_s + b.sample_index / kPpgRateHz);
  }
  std::vector<double> session;  // device seconds
  for (double t : s.beats_s) session.push_back(anchor_dev_s + (t - s.first_sample_s));

  // Every direct beat the session had time to report is there, every session beat is a direct
  // beat, each within one sample period.
  const double last_reportable = anchor_dev_s + kSessionS - dsp::PpgBeatDetector(config).latency_s();
  std::size_t expected = 0, matched = 0;
  double worst_s = 0.0;
  std::size_t j = 0;
  for (double t : direct) {
    while (j < session.size() && session[j] < t - kSamplePeriodS) {
      ADD_FAILURE() << "session beat at " << session[j] - anchor_dev_s << " s is not a detector beat";
      ++j;
    }
    const bool found = j < session.size() && std::abs(session[j] - t) <= kSamplePeriodS;
    if (found) {
      worst_s = std::max(worst_s, std::abs(session[j] - t));
      ++matched;
      ++j;
    }
    if (t <= last_reportable) {
      ++expected;
      EXPECT_TRUE(found) << "detector beat at " << t - anchor_dev_s << " s missing in the session";
    }
  }
  EXPECT_EQ(j, session.size()) << "session beats after the last detector beat";
  EXPECT_GE(expected, 35u);  // ~40 s of a resting heart

  // The link: nothing lost, nothing damaged; every frame the session needed was decoded.
  EXPECT_EQ(s.summary.at("crc_errors"), 0);
  EXPECT_EQ(s.summary.at("framing_errors"), 0);
  EXPECT_EQ(s.summary.at("seq_gaps"), 0);
  EXPECT_EQ(s.summary.at("dropped"), 0);
  EXPECT_EQ(s.summary.at("gaps"), 0);
  std::size_t needed = 0;
  for (const auto& f : cap.frames) needed += f.type != RSP_T_SAMPLES || f.t_dev_us * 1e-6 <= anchor_dev_s + kSessionS;
  const std::uint64_t decoded = s.summary.at("frames");
  EXPECT_GE(decoded, needed - 1) << "the last ACK (to STOP) may come after the host closed";

  std::printf("beats: %zu from the detector on the sent samples (%zu reportable in %.0f s), %zu in the "
              "session, %zu matched, worst difference %.3f ms (tolerance %.1f ms)\n",
              direct.size(), expected, kSessionS, session.size(), matched, worst_s * 1e3, kSamplePeriodS * 1e3);
  std::printf("frames: %zu sent by the firmware, %llu decoded by the session (crc errors %d, seq gaps %d); "
              "wall %.1f s, simulation at most %.1f ms behind real time\n",
              cap.frames.size(), static_cast<unsigned long long>(decoded),
              s.summary.at("crc_errors").get<int>(), s.summary.at("seq_gaps").get<int>(), wall_s,
              bridge.behind_s() * 1e3);
}

}  // namespace
}  // namespace resonant
