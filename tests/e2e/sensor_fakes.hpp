#pragma once
// Every supported sensor as a fake on the far end of a pseudo-terminal, for end-to-end tests of
// `resonant-cli session --port P --protocol NAME|auto`. Each wraps the protocol's fake from the
// driver tests (tests/drivers/*_fake.hpp) behind one face: answer what the host sends, say
// when the handshake is done, and give the bytes due at a time since streaming began, so the
// test can pace them in real time (the engine maps device time to session time, so the data
// must arrive as fast as a real sensor sends it). Each carries its ground truth: the RR
// intervals in order and the tolerance a beat found from this sensor's data can be held to.
//
// Threading contract: not synchronised; one test thread.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace resonant::testing {

using Bytes = std::vector<std::uint8_t>;

class FakeSensor {
 public:
  virtual ~FakeSensor() = default;

  /// Bytes the host sent; returns the sensor's immediate answers (ACKs, responses).
  virtual Bytes answer(std::span<const std::uint8_t> from_host) = 0;
  /// True once the host has said what the sensor needs to start streaming.
  virtual bool streaming() const = 0;
  /// Everything the sensor sends from the last call up to since_start_s of streaming.
  virtual Bytes due(double since_start_s) = 0;
  /// What the sensor saw of the host, for failure messages.
  virtual std::string seen() const { return {}; }

  std::vector<double> truth_rr_ms;  // beat k's interval from beat k-1, in order
  double rr_tolerance_ms = 1.0;     // the sensor's time resolution for the beats used
  std::string beat_source;          // "device", "ecg" or "ppg": what the engine should use
  std::string device_words;         // a word the device's description contains
};

/// The fake for a protocol name of the registry; throws for names without a fake.
std::unique_ptr<FakeSensor> make_fake_sensor(const std::string& protocol);

/// The names make_fake_sensor knows.
std::vector<std::string> fake_sensor_protocols();

/// The contents of an ant-plus.conf holding the key the fake ANT stick expects (a made-up key).
std::string fake_ant_plus_config();

}  // namespace resonant::testing
