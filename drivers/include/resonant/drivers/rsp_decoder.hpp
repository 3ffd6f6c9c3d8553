#pragma once
// Resonant Serial Protocol 1.x: decoded frame -> SensorEvents (hardware/protocol/PROTOCOL.md).
//
// Frame layout (after CobsFramer removed COBS and the CRC), little-endian:
//   0 type u8 | 1 seq u16 | 3 t_dev_us u32 | 7 payload
// Payloads: see resonant_protocol.h ("payload layouts").
//
// Tracks the sequence number (a jump becomes a GapEvent with the number of frames lost), the
// channel table from CHANNEL frames (SAMPLES for an undescribed channel are counted and
// dropped, never guessed) and the protocol version (an unknown major version is a fatal,
// actionable error). Pure: no I/O, no clock.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

class RspDecoder {
 public:
  static constexpr std::size_t kMaxChannels = 8;

  struct Stats {
    std::uint64_t frames = 0;
    std::uint64_t frames_lost = 0;            // from sequence-number jumps
    std::uint64_t bad_payloads = 0;           // wrong size or values out of range
    std::uint64_t unknown_types = 0;          // ignored (newer minor version)
    std::uint64_t samples_without_channel = 0;
    std::uint64_t acks = 0;
    std::uint64_t nacks = 0;                  // ACK with a non-zero result
  };

  /// Decodes one frame; emit(SensorEvent&&) is called for each resulting event (0..2).
  template <typename Emit>
  void decode(std::span<const std::uint8_t> frame, SteadyClock::time_point t_rx, Emit&& emit) {
    SensorEvent events[2];
    const int n = decode_into(frame, t_rx, events);
    for (int i = 0; i < n; ++i) emit(std::move(events[i]));
  }

  /// Set when the device speaks a protocol this host cannot read; the link should fail
  /// with this message.
  const std::optional<std::string>& fatal_error() const { return fatal_error_; }

  bool has_identity() const { return has_identity_; }
  const Stats& stats() const { return stats_; }
  /// Forget sequence and channel state (after reopening the port).
  void reset();

 private:
  int decode_into(std::span<const std::uint8_t> frame, SteadyClock::time_point t_rx,
                  SensorEvent (&out)[2]);
  bool decode_samples(std::span<const std::uint8_t> p, std::uint32_t t_dev_us,
                      SteadyClock::time_point t_rx, SampleBlock& block);

  struct ChannelScale {
    bool known = false;
    float scale = 1.0f;
    float offset = 0.0f;
  };

  std::optional<std::uint16_t> expected_seq_;
  std::array<ChannelScale, kMaxChannels> channels_{};
  bool has_identity_ = false;
  std::optional<std::string> fatal_error_;
  Stats stats_{};
};

}  // namespace resonant::drivers
