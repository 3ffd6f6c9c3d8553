#pragma once
// Zephyr HxM BT heart-rate strap (sensor-protocols.md §1): Zephyr frames -> beats and status.
//
// The strap sends one data packet (id 0x26, DLC 55) about once a second, unasked; it carries
// the heart-beat number (u8, +1 per beat) and the device-clock times of the 15 newest beats
// (u16 ms, wrapping at 65.536 s). RR intervals (§1.4): the beat-number difference to the
// previous packet says how many of the 15 timestamps are new; each new beat's RR is its
// timestamp minus the next-older one. Up to 15 new beats continue the series without loss (the
// 15th new beat's predecessor is the newest beat of the previous packet); more than 15 mean
// beats were lost: the oldest beat we still see starts a new series (kBeatAfterGap, rr 0) and a
// GapEvent is emitted. Nothing is ever interpolated.
//
// Device time: the u16 ms beat clock unwrapped (CounterUnwrapper) and converted to the u32 µs
// device clock, so successive beats differ by exactly rr_us (1 ms resolution). Across a gap
// longer than half the u16 range the host receive time tells how many wraps were missed.
//
// Events: DeviceInfo (no waveform channels) before the first data; per packet the new
// DeviceBeats (channel kBeatChannel) then a DeviceStatus (battery %, contact = "HR valid").
// Pure: no I/O, no clock, no allocation per byte.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link, or a test).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <resonant/drivers/decoder_support.hpp>
#include <resonant/drivers/protocol_handler.hpp>
#include <resonant/drivers/zephyr_framer.hpp>

namespace resonant::drivers {

/// §1.3 packet layout (payload offsets).
namespace hxm {
inline constexpr std::uint8_t kDataPacketId = 0x26;
inline constexpr std::size_t kDataPacketDlc = 55;
inline constexpr std::size_t kBatteryOffset = 8;        // u8 %, 0..100
inline constexpr std::size_t kHeartRateOffset = 9;      // u8 bpm, 30..240; 0 = no beat lately
inline constexpr std::size_t kBeatNumberOffset = 10;    // u8, wraps 255 -> 0
inline constexpr std::size_t kTimestampsOffset = 11;    // 15 x u16 LE ms, newest first
inline constexpr std::size_t kTimestampCount = 15;
inline constexpr std::size_t kDistanceOffset = 47;      // u16 LE, 1/16 m, 0..4095
inline constexpr std::size_t kSpeedOffset = 49;         // u16 LE, 1/256 m/s, 0..4095
inline constexpr std::size_t kStridesOffset = 51;       // u8 (not u16: byte 52 is reserved)
inline constexpr unsigned kTimestampBits = 16;
inline constexpr std::uint8_t kBeatChannel = 0;         // DeviceBeat::channel, contact bit 0
}  // namespace hxm

/// Movement fields of the last packet (no SensorEvent carries them; for display/diagnostics).
struct HxmMotion {
  double distance_m = 0.0;      // wraps every 256 m
  double speed_m_per_s = 0.0;   // 0..15.996
  std::uint8_t strides = 0;     // wraps (vendor: every 128)
  bool valid = false;           // distance and speed within their documented ranges
};

class HxmDecoder {
 public:
  /// Feeds received bytes (any chunking); emits the decoded events into sink.
  void push(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);

  /// Counters since construction (reset() keeps them).
  const DecoderStats& stats() const { return stats_; }
  /// Beats whose RR could not be trusted (outside 200..3000 ms): emitted without an RR.
  std::uint64_t implausible_rr() const { return implausible_rr_; }
  const HxmMotion& motion() const { return motion_; }

  /// Forget partial frames and the beat series (after reopening the port).
  void reset();

 private:
  void sync_stats();
  void decode_packet(std::span<const std::uint8_t> payload, SteadyClock::time_point t_rx,
                     EventSink& sink);
  /// Unwrapped ms of a raw beat timestamp that follows the previous one (or, after a gap, that
  /// follows it by about host_elapsed_ms).
  std::uint64_t unwrap_ms(std::uint16_t raw, std::optional<double> host_elapsed_ms);
  void emit_beat(std::uint64_t t_ms, bool after_gap, SteadyClock::time_point t_rx, EventSink& sink);

  ZephyrFramer framer_{std::bitset<256>().set(hxm::kDataPacketId)};
  bool described_ = false;
  bool have_series_ = false;  // a previous beat is known
  std::uint8_t last_beat_number_ = 0;
  std::uint16_t last_raw_ms_ = 0;
  std::uint64_t last_ms_ = 0;  // unwrapped time of the newest beat emitted
  SteadyClock::time_point last_packet_rx_{};
  CounterUnwrapper unwrapper_{hxm::kTimestampBits};
  std::uint64_t unwrap_offset_ms_ = 0;  // added after re-anchoring across a long gap
  HxmMotion motion_{};
  std::uint64_t implausible_rr_ = 0;
  std::uint64_t bad_payloads_ = 0;
  DecoderStats stats_{};
};

/// The HxM behind the ProtocolHandler seam: 115200 8N1, no commands (the strap is simplex).
std::unique_ptr<ProtocolHandler> make_hxm_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
