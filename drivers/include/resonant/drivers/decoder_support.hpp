#pragma once
// Shared pieces of the device decoders (one per protocol, see protocol_catalog()):
//  - EventSink: where a pure decoder puts the SensorEvents it decoded (the link's
//    EventPublisher in the product, a vector in tests);
//  - DecoderStats: the counters every decoder keeps, mapped onto the link counters;
//  - DecodingHandler: the ProtocolHandler plumbing (counters, liveness) around a decoder;
//  - SampleBlocker: cuts a stream of samples into SampleBlocks with device times;
//  - describe_device()/describe_channel(): the DeviceInfo/ChannelInfo a decoder announces
//    before its first data, so the engine knows the channels.
//
// Every decoder here is pure: bytes and a host receive time in, events out; no I/O, no clock.
// Threading contract: not synchronised; one owner (the I/O thread of its link, or a test).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/drivers/protocol_handler.hpp>
#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

/// Receives decoded events in order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void emit(SensorEvent&& event) = 0;
};

/// Collects events (tests, probing).
class CollectingSink final : public EventSink {
 public:
  void emit(SensorEvent&& event) override { events.push_back(std::move(event)); }
  std::vector<SensorEvent> events;
};

/// Plain-words notes of a decoder or handler (a refused command, a peripheral that came or
/// went), newest last, at most kCapacity kept. take_new() hands each note out once, for the
/// link's messages (ProtocolHandler::take_notices).
/// Threading contract: not synchronised; one owner (the decoder's or handler's thread).
class NoteLog {
 public:
  static constexpr std::size_t kCapacity = 16;
  void add(std::string text);
  const std::vector<std::string>& all() const { return notes_; }
  /// The notes added since the last call, oldest first (those dropped by the cap are lost).
  std::vector<std::string> take_new();

 private:
  std::vector<std::string> notes_;
  std::size_t undelivered_ = 0;  // how many of the newest notes were not taken yet
};

/// Counters of one decoder since its construction (reset() does not clear them).
struct DecoderStats {
  std::uint64_t frames = 0;          // frames that passed framing and checksum
  std::uint64_t data_frames = 0;     // of those, frames carrying measurements (liveness)
  std::uint64_t crc_errors = 0;      // rejected by a checksum
  std::uint64_t framing_errors = 0;  // bad sync/length/terminator, undecodable payload, bytes
                                     // skipped while resynchronising (counted once per skip run)
  std::uint64_t frames_lost = 0;     // from sequence numbers / counters (0 when unknown)
};

/// A ProtocolHandler around a pure decoder: subclasses decode into the sink and keep
/// DecoderStats; this base turns them into link counters and the liveness count.
class DecodingHandler : public ProtocolHandler {
 public:
  BytesResult on_bytes(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                       EventPublisher& publisher, AtomicLinkCounters& counters) final;
  std::optional<std::string> fatal_error() const override { return std::nullopt; }

 protected:
  /// Decodes bytes, emitting events into sink. May return bytes to send (answers, the next
  /// command of a start-up sequence).
  virtual std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes,
                                           SteadyClock::time_point t_rx, EventSink& sink) = 0;
  virtual const DecoderStats& decoder_stats() const = 0;
};

/// Cuts one channel's samples into SampleBlocks of block_samples (<= kMaxSamplesPerBlock)
/// with the device time of each block's first sample. A device-time jump of more than half a
/// sample period from the expected next sample starts a new block.
class SampleBlocker {
 public:
  SampleBlocker(std::uint8_t channel, double rate_hz, std::size_t block_samples);

  /// Adds one sample taken at device time t_dev_us (u32 microseconds, wraps). Emits a block
  /// when it is full.
  void push(float value, std::uint32_t t_dev_us, SteadyClock::time_point t_rx, EventSink& sink,
            std::uint8_t flags = 0);
  /// Emits what is pending (e.g. at the end of a device packet).
  void flush(EventSink& sink);
  /// Drops what is pending (after a gap or reset).
  void clear() { block_.count = 0; }

  double rate_hz() const { return rate_hz_; }

 private:
  SampleBlock block_{};
  double rate_hz_;
  std::size_t block_samples_;
  std::uint32_t next_t_us_ = 0;
};

/// Whole frames went missing (a sequence counter jumped, or bytes were skipped while
/// resynchronising): what is pending in `blocker` goes out first, so events stay in device-time
/// order, then a GapEvent with frames_lost; the loss is counted in stats.frames_lost.
void emit_frames_lost(std::uint64_t lost, SteadyClock::time_point t_rx, SampleBlocker& blocker,
                      EventSink& sink, DecoderStats& stats);

/// The identity a non-RSP device announces (protocol version 0.0: not RSP).
DeviceInfo describe_device(std::string_view name, std::uint8_t channel_count,
                           SteadyClock::time_point t_rx);
/// One waveform channel. physical = raw * scale + offset (the decoder usually emits physical
/// values already, with scale 1 and offset 0).
ChannelInfo describe_channel(std::uint8_t channel, ChannelKind kind, double rate_hz,
                             std::uint8_t adc_bits, std::string_view name,
                             SteadyClock::time_point t_rx);

/// Extends a device counter of `bits` bits that wraps (e.g. a 16-bit millisecond clock) into
/// a monotonic 64-bit count. A step backwards of more than half the range counts as a wrap.
class CounterUnwrapper {
 public:
  explicit CounterUnwrapper(unsigned bits) : modulus_(std::uint64_t{1} << bits) {}
  std::uint64_t unwrap(std::uint64_t raw);
  void reset() { started_ = false; }

 private:
  std::uint64_t modulus_;
  std::uint64_t last_raw_ = 0;
  std::uint64_t base_ = 0;
  bool started_ = false;
};

}  // namespace resonant::drivers
