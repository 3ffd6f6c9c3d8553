#pragma once
// ANT+ heart-rate monitor data pages -> beats (sensor-protocols.md §3.5, §3.6).
//
// Broadcast payload d0..d7 (§3.5); bytes 4..7 mean the same on every page:
//   d0 bit 7 page-change toggle (flips every 4 messages on paging straps), bits 0-6 page
//   d1..d3   page specific (ignored until the toggle was seen to change: legacy straps)
//   d4..d5   heart beat event time, u16 LE, 1/1024 s (wraps every 64 s)
//   d6       heart beat count, u8 (wraps at 256)
//   d7       computed heart rate, bpm (0 = invalid)
// Pages used: 2 manufacturer/serial, 3 hardware/software/model, 4 previous heart beat event
// time (d2..d3), 7 battery (d1 %). The others are ignored.
//
// Beats (§3.6): a new beat when the count changes. n = beats since the last message seen.
//  - n == 1: RR = event time difference (mod 2^16).
//  - n > 1 with a valid page 4 (previous event time after our last beat): the strap's
//    previous beat is known exactly, so it is emitted too; its own interval is known only when
//    n == 2, otherwise it carries kBeatAfterGap with rr_us = 0 and a GapEvent counts the beats
//    missed. The newest beat's RR comes from page 4.
//  - n > 1 otherwise: GapEvent (beats missed = n - 1) and the beat carries kBeatAfterGap,
//    rr_us = 0 (the elapsed time cannot be split among the beats; nothing is fabricated).
// Device time: the event time unwrapped into 1/1024 s ticks, converted to µs and rounded;
// rr_us is exactly the difference of successive beats' rounded t_dev_us. An RR outside
// [200 ms, 3 s] is not trusted: that beat is marked as after a gap. More than 32 s of host
// time between beats (the 16-bit event time spans 64 s) also starts afresh with a gap.
//
// Contact: the profile's text is not available (§8); a strap reporting computed HR 0
// ("invalid") is reported as no contact (UNVERIFIED), any other HR as contact.
//
// Pure: payload and host receive time in, events out. Threading contract: not synchronised;
// one owner thread (the I/O thread of its link).
#include <cstdint>
#include <optional>
#include <span>

#include <resonant/drivers/decoder_support.hpp>
#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

class AntHrmDecoder {
 public:
  /// Logical id of the beat stream (its bit in DeviceStatus::contact_ok_mask).
  static constexpr std::uint8_t kBeatChannel = 0;
  static constexpr std::uint32_t kMinRrUs = 200'000;    // 300 bpm
  static constexpr std::uint32_t kMaxRrUs = 3'000'000;  // 20 bpm

  struct Stats {
    std::uint64_t messages = 0;        // broadcast payloads decoded
    std::uint64_t beats = 0;           // DeviceBeats emitted
    std::uint64_t beats_missed = 0;    // beats the counter says happened but we did not time
    std::uint64_t page4_recovered = 0; // beats timed from page 4 after missed messages
    std::uint64_t implausible_rr = 0;  // intervals outside [kMinRrUs, kMaxRrUs], not trusted
    std::uint64_t glitches = 0;        // all-0xFF beat fields, ignored
    std::uint64_t page4_mismatch = 0;  // page 4 previous time disagreeing with our last beat
  };

  /// What the strap said about itself (pages 2 and 3), for logs and diagnostics.
  struct StrapIdentity {
    std::optional<std::uint8_t> manufacturer_id;
    std::optional<std::uint16_t> serial_upper16;
    std::optional<std::uint8_t> hardware_version;
    std::optional<std::uint8_t> software_version;
    std::optional<std::uint8_t> model_number;
  };

  /// One broadcast payload (d0..d7).
  void decode(std::span<const std::uint8_t, 8> d, SteadyClock::time_point t_rx, EventSink& sink);

  /// The channel lost the strap (closed, searching again): the next beat starts after a gap.
  void mark_gap() { gap_pending_ = true; }
  /// Forget everything but the counters (after reopening the port); announces itself again.
  void reset();

  const Stats& stats() const { return stats_; }
  const StrapIdentity& identity() const { return identity_; }
  bool paging_confirmed() const { return paging_confirmed_; }

 private:
  void track_toggle(std::uint8_t d0);
  void on_new_beats(std::span<const std::uint8_t, 8> d, SteadyClock::time_point t_rx,
                    EventSink& sink);
  void decode_page(std::span<const std::uint8_t, 8> d);
  void emit_beat(std::uint64_t ticks, bool after_gap, SteadyClock::time_point t_rx,
                 EventSink& sink);
  void emit_gap(std::uint64_t beats_missed, SteadyClock::time_point t_rx, EventSink& sink);
  void update_status(bool contact, SteadyClock::time_point t_rx, EventSink& sink);

  bool described_ = false;
  std::optional<bool> first_toggle_;
  bool paging_confirmed_ = false;

  bool have_last_ = false;
  bool gap_pending_ = false;
  std::uint8_t last_count_ = 0;
  std::uint16_t last_evt_ = 0;
  std::uint64_t ticks_ = 0;          // unwrapped event time of the last beat, 1/1024 s
  SteadyClock::time_point last_beat_rx_{};

  bool have_emitted_ = false;
  std::uint32_t last_beat_us_ = 0;   // t_dev_us of the last beat emitted

  bool status_sent_ = false;
  bool contact_ = false;
  std::uint8_t battery_pct_ = 255;
  bool status_dirty_ = false;

  StrapIdentity identity_;
  Stats stats_{};
};

}  // namespace resonant::drivers
