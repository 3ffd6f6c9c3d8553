// CMS50 Variant A: 5-byte packets with a bit-7 sync (wire layout in cms50_decoders.hpp).
#include <resonant/drivers/cms50_decoders.hpp>

namespace resonant::drivers {
namespace {
constexpr std::uint8_t kPlethBits = 7;
constexpr std::uint8_t kSevenBits = 0x7F;
}  // namespace

void Cms50LegacyDecoder::reset() {
  have_ = 0;
  skipped_ = 0;
  started_ = false;
  packet_index_ = 0;
  contact_ok_.reset();
  pulse_rate_bpm_.reset();
  spo2_pct_.reset();
  clean_run_ = 0;
  blocker_.clear();
  beats_.reset();
}

void Cms50LegacyDecoder::skip(std::size_t n) {
  if (n == 0) return;
  if (skipped_ == 0) ++stats_.framing_errors;  // once per run of skipped bytes
  skipped_ += n;
  clean_run_ = 0;
}

void Cms50LegacyDecoder::decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                EventSink& sink) {
  for (const std::uint8_t b : bytes) {
    if (b & kSync) {
      skip(have_);  // a sync byte before the packet was complete: restart here
      packet_[0] = b;
      have_ = 1;
    } else if (have_ == 0) {
      skip(1);
    } else {
      packet_[have_++] = b;
      if (have_ == kPacketBytes) {
        on_packet(t_rx, sink);
        have_ = 0;
      }
    }
  }
}

void Cms50LegacyDecoder::on_packet(SteadyClock::time_point t_rx, EventSink& sink) {
  ++stats_.frames;
  ++stats_.data_frames;
  ++clean_run_;
  if (!started_) {
    sink.emit(SensorEvent{describe_device("Contec CMS50 (legacy)", 1, t_rx)});
    sink.emit(SensorEvent{describe_channel(kCms50PpgChannel, ChannelKind::kPpg, kCms50SampleRateHz,
                                           kPlethBits, "pleth", t_rx)});
    started_ = true;
  } else if (skipped_ > 0) {
    // Skipped bytes inside the stream: whole packets went missing (no counter to tell how
    // many, so estimate from the bytes, rounding up).
    const std::uint64_t lost = (skipped_ + kPacketBytes - 1) / kPacketBytes;
    emit_frames_lost(lost, t_rx, blocker_, sink, stats_);
    packet_index_ += lost;
    beats_.break_chain();
  }
  skipped_ = 0;

  const std::uint8_t b0 = packet_[0];
  const std::uint8_t b2 = packet_[2];
  const unsigned pr = ((b2 & kPulseRateBit7) << 1) | (packet_[3] & kSevenBits);
  const unsigned spo2 = packet_[4] & kSevenBits;
  pulse_rate_bpm_ = pr == kInvalidPulseRate ? std::nullopt : std::optional<unsigned>(pr);
  spo2_pct_ = spo2 == kInvalidSpo2 ? std::nullopt : std::optional<unsigned>(spo2);

  const bool contact =
      !(b0 & kSearchingTooLong) && !(b2 & (kSearchingForPulse | kProbeError));
  const auto t_us = static_cast<std::uint32_t>(cms50_packet_time_us(packet_index_));
  if (contact_ok_ != contact) {
    blocker_.flush(sink);  // keep events in device-time order
    DeviceStatus status;
    status.contact_ok_mask = contact ? std::uint8_t{1u << kCms50PpgChannel} : std::uint8_t{0};
    status.t_dev_us = t_us;
    status.t_rx = t_rx;
    sink.emit(SensorEvent{status});
    contact_ok_ = contact;
  }
  blocker_.push(static_cast<float>(packet_[1] & kSevenBits), t_us, t_rx, sink,
                contact ? std::uint8_t{0} : std::uint8_t{RSP_SF_NO_CONTACT});
  beats_.push((b0 & kPulseBeep) != 0, contact, packet_index_, t_rx, sink);
  ++packet_index_;
}

}  // namespace resonant::drivers
