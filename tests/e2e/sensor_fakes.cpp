#include "sensor_fakes.hpp"

#include <resonant/drivers/bioharness_commands.hpp>
#include <resonant/drivers/cms50_decoders.hpp>
#include <resonant/drivers/nonin_decoder.hpp>

#include <algorithm>
#include <stdexcept>

#include "ant_plus_fake.hpp"
#include "bioharness_fake.hpp"
#include "ble_bridge_fake.hpp"
#include "cms50_fake.hpp"
#include "hxm_fake.hpp"
#include "nonin_fake.hpp"
#include "pulsesensor_fake.hpp"
#include "rr_truth.hpp"

namespace resonant::testing {
namespace {

namespace dt = resonant::drivers::testing;

constexpr std::size_t kBeats = 120;  // ~2 minutes: more than any session of the tests needs
constexpr std::uint32_t kSeed = 2026;

template <typename Seq>
std::vector<double> diffs_ms(const Seq& times, double ms_per_unit) {
  std::vector<double> rr;
  for (std::size_t k = 1; k < times.size(); ++k) {
    rr.push_back(static_cast<double>(times[k] - times[k - 1]) * ms_per_unit);
  }
  return rr;
}

/// A sensor whose whole stream is known up front, each packet at its time.
class TimelineSensor : public FakeSensor {
 public:
  Bytes answer(std::span<const std::uint8_t>) override { return {}; }
  bool streaming() const override { return true; }
  Bytes due(double since_start_s) override {
    Bytes out;
    for (; next_ < timeline_.size() && timeline_[next_].t_s <= since_start_s; ++next_) {
      out.insert(out.end(), timeline_[next_].bytes.begin(), timeline_[next_].bytes.end());
    }
    return out;
  }

 protected:
  struct Timed {
    double t_s;
    Bytes bytes;
  };
  /// Cuts a stream of fixed-size packets sent at rate_hz into timed packets.
  void add_packets(const Bytes& stream, std::size_t packet_bytes, double rate_hz) {
    for (std::size_t i = 0; i * packet_bytes < stream.size(); ++i) {
      const auto from = stream.begin() + static_cast<std::ptrdiff_t>(i * packet_bytes);
      timeline_.push_back({static_cast<double>(i) / rate_hz,
                           Bytes(from, from + static_cast<std::ptrdiff_t>(packet_bytes))});
    }
  }
  std::vector<Timed> timeline_;
  std::size_t next_ = 0;
};

// ---- Zephyr HxM BT: self-streaming, one packet a second with the 15 newest beat times ------
class HxmSensor final : public TimelineSensor {
 public:
  HxmSensor() {
    const auto beats = dt::make_beat_times_ms(700, kBeats, kSeed);
    const dt::HxmFake fake(beats, 250);
    const auto packets = fake.packets();
    for (std::size_t i = 0; i < packets.size(); ++i) {
      timeline_.push_back({static_cast<double>(i), packets[i].bytes});
    }
    truth_rr_ms = diffs_ms(beats, 1.0);
    rr_tolerance_ms = 0.5;  // integer ms
    beat_source = "device";
    device_words = "HxM";
  }
};

// ---- Zephyr BioHarness 3: streams what the host enables; ECG 250 Hz ------------------------
class BioharnessSensor final : public FakeSensor {
 public:
  BioharnessSensor() : beats_(dt::make_beat_times_ms(700, kBeats, kSeed)), fake_(beats_) {
    truth_rr_ms = diffs_ms(beats_, 1.0);
    rr_tolerance_ms = 4.0 + 0.5;  // the ECG spike is on the 4 ms sample grid
    beat_source = "ecg";
    device_words = "BioHarness";
  }
  Bytes answer(std::span<const std::uint8_t> from_host) override { return fake_.on_host_bytes(from_host); }
  bool streaming() const override {
    return std::all_of(drivers::bioharness::kStreamCommands.begin(),
                       drivers::bioharness::kStreamCommands.end(),
                       [&](std::uint8_t id) { return fake_.enabled(id); });
  }
  Bytes due(double since_start_s) override {
    if (packets_.empty()) packets_ = fake_.timed_stream();
    Bytes out;
    for (; next_ < packets_.size() && static_cast<double>(packets_[next_].t_ms) / 1000.0 <= since_start_s; ++next_) {
      out.insert(out.end(), packets_[next_].bytes.begin(), packets_[next_].bytes.end());
    }
    return out;
  }

 private:
  std::vector<std::uint64_t> beats_;
  dt::BioharnessFake fake_;
  std::vector<dt::BioharnessFake::Timed> packets_;
  std::size_t next_ = 0;
};

// ---- ANT USB stick with an ANT+ strap: broadcasts once the host opened the channel ---------
class AntPlusSensor final : public FakeSensor {
 public:
  AntPlusSensor() : fake_(dt::kFakeAntKey, dt::make_strap_truth(static_cast<int>(kBeats), kSeed)) {
    const auto& rr = fake_.truth().rr_us;
    for (std::size_t k = 1; k < rr.size(); ++k) truth_rr_ms.push_back(rr[k] / 1000.0);
    rr_tolerance_ms = 1000.0 / 1024.0;  // event times in 1/1024 s
    beat_source = "device";
    device_words = "ANT+";
  }
  Bytes answer(std::span<const std::uint8_t> from_host) override { return fake_.on_host_bytes(from_host); }
  bool streaming() const override { return fake_.channel_open(); }
  Bytes due(double since_start_s) override {
    Bytes out;
    for (; next_ < fake_.message_count() &&
           static_cast<double>(next_) * dt::FakeAntStick::kMessagePeriodS <= since_start_s;
         ++next_) {
      const auto m = fake_.broadcast_message(next_);
      out.insert(out.end(), m.begin(), m.end());
    }
    return out;
  }

 private:
  dt::FakeAntStick fake_;
  std::size_t next_ = 0;
};

// ---- BLE bridge with a Polar H10: HRS RR always, ECG + ACC once the host starts PMD --------
class BleBridgeSensor final : public FakeSensor {
 public:
  BleBridgeSensor() : fake_(kSeed, kBeats) {
    for (std::size_t k = 1; k < fake_.rr_1024.size(); ++k) truth_rr_ms.push_back(fake_.rr_1024[k] * 1000.0 / 1024.0);
    rr_tolerance_ms = 1000.0 / resonant::testing::ble::BleBridgeFake::kEcgRateHz + 0.5;  // ECG at 130 Hz
    beat_source = "ecg";
    device_words = "BLE bridge";
  }
  Bytes answer(std::span<const std::uint8_t> from_host) override { return fake_.on_host_bytes(from_host); }
  bool streaming() const override { return fake_.connected(); }
  Bytes due(double since_start_s) override { return fake_.stream_until(since_start_s); }
  std::string seen() const override {
    return "bridge saw " + std::to_string(fake_.identify_seen) + " IDENTIFY, " +
           std::to_string(fake_.bad_commands) + " unknown commands; ECG " +
           (fake_.ecg_ever_started ? "started" : "never started") + ", " +
           std::to_string(fake_.ecg_uv.size()) + " ECG samples sent";
  }

 private:
  resonant::testing::ble::BleBridgeFake fake_;
};

// ---- Contec CMS50: legacy streams by itself; V7.0 after the start command ------------------
class Cms50Sensor final : public TimelineSensor {
 public:
  explicit Cms50Sensor(bool v7) : v7_(v7) {
    const auto truth = dt::make_cms50_truth(kBeats, kSeed);
    if (v7) {
      add_packets(dt::cms50_v7_stream(truth), 9, drivers::kCms50SampleRateHz);
    } else {
      add_packets(dt::cms50_legacy_stream(truth), 5, drivers::kCms50SampleRateHz);
    }
    truth_rr_ms = diffs_ms(truth.beat_packets, 1000.0 / drivers::kCms50SampleRateHz);
    rr_tolerance_ms = 1000.0 / drivers::kCms50SampleRateHz + 0.5;  // pleth at 60 Hz
    beat_source = "ppg";
    device_words = "CMS50";
  }
  Bytes answer(std::span<const std::uint8_t> from_host) override {
    from_host_.insert(from_host_.end(), from_host.begin(), from_host.end());
    return {};
  }
  bool streaming() const override { return !v7_ || dt::count_v7_start_commands(from_host_) > 0; }

 private:
  bool v7_;
  Bytes from_host_;
};

// ---- Nonin: accepts a request for format 7 (NAKs others), streams DF7 at 75 Hz -------------
class NoninSensor final : public TimelineSensor {
 public:
  NoninSensor() {
    const auto truth = dt::make_nonin_truth(kBeats, kSeed);
    add_packets(dt::nonin_stream(truth, /*df7=*/true), 5, drivers::kNoninSampleRateHz);
    truth_rr_ms = diffs_ms(truth.beat_frames, 1000.0 / drivers::kNoninSampleRateHz);
    rr_tolerance_ms = 1000.0 / drivers::kNoninSampleRateHz + 0.5;
    beat_source = "ppg";
    device_words = "Nonin";
  }
  Bytes answer(std::span<const std::uint8_t> from_host) override {
    from_host_.insert(from_host_.end(), from_host.begin(), from_host.end());
    Bytes out;
    const auto asked = dt::nonin_requested_formats(from_host_);
    for (; answered_ < asked.size(); ++answered_) {
      out.push_back(asked[answered_] == 7 ? drivers::NoninDecoder::kAck : drivers::NoninDecoder::kNak);
    }
    return out;
  }

 private:
  Bytes from_host_;
  std::size_t answered_ = 0;
};

// ---- PulseSensor Playground: ASCII lines, a sample every 20 ms ------------------------------
class PulseSensorSensor final : public TimelineSensor {
 public:
  PulseSensorSensor() {
    constexpr double kSamplePeriodS = 0.020;
    const auto truth = dt::make_pulsesensor_truth(kBeats, kSeed);
    const std::string text = dt::pulsesensor_processing_text(truth);
    // Each sample line "S..." starts the next 20 ms; B/Q lines go with the sample before them.
    std::size_t sample = 0;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = text.find('\n', at) + 1;
      const std::string line = text.substr(at, end - at);
      if (line[0] == 'S' || timeline_.empty()) {
        timeline_.push_back({static_cast<double>(sample++) * kSamplePeriodS, {}});
      }
      timeline_.back().bytes.insert(timeline_.back().bytes.end(), line.begin(), line.end());
      at = end;
    }
    truth_rr_ms = diffs_ms(truth.beat_ms, 1.0);
    rr_tolerance_ms = kSamplePeriodS * 1000.0 + 0.5;
    beat_source = "ppg";
    device_words = "PulseSensor";
  }
};

}  // namespace

std::unique_ptr<FakeSensor> make_fake_sensor(const std::string& protocol) {
  if (protocol == "hxm") return std::make_unique<HxmSensor>();
  if (protocol == "bioharness") return std::make_unique<BioharnessSensor>();
  if (protocol == "ant-plus") return std::make_unique<AntPlusSensor>();
  if (protocol == "ble-bridge") return std::make_unique<BleBridgeSensor>();
  if (protocol == "cms50") return std::make_unique<Cms50Sensor>(false);
  if (protocol == "cms50-v7") return std::make_unique<Cms50Sensor>(true);
  if (protocol == "nonin") return std::make_unique<NoninSensor>();
  if (protocol == "pulsesensor") return std::make_unique<PulseSensorSensor>();
  throw std::invalid_argument("no fake sensor for protocol " + protocol);
}

std::vector<std::string> fake_sensor_protocols() {
  return {"hxm", "bioharness", "ant-plus", "ble-bridge", "cms50", "cms50-v7", "nonin", "pulsesensor"};
}

std::string fake_ant_plus_config() {
  std::string text = "# a made-up key for the fake stick of the tests\nnetwork_key =";
  char hex[4];
  for (const std::uint8_t b : dt::kFakeAntKey) {
    std::snprintf(hex, sizeof hex, " %02X", b);
    text += hex;
  }
  return text + "\n";
}

}  // namespace resonant::testing
