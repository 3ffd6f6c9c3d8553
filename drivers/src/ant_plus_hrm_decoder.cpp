#include <resonant/drivers/ant_plus_hrm_decoder.hpp>

#include <chrono>

namespace resonant::drivers {
namespace {

// §3.5 byte positions in the broadcast payload.
constexpr std::size_t kPageByte = 0;
constexpr std::uint8_t kToggleBit = 0x80;
constexpr std::uint8_t kPageMask = 0x7F;  // not 0x0F as openant does (§3.5)
constexpr std::size_t kEventTimeLo = 4;
constexpr std::size_t kEventTimeHi = 5;
constexpr std::size_t kBeatCountByte = 6;
constexpr std::size_t kHeartRateByte = 7;

// Pages (§3.5).
constexpr std::uint8_t kPageManufacturer = 2;
constexpr std::uint8_t kPageProduct = 3;
constexpr std::uint8_t kPagePreviousBeat = 4;
constexpr std::uint8_t kPageBattery = 7;
constexpr std::uint8_t kBatteryUnknown = 0xFF;
constexpr std::uint8_t kMaxBatteryPct = 100;

constexpr std::uint64_t kEventTimeModulus = 1u << 16;  // u16 in 1/1024 s: 64 s
constexpr double kTicksPerSecond = 1024.0;
// Beyond half the event-time span the 16-bit difference may have wrapped more than once.
constexpr auto kMaxHostGapBetweenBeats = std::chrono::seconds(32);

/// 1/1024 s ticks -> µs, rounded (1e6/1024 = 15625/16 exactly), truncated to the u32 clock.
std::uint32_t ticks_to_us(std::uint64_t ticks) {
  return static_cast<std::uint32_t>((ticks * 15625u + 8u) / 16u);
}

std::uint16_t u16_at(std::span<const std::uint8_t, 8> d, std::size_t lo) {
  return static_cast<std::uint16_t>(d[lo] | (d[lo + 1] << 8));  // d5<<8 | d4, not d5<<d4 (§3.6)
}

}  // namespace

void AntHrmDecoder::reset() {
  const Stats keep = stats_;
  *this = AntHrmDecoder{};
  stats_ = keep;
}

void AntHrmDecoder::decode(std::span<const std::uint8_t, 8> d, SteadyClock::time_point t_rx,
                           EventSink& sink) {
  ++stats_.messages;
  if (!described_) {
    sink.emit(SensorEvent{describe_device("ANT+ heart-rate strap", 0, t_rx)});
    described_ = true;
  }
  // A glitch seen on one receiver stack: all beat fields 0xFF (§3.6). Nothing in it is real.
  if (d[kEventTimeLo] == 0xFF && d[kEventTimeHi] == 0xFF && d[kBeatCountByte] == 0xFF &&
      d[kHeartRateByte] == 0xFF) {
    ++stats_.glitches;
    return;
  }
  track_toggle(d[kPageByte]);
  on_new_beats(d, t_rx, sink);
  if (paging_confirmed_) decode_page(d);
  update_status(d[kHeartRateByte] != 0, t_rx, sink);
}

void AntHrmDecoder::track_toggle(std::uint8_t d0) {
  const bool toggle = (d0 & kToggleBit) != 0;
  if (!first_toggle_) {
    first_toggle_ = toggle;
  } else if (toggle != *first_toggle_) {
    paging_confirmed_ = true;  // seen both values: a paging strap, d0..d3 are meaningful
  }
}

void AntHrmDecoder::on_new_beats(std::span<const std::uint8_t, 8> d, SteadyClock::time_point t_rx,
                                 EventSink& sink) {
  const std::uint16_t evt = u16_at(d, kEventTimeLo);
  const std::uint8_t count = d[kBeatCountByte];
  if (!have_last_) {
    have_last_ = true;
    last_count_ = count;
    last_evt_ = evt;
    ticks_ = evt;
    last_beat_rx_ = t_rx;
    gap_pending_ = false;
    emit_beat(ticks_, /*after_gap=*/true, t_rx, sink);  // nothing known before it
    return;
  }
  if (count == last_count_) return;  // the same beat repeated at 4 Hz
  const auto n = static_cast<std::uint8_t>(count - last_count_);
  std::uint64_t dt = static_cast<std::uint16_t>(evt - last_evt_);
  const auto host_gap = t_rx - last_beat_rx_;
  const bool long_absence = host_gap > kMaxHostGapBetweenBeats;
  bool after_gap = gap_pending_ || long_absence;
  if (long_absence) {
    // The event time may have wrapped more than once: take the whole wraps from host time.
    const double host_ticks = std::chrono::duration<double>(host_gap).count() * kTicksPerSecond;
    const double wraps = (host_ticks - static_cast<double>(dt)) / kEventTimeModulus;
    if (wraps > 0.5) dt += kEventTimeModulus * static_cast<std::uint64_t>(wraps + 0.5);
  }
  gap_pending_ = false;
  const std::uint64_t new_ticks = ticks_ + dt;
  last_count_ = count;
  last_evt_ = evt;
  last_beat_rx_ = t_rx;

  const bool page4 = paging_confirmed_ && (d[kPageByte] & kPageMask) == kPagePreviousBeat;
  if (!after_gap && page4 && n > 1) {
    const std::uint16_t prev_evt = u16_at(d, 2);
    const std::uint64_t dprev = static_cast<std::uint16_t>(evt - prev_evt);
    if (dprev > 0 && dprev < dt) {
      // The strap's previous beat lies between our last beat and this one: time it exactly.
      ++stats_.page4_recovered;
      if (n > 2) emit_gap(n - 2u, t_rx, sink);
      emit_beat(new_ticks - dprev, /*after_gap=*/n > 2, t_rx, sink);
      emit_beat(new_ticks, false, t_rx, sink);
      ticks_ = new_ticks;
      return;
    }
    ++stats_.page4_mismatch;
  } else if (page4 && n == 1 && static_cast<std::uint16_t>(evt - u16_at(d, 2)) != dt) {
    ++stats_.page4_mismatch;  // our own last beat is what we measured: keep the count rule
  }
  if (n > 1 || after_gap) {
    // After a long absence the 8-bit count may have wrapped: how many were missed is unknown.
    emit_gap(long_absence ? 0 : n - 1u, t_rx, sink);
    after_gap = true;
  }
  emit_beat(new_ticks, after_gap, t_rx, sink);
  ticks_ = new_ticks;
}

void AntHrmDecoder::emit_beat(std::uint64_t ticks, bool after_gap, SteadyClock::time_point t_rx,
                              EventSink& sink) {
  DeviceBeat beat;
  beat.channel = kBeatChannel;
  beat.t_dev_us = ticks_to_us(ticks);
  beat.t_rx = t_rx;
  if (!after_gap && have_emitted_) {
    const std::uint32_t rr_us = beat.t_dev_us - last_beat_us_;  // u32 wrap-safe
    if (rr_us >= kMinRrUs && rr_us <= kMaxRrUs) {
      beat.rr_us = rr_us;
    } else {
      ++stats_.implausible_rr;
      after_gap = true;
    }
  }
  if (after_gap || !have_emitted_) beat.flags |= kBeatAfterGap;
  if (!contact_ && status_sent_) beat.flags |= kBeatNoContact;
  have_emitted_ = true;
  last_beat_us_ = beat.t_dev_us;
  ++stats_.beats;
  sink.emit(SensorEvent{beat});
}

void AntHrmDecoder::emit_gap(std::uint64_t beats_missed, SteadyClock::time_point t_rx,
                             EventSink& sink) {
  stats_.beats_missed += beats_missed;
  GapEvent gap;
  gap.frames_lost = beats_missed;  // for this protocol: beats the strap counted, we did not see
  gap.t_rx = t_rx;
  sink.emit(SensorEvent{gap});
}

void AntHrmDecoder::decode_page(std::span<const std::uint8_t, 8> d) {
  switch (d[kPageByte] & kPageMask) {
    case kPageManufacturer:
      identity_.manufacturer_id = d[1];
      identity_.serial_upper16 = u16_at(d, 2);
      break;
    case kPageProduct:
      identity_.hardware_version = d[1];
      identity_.software_version = d[2];
      identity_.model_number = d[3];
      break;
    case kPageBattery:
      // d1 = level in %, 0xFF when the strap does not report it [V-1].
      if (d[1] <= kMaxBatteryPct && d[1] != battery_pct_) {
        battery_pct_ = d[1];
        status_dirty_ = true;
      } else if (d[1] == kBatteryUnknown && battery_pct_ != 255) {
        battery_pct_ = 255;
        status_dirty_ = true;
      }
      break;
    default:
      break;
  }
}

void AntHrmDecoder::update_status(bool contact, SteadyClock::time_point t_rx, EventSink& sink) {
  if (status_sent_ && contact == contact_ && !status_dirty_) return;
  contact_ = contact;
  status_sent_ = true;
  status_dirty_ = false;
  DeviceStatus st;
  st.contact_ok_mask = contact ? static_cast<std::uint8_t>(1u << kBeatChannel) : 0;
  st.battery_pct = battery_pct_;
  st.t_dev_us = ticks_to_us(ticks_);
  st.t_rx = t_rx;
  sink.emit(SensorEvent{st});
}

}  // namespace resonant::drivers
