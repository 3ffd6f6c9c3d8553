#pragma once
// What a sensor source hands the engine, in order: device and channel descriptions, sample
// blocks, device-detected beats, status, link changes and gaps (architecture.md §2, queue A).
//
// All types are trivially copyable with fixed-size storage so queue A never allocates.
// Device time (t_dev_us) and host receive time (t_rx) travel together; the engine's time
// mapper is the only place that turns them into session time.
#include <array>
#include <cstdint>
#include <string_view>
#include <variant>

#include <resonant/common/channel.hpp>
#include <resonant/common/fixed_text.hpp>
#include <resonant/common/link_status.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/common/spsc_queue.hpp>

#include "resonant_protocol.h"

namespace resonant::drivers {

inline constexpr std::size_t kMaxNameChars = RSP_MAX_NAME;
inline constexpr std::size_t kMaxSamplesPerBlock = RSP_MAX_SAMPLES_PER_FRAME;

struct DeviceInfo {
  std::uint8_t protocol_major = 0;
  std::uint8_t protocol_minor = 0;
  std::uint8_t device_kind = 0;  // RSP_DEVICE_*
  std::uint8_t channel_count = 0;
  std::array<std::uint8_t, 3> firmware{};
  double clock_speed = 1.0;  // device seconds per real second (> 1: a sped-up simulation)
  FixedText<kMaxNameChars> name;
  SteadyClock::time_point t_rx{};
};

struct ChannelInfo {
  std::uint8_t channel = 0;
  ChannelKind kind = ChannelKind::kOther;
  std::uint8_t adc_bits = 0;
  double rate_hz = 0.0;  // (0, 10000]
  float scale = 1.0f;    // physical = raw * scale + offset
  float offset = 0.0f;
  FixedText<kMaxNameChars> name;
  SteadyClock::time_point t_rx{};
};

/// Consecutive samples of one channel, already in physical units (channel's unit_of(kind)).
struct SampleBlock {
  std::uint8_t channel = 0;
  std::uint8_t flags = 0;   // RSP_SF_* bits
  std::uint16_t count = 0;  // [1, kMaxSamplesPerBlock]
  std::uint32_t t_dev_us = 0;  // device time of values[0]
  SteadyClock::time_point t_rx{};
  std::array<float, kMaxSamplesPerBlock> values{};
};

/// DeviceBeat::flags.
inline constexpr std::uint8_t kBeatAfterGap = 0x01;    // beats may be missing before this one
inline constexpr std::uint8_t kBeatNoContact = 0x02;   // the device reported lost contact

/// A beat the device detected itself (RR straps, bridges, pulse oximeters' pulse markers).
/// channel is a logical id: the waveform channel the beat was found in, or any id the device
/// uses for its beat stream (its contact bit in DeviceStatus::contact_ok_mask).
/// Successive beats of one stream are timed so that t_dev_us differences equal rr_us.
struct DeviceBeat {
  std::uint8_t channel = 0;
  std::uint8_t flags = 0;
  std::uint32_t t_dev_us = 0;  // device time of the beat (u32 microseconds, wraps)
  std::uint32_t rr_us = 0;     // interval from the previous beat; 0 = unknown (first, after gap)
  SteadyClock::time_point t_rx{};
};

struct DeviceStatus {
  std::uint8_t flags = 0;
  std::uint8_t contact_ok_mask = 0;
  std::uint8_t saturated_mask = 0;
  std::uint8_t battery_pct = 255;
  std::uint16_t overruns = 0;
  std::uint32_t t_dev_us = 0;
  SteadyClock::time_point t_rx{};
};

/// The link changed state. message says what happened and, on errors, what to do.
struct LinkEvent {
  LinkState state = LinkState::kIdle;
  SteadyClock::time_point t_rx{};
  FixedText<kLinkMessageChars> message;
};

/// Data was lost between the previous and the next event (sequence gap, queue overflow,
/// device overrun). The engine breaks its series here and never interpolates across it.
struct GapEvent {
  static constexpr int kAllChannels = -1;
  std::uint64_t frames_lost = 0;   // from sequence numbers (0 when unknown)
  std::uint64_t events_dropped = 0;  // dropped because queue A was full
  SteadyClock::time_point t_rx{};
  /// The one channel whose data was lost (a device with a counter per stream, e.g. the
  /// BioHarness breathing stream), or kAllChannels: series of other channels go on unbroken.
  int channel = kAllChannels;
};

using SensorEvent =
    std::variant<DeviceInfo, ChannelInfo, SampleBlock, DeviceBeat, DeviceStatus, LinkEvent, GapEvent>;

/// Queue A: I/O thread -> engine thread (see SpscQueue for the threading contract).
using SensorQueue = SpscQueue<SensorEvent>;

/// Pushes events into queue A with its overflow policy:
///  - measurements (samples, beats, status) may not take the last kControlReserve slots, so a
///    link change, a channel description or a gap marker always finds room;
///  - a refused event is counted and, as soon as there is room again, a GapEvent tells the
///    engine how many were lost before the next event.
/// Threading contract: used by the single producer thread of its queue only.
class EventPublisher {
 public:
  static constexpr std::size_t kControlReserve = 32;

  EventPublisher(SensorQueue& queue, AtomicLinkCounters& counters)
      : queue_(queue), counters_(counters) {}

  void publish(SensorEvent event);

 private:
  void drop();

  SensorQueue& queue_;
  AtomicLinkCounters& counters_;
  std::uint64_t pending_drops_ = 0;
};

}  // namespace resonant::drivers
