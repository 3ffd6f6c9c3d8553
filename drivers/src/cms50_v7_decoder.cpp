// CMS50 Variant B (V7.0) real-time packets (wire layout in cms50_decoders.hpp). Experimental:
// only the fields two implementations agree on are used.
#include <resonant/drivers/cms50_decoders.hpp>

namespace resonant::drivers {
namespace {
constexpr std::uint8_t kPlethBits = 7;
constexpr std::uint8_t kSevenBits = 0x7F;
// 0 and 127 (all data bits set) are what the device sends for "no reading".
bool valid_reading(unsigned v) { return v != 0 && v != kSevenBits; }
}  // namespace

void Cms50V7Decoder::reset() {
  have_ = 0;
  state_ = State::kIdle;
  skipped_ = 0;
  started_ = false;
  packet_index_ = 0;
  pulse_rate_bpm_.reset();
  spo2_pct_.reset();
  blocker_.clear();
  beats_.reset();
}

void Cms50V7Decoder::skip(std::size_t n) {
  if (n == 0) return;
  if (skipped_ == 0) ++stats_.framing_errors;
  skipped_ += n;
}

void Cms50V7Decoder::start(std::uint8_t type_byte) {
  if (type_byte == kTypeRealTime) {
    state_ = State::kRealTime;
    packet_[0] = type_byte;
    have_ = 1;
  } else {
    // Another packet type (answers to commands): its length is not needed, it ends at the
    // next byte with bit 7 clear.
    state_ = State::kOther;
    ++other_packets_;
  }
}

void Cms50V7Decoder::decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                            EventSink& sink) {
  for (const std::uint8_t b : bytes) {
    if (!(b & kBit7)) {
      if (state_ == State::kRealTime) skip(have_);  // truncated real-time packet
      start(b);
      continue;
    }
    switch (state_) {
      case State::kIdle: skip(1); break;
      case State::kOther: break;
      case State::kRealTime:
        packet_[have_++] = b;
        if (have_ == kRealTimeBytes) {
          on_packet(t_rx, sink);
          state_ = State::kIdle;
          have_ = 0;
        }
        break;
    }
  }
}

void Cms50V7Decoder::on_packet(SteadyClock::time_point t_rx, EventSink& sink) {
  ++stats_.frames;
  ++stats_.data_frames;
  if (!started_) {
    sink.emit(SensorEvent{describe_device("Contec CMS50 (V7.0)", 1, t_rx)});
    sink.emit(SensorEvent{describe_channel(kCms50PpgChannel, ChannelKind::kPpg, kCms50SampleRateHz,
                                           kPlethBits, "pleth", t_rx)});
    started_ = true;
  } else if (skipped_ > 0) {
    const std::uint64_t lost = (skipped_ + kRealTimeBytes - 1) / kRealTimeBytes;
    emit_frames_lost(lost, t_rx, blocker_, sink, stats_);
    packet_index_ += lost;
    beats_.break_chain();
  }
  skipped_ = 0;

  const unsigned pr = packet_[kPulseRateByte] & kSevenBits;
  const unsigned spo2 = packet_[kSpo2Byte] & kSevenBits;
  pulse_rate_bpm_ = valid_reading(pr) ? std::optional<unsigned>(pr) : std::nullopt;
  spo2_pct_ = valid_reading(spo2) ? std::optional<unsigned>(spo2) : std::nullopt;

  const auto t_us = static_cast<std::uint32_t>(cms50_packet_time_us(packet_index_));
  blocker_.push(static_cast<float>(packet_[kPlethByte] & kSevenBits), t_us, t_rx, sink);
  beats_.push((packet_[kStatusByte] & kBeatMarker) != 0, /*usable=*/true, packet_index_, t_rx,
              sink);
  ++packet_index_;
}

}  // namespace resonant::drivers
