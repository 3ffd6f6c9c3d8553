#pragma once
// Contec CMS50 pulse oximeters (sensor-protocols.md §6.2): two incompatible live streams.
//
//  - Cms50LegacyDecoder, Variant A [V-impl×3]: 60 packets/s of 5 bytes, bit 7 set only on
//    byte 0, no checksum.
//      byte 0: 1 | b6 beep/pulse | b5 SpO2 dropping | b4 searching too long (finger out) | b3..0 strength
//      byte 1: 0 | pleth 0..127
//      byte 2: 0 | b6 PR bit 7 | b5 searching for pulse | b4 probe error | b3..0 bar graph
//      byte 3: 0 | PR bits 6..0            byte 4: 0 | SpO2 %
//    Resync: wait for a bit-7 byte, collect 4 bytes with bit 7 clear; a bit-7 byte arriving
//    early restarts the packet there.
//  - Cms50V7Decoder, Variant B ("Communication protocol of pulse oximeter V7.0"), partly
//    [UNVERIFIED]: byte 0 = type (bit 7 clear), byte 1 = "high byte" (bit 7 set, carries the
//    original bit 7 of the following bytes), every later byte has bit 7 forced to 1.
//    Real-time packet: type 0x01, 9 bytes; byte 2 bit 6 = beat marker (one implementation),
//    byte 3 = pleth, byte 5 = pulse rate, byte 6 = SpO2, all `& 0x7F`. The high-byte mapping
//    and the status bits are unverified: we use only the 7-bit values and the beat marker,
//    and report no contact status (see the decoder).
//
// Neither stream has a device clock: device time is synthesised from the packet count at the
// nominal 60 Hz, so t_dev_us(n) = n * 1e6 / 60 (floor). Bytes skipped inside a stream mean
// lost packets: the decoder estimates how many, advances its clock by that, emits a GapEvent
// and breaks the beat chain.
//
// Threading contract: not synchronised; one owner thread (the link's I/O thread or a test).
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

/// Both CMS50 variants stream the pleth at 60 packets/s (§6.2).
inline constexpr double kCms50SampleRateHz = 60.0;
inline constexpr std::uint8_t kCms50PpgChannel = 0;
/// Samples per SampleBlock: 0.2 s of pleth, small enough for a live plot.
inline constexpr std::size_t kCms50BlockSamples = 12;

/// Device time of the n-th packet since the stream started (u64 before the u32 wrap).
constexpr std::uint64_t cms50_packet_time_us(std::uint64_t n) {
  return n * 1'000'000u / 60u;
}

/// Turns a pulse-marker bit sampled once per packet into DeviceBeats timed at the packet's
/// resolution (1/60 s). A beat is the marker's rising edge; edges closer than the shortest
/// plausible RR are the same beat; intervals longer than the longest plausible RR, lost data
/// and lost contact restart the chain (rr_us = 0, kBeatAfterGap).
class Cms50PulseMarker {
 public:
  static constexpr std::uint64_t kMinRrUs = 200'000;    // 300 bpm
  static constexpr std::uint64_t kMaxRrUs = 3'000'000;  // 20 bpm

  void push(bool marker, bool usable, std::uint64_t packet, SteadyClock::time_point t_rx,
            EventSink& sink);
  void break_chain() {
    last_beat_us_.reset();
    after_gap_ = true;
  }
  void reset() {
    break_chain();
    marker_was_set_ = false;
  }

 private:
  std::optional<std::uint64_t> last_beat_us_;
  bool after_gap_ = true;
  bool marker_was_set_ = false;
};

/// Variant A decoder (see the file comment).
class Cms50LegacyDecoder {
 public:
  static constexpr std::size_t kPacketBytes = 5;
  static constexpr std::uint8_t kSync = 0x80;
  // Byte 0.
  static constexpr std::uint8_t kPulseBeep = 0x40;
  static constexpr std::uint8_t kSearchingTooLong = 0x10;
  // Byte 2.
  static constexpr std::uint8_t kPulseRateBit7 = 0x40;
  static constexpr std::uint8_t kSearchingForPulse = 0x20;
  static constexpr std::uint8_t kProbeError = 0x10;
  // "Not available" markers of the numeric readings.
  static constexpr unsigned kInvalidPulseRate = 255;
  static constexpr unsigned kInvalidSpo2 = 127;

  void decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);
  void reset();

  const DecoderStats& stats() const { return stats_; }
  /// Packets decoded since the last skipped byte (how clean the stream is right now).
  std::uint64_t clean_run() const { return clean_run_; }
  /// Latest readings; empty while the device marks them invalid.
  std::optional<unsigned> pulse_rate_bpm() const { return pulse_rate_bpm_; }
  std::optional<unsigned> spo2_pct() const { return spo2_pct_; }

 private:
  void on_packet(SteadyClock::time_point t_rx, EventSink& sink);
  void skip(std::size_t n);

  std::array<std::uint8_t, kPacketBytes> packet_{};
  std::size_t have_ = 0;
  std::uint64_t skipped_ = 0;  // bytes skipped since the last packet
  bool started_ = false;       // a packet was decoded since reset()
  std::uint64_t packet_index_ = 0;
  std::optional<bool> contact_ok_;
  std::optional<unsigned> pulse_rate_bpm_;
  std::optional<unsigned> spo2_pct_;
  std::uint64_t clean_run_ = 0;
  SampleBlocker blocker_{kCms50PpgChannel, kCms50SampleRateHz, kCms50BlockSamples};
  Cms50PulseMarker beats_;
  DecoderStats stats_{};
};

/// Variant B decoder (see the file comment). Experimental.
class Cms50V7Decoder {
 public:
  static constexpr std::size_t kRealTimeBytes = 9;
  static constexpr std::uint8_t kTypeRealTime = 0x01;
  static constexpr std::uint8_t kBit7 = 0x80;
  static constexpr std::uint8_t kBeatMarker = 0x40;  // byte 2 (celiponcio) [V-1]
  // Positions inside a real-time packet (observed by two implementations).
  static constexpr std::size_t kStatusByte = 2;
  static constexpr std::size_t kPlethByte = 3;
  static constexpr std::size_t kPulseRateByte = 5;
  static constexpr std::size_t kSpo2Byte = 6;

  void decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);
  void reset();

  const DecoderStats& stats() const { return stats_; }
  /// Packets of other types (answers to commands): skipped, neither frames nor errors.
  std::uint64_t other_packets() const { return other_packets_; }
  std::optional<unsigned> pulse_rate_bpm() const { return pulse_rate_bpm_; }
  std::optional<unsigned> spo2_pct() const { return spo2_pct_; }

  /// Data byte i (0..6 after the high byte) with its bit 7 restored from the high byte, as the
  /// spec recommends; [UNVERIFIED] mapping, so the decoder does not rely on it.
  static std::uint8_t restored(std::span<const std::uint8_t, kRealTimeBytes> packet,
                               std::size_t i) {
    return static_cast<std::uint8_t>((packet[2 + i] & 0x7F) | (((packet[1] >> i) & 1u) << 7));
  }

 private:
  enum class State : std::uint8_t { kIdle, kRealTime, kOther };
  void on_packet(SteadyClock::time_point t_rx, EventSink& sink);
  void skip(std::size_t n);
  void start(std::uint8_t type_byte);

  std::array<std::uint8_t, kRealTimeBytes> packet_{};
  std::size_t have_ = 0;
  State state_ = State::kIdle;
  std::uint64_t skipped_ = 0;
  bool started_ = false;
  std::uint64_t packet_index_ = 0;
  std::optional<unsigned> pulse_rate_bpm_;
  std::optional<unsigned> spo2_pct_;
  std::uint64_t other_packets_ = 0;
  SampleBlocker blocker_{kCms50PpgChannel, kCms50SampleRateHz, kCms50BlockSamples};
  Cms50PulseMarker beats_;
  DecoderStats stats_{};
};

}  // namespace resonant::drivers
