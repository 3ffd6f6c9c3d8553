#include <resonant/drivers/hxm_decoder.hpp>

#include <chrono>
#include <cmath>

namespace resonant::drivers {
namespace {

constexpr std::uint64_t kTimestampModulus = std::uint64_t{1} << hxm::kTimestampBits;
constexpr std::uint8_t kBatteryMaxPct = 100;
constexpr std::uint16_t kMotionMaxRaw = 4095;       // §1.3: distance and speed valid 0..4095
constexpr double kDistanceMPerCount = 1.0 / 16.0;   // §1.3
constexpr double kSpeedMPerSPerCount = 1.0 / 256.0; // §1.3
// A heart beats 20..300 times a minute: RR in [200 ms, 3 s] (event_invariants.hpp).
constexpr std::uint64_t kMinRrMs = 200;
constexpr std::uint64_t kMaxRrMs = 3000;
constexpr std::uint32_t kUsPerMs = 1000;

std::uint16_t le16(std::span<const std::uint8_t> p, std::size_t off) {
  return static_cast<std::uint16_t>(p[off] | (p[off + 1] << 8));
}

}  // namespace

void HxmDecoder::push(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                      EventSink& sink) {
  framer_.push(bytes, [&](const ZephyrFrame& f) {
    // The strap only sends data packets, always ended by ETX (§1.3).
    if (f.id != hxm::kDataPacketId || f.terminator != kZephyrEtx ||
        f.payload.size() != hxm::kDataPacketDlc) {
      ++bad_payloads_;
      return;
    }
    ++stats_.data_frames;
    decode_packet(f.payload, t_rx, sink);
  });
  sync_stats();
}

void HxmDecoder::sync_stats() {
  const auto& f = framer_.stats();
  stats_.frames = f.frames;
  stats_.crc_errors = f.crc_errors;
  stats_.framing_errors = f.framing_errors + bad_payloads_;
}

void HxmDecoder::reset() {
  framer_.reset();
  described_ = false;
  have_series_ = false;
  unwrapper_.reset();
  unwrap_offset_ms_ = 0;
  motion_ = {};
}

std::uint64_t HxmDecoder::unwrap_ms(std::uint16_t raw, std::optional<double> host_elapsed_ms) {
  if (!host_elapsed_ms) {
    // Continuing series: consecutive beats are far less than half the u16 range apart.
    return unwrap_offset_ms_ + unwrapper_.unwrap(raw);
  }
  // After a gap: the forward u16 step, plus the whole wraps the host clock says were missed.
  const std::uint64_t step = static_cast<std::uint16_t>(raw - last_raw_ms_);
  const double missed = std::round((*host_elapsed_ms - static_cast<double>(step)) /
                                   static_cast<double>(kTimestampModulus));
  const std::uint64_t wraps = missed > 0.0 ? static_cast<std::uint64_t>(missed) : 0;
  const std::uint64_t t_ms = last_ms_ + step + wraps * kTimestampModulus;
  unwrapper_.reset();
  unwrap_offset_ms_ = t_ms - unwrapper_.unwrap(raw);  // t_ms >= raw: see last_ms_ >= last_raw_ms_
  return t_ms;
}

void HxmDecoder::emit_beat(std::uint64_t t_ms, bool after_gap, SteadyClock::time_point t_rx,
                           EventSink& sink) {
  DeviceBeat beat;
  beat.channel = hxm::kBeatChannel;
  beat.t_dev_us = static_cast<std::uint32_t>(t_ms * kUsPerMs);  // u32 µs device clock, wraps
  beat.t_rx = t_rx;
  if (after_gap) {
    beat.flags = kBeatAfterGap;
  } else if (t_ms - last_ms_ < kMinRrMs || t_ms - last_ms_ > kMaxRrMs) {
    // Not a heartbeat interval (a missed or extra detection): start a new series here rather
    // than hand on an interval that never was one.
    ++implausible_rr_;
    beat.flags = kBeatAfterGap;
  } else {
    beat.rr_us = static_cast<std::uint32_t>((t_ms - last_ms_) * kUsPerMs);
  }
  sink.emit(SensorEvent{beat});
  last_ms_ = t_ms;
}

void HxmDecoder::decode_packet(std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
                               EventSink& sink) {
  if (!described_) {
    sink.emit(SensorEvent{describe_device("Zephyr HxM BT", 0, t_rx)});
    described_ = true;
  }
  const std::uint8_t battery = p[hxm::kBatteryOffset];
  const std::uint8_t hr_bpm = p[hxm::kHeartRateOffset];
  const std::uint8_t beat_number = p[hxm::kBeatNumberOffset];
  std::array<std::uint16_t, hxm::kTimestampCount> ts{};  // [0] newest
  for (std::size_t i = 0; i < ts.size(); ++i) ts[i] = le16(p, hxm::kTimestampsOffset + 2 * i);

  const std::uint16_t distance = le16(p, hxm::kDistanceOffset);
  const std::uint16_t speed = le16(p, hxm::kSpeedOffset);
  motion_.valid = distance <= kMotionMaxRaw && speed <= kMotionMaxRaw;
  motion_.distance_m = distance * kDistanceMPerCount;
  motion_.speed_m_per_s = speed * kSpeedMPerSPerCount;
  motion_.strides = p[hxm::kStridesOffset];

  const double host_elapsed_ms =
      std::chrono::duration<double, std::milli>(t_rx - last_packet_rx_).count();
  last_packet_rx_ = t_rx;

  if (!have_series_) {
    // First packet: start with the newest beat only (§1.4). HR 0 means no beat was detected
    // lately, so the timestamps may be stale: wait for a packet with a heart rate.
    if (hr_bpm != 0) {
      unwrapper_.reset();
      unwrap_offset_ms_ = 0;
      emit_beat(unwrapper_.unwrap(ts[0]), true, t_rx, sink);
      have_series_ = true;
      last_beat_number_ = beat_number;
      last_raw_ms_ = ts[0];
    }
  } else if (const auto fresh = static_cast<std::uint8_t>(beat_number - last_beat_number_);
             fresh > 0) {
    // Up to 15 new beats continue the series: the oldest one's predecessor is our newest beat.
    // For fewer, the packet shows that predecessor too; if it disagrees (device reset, beat
    // number aliased after 256+ lost beats) the series cannot be trusted either.
    const bool lost = fresh > hxm::kTimestampCount ||
                      (fresh < hxm::kTimestampCount && ts[fresh] != last_raw_ms_);
    const std::size_t count = std::min<std::size_t>(fresh, hxm::kTimestampCount);
    if (lost) sink.emit(SensorEvent{GapEvent{0, 0, t_rx}});  // beats lost, packets unknown
    for (std::size_t k = count; k-- > 0;) {
      const bool first_after_gap = lost && k == count - 1;
      std::uint64_t t_ms = unwrap_ms(ts[k], first_after_gap ? std::optional<double>(host_elapsed_ms)
                                                            : std::nullopt);
      bool after_gap = first_after_gap;
      if (!after_gap && (t_ms <= last_ms_ || t_ms - last_ms_ >= kTimestampModulus / 2)) {
        // The u16 clock stepped backwards: re-anchor instead of inventing a long interval.
        t_ms = unwrap_ms(ts[k], host_elapsed_ms);
        after_gap = true;
      }
      emit_beat(t_ms, after_gap, t_rx, sink);
      last_raw_ms_ = ts[k];
    }
    last_beat_number_ = beat_number;
  }

  DeviceStatus status;
  status.contact_ok_mask = hr_bpm != 0 ? std::uint8_t{1u << hxm::kBeatChannel} : std::uint8_t{0};
  status.battery_pct = battery <= kBatteryMaxPct ? battery : std::uint8_t{255};
  status.t_dev_us = static_cast<std::uint32_t>(last_ms_ * kUsPerMs);
  status.t_rx = t_rx;
  sink.emit(SensorEvent{status});
}

}  // namespace resonant::drivers
