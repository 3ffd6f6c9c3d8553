#include <resonant/drivers/decoder_support.hpp>

#include <algorithm>
#include <cmath>

namespace resonant::drivers {
namespace {

/// Forwards to the link's publisher, counting measurement events for liveness.
class PublishingSink final : public EventSink {
 public:
  explicit PublishingSink(EventPublisher& publisher) : publisher_(publisher) {}
  void emit(SensorEvent&& event) override { publisher_.publish(std::move(event)); }

 private:
  EventPublisher& publisher_;
};

}  // namespace

std::string SerialSettings::describe() const {
  const char parity_letter = parity == Parity::kOdd ? 'O' : parity == Parity::kEven ? 'E' : 'N';
  return std::to_string(baud) + " 8" + parity_letter + "1";
}

ProtocolHandler::BytesResult DecodingHandler::on_bytes(std::span<const std::uint8_t> bytes,
                                                       SteadyClock::time_point t_rx,
                                                       EventPublisher& publisher,
                                                       AtomicLinkCounters& counters) {
  const DecoderStats before = decoder_stats();
  PublishingSink sink(publisher);
  BytesResult result;
  result.reply = decode(bytes, t_rx, sink);
  const DecoderStats& after = decoder_stats();
  constexpr auto r = std::memory_order_relaxed;
  counters.frames.fetch_add(after.frames - before.frames, r);
  counters.crc_errors.fetch_add(after.crc_errors - before.crc_errors, r);
  counters.framing_errors.fetch_add(after.framing_errors - before.framing_errors, r);
  counters.seq_gaps.fetch_add(after.frames_lost - before.frames_lost, r);
  result.frames = static_cast<std::size_t>(after.frames - before.frames);
  result.data_frames = static_cast<std::size_t>(after.data_frames - before.data_frames);
  return result;
}

SampleBlocker::SampleBlocker(std::uint8_t channel, double rate_hz, std::size_t block_samples)
    : rate_hz_(rate_hz),
      block_samples_(std::clamp<std::size_t>(block_samples, 1, kMaxSamplesPerBlock)) {
  block_.channel = channel;
}

void SampleBlocker::push(float value, std::uint32_t t_dev_us, SteadyClock::time_point t_rx,
                         EventSink& sink, std::uint8_t flags) {
  if (block_.count > 0) {
    // Unsigned difference: correct across the u32 wrap.
    const auto off = static_cast<std::int32_t>(t_dev_us - next_t_us_);
    const double half_period_us = 0.5e6 / rate_hz_;
    if (std::abs(static_cast<double>(off)) > half_period_us || flags != block_.flags) flush(sink);
  }
  if (block_.count == 0) {
    block_.t_dev_us = t_dev_us;
    block_.t_rx = t_rx;
    block_.flags = flags;
  }
  block_.values[block_.count++] = value;
  // Expected time of the next sample, from the block's start (no accumulated rounding).
  next_t_us_ = block_.t_dev_us +
               static_cast<std::uint32_t>(std::llround(block_.count * 1e6 / rate_hz_));
  block_.t_rx = t_rx;  // the newest sample's arrival
  if (block_.count >= block_samples_) flush(sink);
}

void SampleBlocker::flush(EventSink& sink) {
  if (block_.count == 0) return;
  sink.emit(SensorEvent{block_});
  block_.count = 0;
}

void emit_frames_lost(std::uint64_t lost, SteadyClock::time_point t_rx, SampleBlocker& blocker,
                      EventSink& sink, DecoderStats& stats) {
  blocker.flush(sink);
  GapEvent gap;
  gap.frames_lost = lost;
  gap.t_rx = t_rx;
  sink.emit(SensorEvent{gap});
  stats.frames_lost += lost;
}

DeviceInfo describe_device(std::string_view name, std::uint8_t channel_count,
                           SteadyClock::time_point t_rx) {
  DeviceInfo info;
  info.channel_count = channel_count;
  info.name.assign(name);
  info.t_rx = t_rx;
  return info;
}

ChannelInfo describe_channel(std::uint8_t channel, ChannelKind kind, double rate_hz,
                             std::uint8_t adc_bits, std::string_view name,
                             SteadyClock::time_point t_rx) {
  ChannelInfo info;
  info.channel = channel;
  info.kind = kind;
  info.rate_hz = rate_hz;
  info.adc_bits = adc_bits;
  info.name.assign(name);
  info.t_rx = t_rx;
  return info;
}

void NoteLog::add(std::string text) {
  if (notes_.size() >= kCapacity) notes_.erase(notes_.begin());
  notes_.push_back(std::move(text));
  undelivered_ = std::min(undelivered_ + 1, notes_.size());
}

std::vector<std::string> NoteLog::take_new() {
  std::vector<std::string> out(notes_.end() - static_cast<std::ptrdiff_t>(undelivered_), notes_.end());
  undelivered_ = 0;
  return out;
}

std::uint64_t CounterUnwrapper::unwrap(std::uint64_t raw) {
  raw %= modulus_;
  if (!started_) {
    started_ = true;
    base_ = 0;
  } else if (raw < last_raw_ && last_raw_ - raw > modulus_ / 2) {
    base_ += modulus_;
  }
  last_raw_ = raw;
  return base_ + raw;
}

}  // namespace resonant::drivers
